"""The caseload dashboard: aggregates by status, wish, pathway and deadline, now and over time."""

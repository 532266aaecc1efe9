"""The tamper-evident audit trail: an append-only hash chain of events."""

"""PostgreSQL with the audit guard kept across `flush`."""

"""Database backends that keep the audit guard in place across `flush`."""

"""`flush` empties every table: the audit guard is lifted for it and put back in the same run."""

from __future__ import annotations

from typing import Any

from safepassage.core.db.triggers import APPEND_ONLY_TABLES, create_statements, drop_statements


class GuardedFlushMixin:
    """A database reset (the owner's `flush`, used between tests) drops and restores the triggers."""

    connection: Any

    def sql_flush(self, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = super().sql_flush(style, tables, **kwargs)  # type: ignore[misc]
        if not statements or not set(APPEND_ONLY_TABLES) & set(tables):
            return statements
        vendor = self.connection.vendor
        return [*drop_statements(vendor), *statements, *create_statements(vendor)]

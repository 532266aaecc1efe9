"""Database sessions that name their own row to PostgreSQL's row-level security (core.rls).

Each query of the store first says which session key it holds; the policy on `django_session`
shows a request that row and no other, so the application role cannot list the sessions of others.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db

from safepassage.core.rls import SYSTEM, database_context, session_row


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        with session_row(self.session_key):
            return super()._get_session_from_db()

    def exists(self, session_key: str) -> bool:
        with session_row(session_key):
            return super().exists(session_key)

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            self.create()
            return
        with session_row(self.session_key):
            super().save(must_create=must_create)

    def delete(self, session_key: str | None = None) -> None:
        with session_row(session_key if session_key is not None else self.session_key):
            super().delete(session_key)

    @classmethod
    def clear_expired(cls) -> None:
        with database_context(SYSTEM):
            super().clear_expired()

"""Django's PostgreSQL backend whose flush keeps the audit tables append-only."""

from django.db.backends.postgresql import base
from django.db.backends.postgresql.operations import DatabaseOperations as _Operations

from safepassage.core.db.flush import GuardedFlushMixin


class DatabaseOperations(GuardedFlushMixin, _Operations):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

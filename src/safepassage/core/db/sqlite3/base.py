"""Django's SQLite backend whose flush keeps the audit tables append-only."""

from django.db.backends.sqlite3 import base
from django.db.backends.sqlite3.operations import DatabaseOperations as _Operations

from safepassage.core.db.flush import GuardedFlushMixin


class DatabaseOperations(GuardedFlushMixin, _Operations):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

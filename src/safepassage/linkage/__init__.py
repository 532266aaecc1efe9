"""Record linkage across scripts on Splink: reconcile two lists, deduplicate one."""

from safepassage.linkage.backends import Backend, DuckDBBackend, SparkBackend, backend_named
from safepassage.linkage.dedupe import Deduplication, deduplicate
from safepassage.linkage.errors import InputError, InputWarning
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import Reconciliation, reconcile
from safepassage.linkage.records import PersonList, read_people

__all__ = [
    "Backend",
    "Deduplication",
    "DuckDBBackend",
    "InputError",
    "InputWarning",
    "Model",
    "PersonList",
    "Reconciliation",
    "SparkBackend",
    "backend_named",
    "deduplicate",
    "read_people",
    "reconcile",
]

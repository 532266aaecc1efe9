"""Record linkage across scripts on Splink: reconcile two lists, deduplicate one."""

from safepassage.linkage.backends import Backend, DuckDBBackend, SparkBackend, backend_named
from safepassage.linkage.dedupe import Deduplication, deduplicate
from safepassage.linkage.errors import InputError, InputWarning
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import Reconciliation, reconcile
from safepassage.linkage.records import PersonList, read_people
from safepassage.linkage.sparkconf import SparkSettings, environment_settings
from safepassage.linkage.writing import neutralise

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
    "SparkSettings",
    "backend_named",
    "deduplicate",
    "environment_settings",
    "neutralise",
    "read_people",
    "reconcile",
]

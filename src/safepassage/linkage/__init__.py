"""Record linkage across scripts on Splink: reconcile two lists, deduplicate one.

This package's public API is what it exports here; the applications import nothing else of it
(tests/project/test_layering.py holds them to that). Besides the commands' entry points, it
offers what linking against a registry too large to read whole needs: a row table read as a
list read once (`people_from_rows`, `table_rows` and its limits) or made of typed records
(`PersonRecord`, `people_from_records`), the blocking tokens a person is found by
(`blocking_tokens`, `searched`, the token kinds `KEY` and `UNIT`, `unit_key`), the figures of
the whole population the scores read (`Population`), and a reconciliation of two lists run in a
child process (`reconcile_lists_apart`).
"""

from safepassage.linkage.apart import reconcile_lists_apart
from safepassage.linkage.backends import Backend, DuckDBBackend, SparkBackend, backend_named
from safepassage.linkage.blocking import date_blocks_alone, unit_blocks_alone
from safepassage.linkage.candidates import KEY, UNIT, Population, blocking_tokens, searched
from safepassage.linkage.dates import BadDate, BirthDate, parse_birth_date
from safepassage.linkage.dedupe import Deduplication, deduplicate
from safepassage.linkage.engine import score_dedupe
from safepassage.linkage.errors import InputError, InputWarning
from safepassage.linkage.features import record_features, unit_key
from safepassage.linkage.model import Model
from safepassage.linkage.reconcile import Reconciliation, reconcile
from safepassage.linkage.records import (
    PersonList,
    PersonRecord,
    people_from_records,
    people_from_rows,
    read_people,
)
from safepassage.linkage.sparkconf import SparkSettings, environment_settings
from safepassage.linkage.tables import Limits, check_size, is_xlsx, precheck, table_rows
from safepassage.linkage.writing import neutralise

__all__ = [
    "KEY",
    "UNIT",
    "BadDate",
    "Backend",
    "BirthDate",
    "Deduplication",
    "DuckDBBackend",
    "InputError",
    "InputWarning",
    "Limits",
    "Model",
    "PersonList",
    "PersonRecord",
    "Population",
    "Reconciliation",
    "SparkBackend",
    "SparkSettings",
    "backend_named",
    "blocking_tokens",
    "check_size",
    "date_blocks_alone",
    "deduplicate",
    "environment_settings",
    "is_xlsx",
    "neutralise",
    "parse_birth_date",
    "people_from_records",
    "people_from_rows",
    "precheck",
    "read_people",
    "reconcile",
    "record_features",
    "score_dedupe",
    "reconcile_lists_apart",
    "searched",
    "table_rows",
    "unit_blocks_alone",
    "unit_key",
]

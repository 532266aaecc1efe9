"""Fail CI when the PostgreSQL pass ran no test, or when any browser or database test was skipped.

A database test skipped on SQLite counts as run when the PostgreSQL pass ran it and it passed
(a check that exists only on PostgreSQL, such as TRUNCATE being refused).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET  # noqa: S405 (our own pytest report)
from pathlib import Path


def cases(report: Path) -> list[ET.Element]:
    if not report.exists():
        sys.exit(f"CI: {report} is missing: that test pass did not run.")
    return list(ET.parse(report).getroot().iter("testcase"))  # noqa: S314


def name_of(case: ET.Element) -> str:
    """classname::name, without the `@group` that `--dist loadgroup` appends to a grouped test's name."""
    name = case.get("name") or ""
    if name.rfind("@") > name.rfind("]"):
        name = name[: name.rfind("@")]
    return f"{case.get('classname')}::{name}"


# The documented PostgreSQL set-up from a blank server (owner + application role, row-level
# security that the application role cannot forge): CI fails unless these passed on PostgreSQL.
REQUIRED_ON_POSTGRES = (
    "test_the_owner_migrates_and_the_app_role_runs_the_demo_and_a_backup_under_row_level_security",
    "test_db_roles_create_names_the_missing_createrole_privilege_without_a_traceback",
    "test_the_application_role_gets_no_context_by_any_means_a_sql_connection_has",
)


def main(sqlite_report: str, postgres_report: str) -> None:
    problems = []
    reports = {
        Path(sqlite_report): cases(Path(sqlite_report)),
        Path(postgres_report): cases(Path(postgres_report)),
    }
    ran_on_postgres = {
        name_of(c) for c in reports[Path(postgres_report)]
        if c.find("skipped") is None and c.find("failure") is None and c.find("error") is None
    }  # fmt: skip
    for path, found in reports.items():
        if not found:
            problems.append(f"{path}: no test ran")
        for case in found:
            skipped = case.find("skipped")
            required = ".app." in f".{case.get('classname')}." or "browser" in name_of(case)
            if skipped is None or not required:
                continue
            if path == Path(sqlite_report) and name_of(case) in ran_on_postgres:
                continue
            problems.append(f"{path}: {name_of(case)} was skipped: {skipped.get('message')}")
    for required_test in REQUIRED_ON_POSTGRES:
        if not any(name.endswith("::" + required_test) for name in ran_on_postgres):
            problems.append(f"{postgres_report}: {required_test} did not pass on PostgreSQL")
    if problems:
        sys.exit("CI: required tests did not run:\n  " + "\n  ".join(problems))
    print("CI: the PostgreSQL pass and the browser tests all ran.")


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""The committed API reference (docs/api.md, docs/api/openapi.yaml) is the schema the server serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from safepassage.ops import apidocs

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_the_committed_api_reference_is_up_to_date_with_the_schema() -> None:
    assert [] == apidocs.stale_files(DOCS), "Run `make api-docs` and commit docs/api.md and docs/api/"


@pytest.mark.django_db
def test_the_committed_schema_is_what_the_server_serves(client: Any) -> None:
    served = client.get("/api/v1/schema/")
    assert 200 == served.status_code
    assert (DOCS / apidocs.SCHEMA_FILE).read_text(encoding="utf-8") == served.content.decode("utf-8")


def test_each_operation_names_the_roles_of_its_permission() -> None:
    assert ("protection.interview.record", ["caseworker", "neutral_monitor"]) == apidocs.roles_for(
        "/api/v1/persons/{id}/interviews/", "post"
    )
    assert ("person.identity.read", ["caseworker", "legal_officer", "neutral_monitor (after step-up)"]) == (
        apidocs.roles_for("/api/v1/persons/{id}/names/", "get")
    )
    schema = apidocs.schema_document()
    for path, item in schema["paths"].items():
        for method in set(item) & set(apidocs.METHODS):
            permission, roles = apidocs.roles_for(path, method)
            assert permission and roles, f"{method.upper()} {path} declares no permission anyone holds"


def test_a_stale_reference_is_reported(tmp_path: Path) -> None:
    apidocs.write_files(tmp_path)
    assert [] == apidocs.stale_files(tmp_path)
    (tmp_path / apidocs.MARKDOWN_FILE).write_text("# old\n", encoding="utf-8")
    assert [str(tmp_path / apidocs.MARKDOWN_FILE)] == apidocs.stale_files(tmp_path)

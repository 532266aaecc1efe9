"""Views and APIs reach sensitive rows only through `for_user(user)`: a bare `.objects.` fails here."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "safepassage"
# Models that hold no personal data: their managers may be used directly in a view.
UNSCOPED_OK = frozenset({"AuditEvent", "AuditCheckpoint", "AuditHead", "Unit", "Group"})
ERR = "{path}:{line}: `{expr}.{manager}.{method}` in a view; start with `.objects.for_user(request.user)`."


def view_modules() -> list[Path]:
    found = []
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).parts
        if path.stem in {"views", "api"} or any(p in {"views", "api"} for p in parts[:-1]):
            found.append(path)
    return sorted(found)


def bare_querysets(source: str, path: str) -> list[str]:
    """Every `<expr>.objects.<method>` whose first method is not `for_user`."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)):
            continue
        manager = node.value
        if manager.attr not in {"objects", "_base_manager", "_default_manager"}:
            continue
        owner = ast.unparse(manager.value)
        if node.attr == "for_user" or owner in UNSCOPED_OK:
            continue
        problems.append(
            ERR.format(path=path, line=node.lineno, expr=owner, manager=manager.attr, method=node.attr)
        )
    return problems


def test_no_view_or_api_module_queries_a_sensitive_model_without_for_user() -> None:
    modules = view_modules()
    assert len(modules) >= 4, "the scan found too few view modules: has the layout changed?"
    problems = [
        p for m in modules for p in bare_querysets(m.read_text(encoding="utf-8"), str(m.relative_to(SRC)))
    ]
    assert [] == problems


def test_the_check_finds_bare_and_indirect_managers_and_accepts_scoped_ones() -> None:
    source = """
Person.objects.get(pk=1)
self.model.objects.filter(person=p)
type(person)._base_manager.all()
Person.objects.for_user(user).get(pk=1)
AuditEvent.objects.order_by("-seq")
"""
    found = bare_querysets(source, "x.py")
    assert ["Person.objects.get", "self.model.objects.filter", "type(person)._base_manager.all"] == [
        p.split("`")[1] for p in found
    ]

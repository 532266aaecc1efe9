"""The API reference: the OpenAPI schema as YAML and as Markdown, with the roles each operation allows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import Resolver404, resolve

from safepassage.core.permissions import declared_permission
from safepassage.core.policy import POLICY, STEP_UP
from safepassage.core.roles import Role

SCHEMA_FILE = "api/openapi.yaml"
MARKDOWN_FILE = "api.md"
METHODS = ("get", "post", "put", "patch", "delete")
# Any well-formed value, so that a schema path such as /persons/{id}/ resolves to its view.
PATH_SAMPLE = "00000000-0000-4000-8000-000000000000"
ERR_UNRESOLVED = "The schema path {path} does not resolve to a view: is it still in the URL map?"

INTRO = """\
# SafePassage API reference

<!-- Generated from the OpenAPI schema by `make api-docs` (safepassage apidocs). Do not edit by hand:
     tests/app/api/test_api_reference.py fails when this file is out of date with the schema. -->

{description}

- **Base path**: `/api/v1/`. The machine-readable schema is served at `/api/v1/schema/` and kept in
  [`api/openapi.yaml`](api/openapi.yaml); an interactive page is at `/api/v1/docs/`.
- **Authentication**: only the session of a user who signed in with password and second factor
  (MFA), with its CSRF token on writes. There are no API tokens, and HTTP Basic is refused: a call
  without such a session gets 401 or 403.
- **Authorization**: every operation names one permission of the policy table
  (`src/safepassage/core/policy.py`); the roles that hold it are listed with each operation. Any other
  role gets 403, and a person outside the caller's scope (a caseworker's unit) gets 404.
- **Identity**: names, documents, scans and service records are identity data. Reads of them are
  recorded in the audit trail; roles without identity access see persons pseudonymously.
- **Errors**: a refused write is a 400 whose body maps each field (or `non_field_errors`) to sentences
  that say what was wrong. A stale `version` on an edit is refused, so two editors cannot overwrite
  each other.
- **Bodies**: JSON in UTF-8, nested at most 32 levels; a malformed, wrongly encoded or deeper body
  is a 400 saying which.
- **Pages**: lists are paginated (`?page=N`, 50 per page) as `{{count, next, previous, results}}`.
"""


def schema_document() -> dict[str, Any]:
    """The OpenAPI document exactly as /api/v1/schema/ serves it."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def schema_yaml(schema: dict[str, Any]) -> str:
    from drf_spectacular.renderers import OpenApiYamlRenderer

    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode("utf-8")  # type: ignore[no-any-return]


def roles_for(path: str, method: str) -> tuple[str, list[str]]:
    """The permission an operation declares and the roles that hold it (step-up noted)."""
    concrete = path
    while "{" in concrete:
        start, end = concrete.index("{"), concrete.index("}")
        concrete = concrete[:start] + PATH_SAMPLE + concrete[end + 1 :]
    try:
        match = resolve(concrete)
    except Resolver404:
        raise ValueError(ERR_UNRESOLVED.format(path=path)) from None
    view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
    permission = declared_permission(view, method.upper()) or ""
    holders = POLICY.get(permission, frozenset())
    stepped = STEP_UP.get(permission, frozenset())
    roles = [r.value for r in Role if r in holders]
    roles += [f"{r.value} (after step-up)" for r in Role if r in stepped and r not in holders]
    return permission, roles


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _link(name: str) -> str:
    return f"[{name}](#{name.lower()})"


def _type_of(prop: dict[str, Any]) -> str:
    """A short human type: a link for a referenced schema, `array of X`, or the format."""
    if "$ref" in prop:
        return _link(_ref_name(prop["$ref"]))
    for key in ("allOf", "oneOf", "anyOf"):
        if key in prop:
            parts = [_type_of(p) for p in prop[key] if p.get("type") != "null" and p != {}]
            return " or ".join(parts) or "any"
    kind = prop.get("type", "object")
    if kind == "array":
        return f"array of {_type_of(prop.get('items', {}))}"
    fmt = prop.get("format")
    if fmt and fmt not in {"int64", "int32", "double"}:
        return f"{kind} ({fmt})"
    return str(kind)


def _notes(prop: dict[str, Any]) -> str:
    notes = []
    if prop.get("readOnly"):
        notes.append("read-only")
    if prop.get("writeOnly"):
        notes.append("write-only")
    if prop.get("nullable"):
        notes.append("may be null")
    if "maxLength" in prop:
        notes.append(f"at most {prop['maxLength']} characters")
    if "enum" in prop:
        notes.append("one of " + ", ".join(f"`{v}`" for v in prop["enum"] if v not in ("", None)))
    text = prop.get("description") or prop.get("title") or ""
    if text:
        notes.append(" ".join(str(text).split()))
    return "; ".join(notes).replace("|", "\\|")


def _schema_section(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if "enum" in schema:
        # The generator describes each value as a Markdown list ("* `ko` - Korean"): keep it.
        described = str(schema.get("description", "")).strip()
        if described:
            return [*lines, "One of:", "", *described.splitlines(), ""]
        values = [v for v in schema["enum"] if v not in ("", None)]
        return [*lines, "One of: " + ", ".join(f"`{v}`" for v in values) + ".", ""]
    props = schema.get("properties", {})
    if not props:
        return [*lines, f"Type: {_type_of(schema)}.", ""]
    required = set(schema.get("required", []))
    lines += ["| field | type | required | notes |", "|---|---|---|---|"]
    for field, prop in props.items():
        mark = "yes" if field in required and not prop.get("readOnly") else ""
        lines.append(f"| `{field}` | {_type_of(prop)} | {mark} | {_notes(prop)} |")
    return [*lines, ""]


def _body(operation: dict[str, Any]) -> str:
    content = operation.get("requestBody", {}).get("content", {})
    if not content:
        return ""
    media = next(iter(content))
    return f"{_type_of(content[media].get('schema', {}))} as `{media}`"


def _operation_section(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    permission, roles = roles_for(path, method)
    lines = [f"### `{method.upper()} {path}`", ""]
    if operation.get("description"):
        lines += [" ".join(operation["description"].split()), ""]
    lines.append(f"- Permission `{permission}`: " + (", ".join(roles) or "nobody") + ".")
    params = operation.get("parameters", [])
    for param in params:
        schema = param.get("schema", {})
        kind = _type_of(schema)
        extra = _notes({**schema, "description": param.get("description", "")})
        need = "required" if param.get("required") else "optional"
        lines.append(
            f"- {param['in']} parameter `{param['name']}` ({kind}, {need})" + (f": {extra}" if extra else "")
        )
    body = _body(operation)
    if body:
        lines.append(f"- Request body: {body}.")
    for code, response in operation.get("responses", {}).items():
        content = response.get("content", {})
        shape = _type_of(next(iter(content.values())).get("schema", {})) if content else "no body"
        lines.append(f"- Response {code}: {shape}.")
    return [*lines, ""]


def render_markdown(schema: dict[str, Any]) -> str:
    """The reference: an overview table, each operation with its roles, then every schema."""
    description = " ".join(schema.get("info", {}).get("description", "").split())
    lines = [INTRO.format(description=description), "## Operations", ""]
    lines += ["| method | path | who may call | what it does |", "|---|---|---|---|"]
    operations = [
        (path, method, op)
        for path, item in schema.get("paths", {}).items()
        for method, op in item.items()
        if method in METHODS
    ]
    for path, method, op in operations:
        summary = " ".join(op.get("description", "").split()).replace("|", "\\|")
        who = ", ".join(roles_for(path, method)[1]) or "nobody"
        lines.append(f"| {method.upper()} | `{path}` | {who} | {summary} |")
    lines += ["", "## Operations in detail", ""]
    for path, method, op in operations:
        lines += _operation_section(path, method, op)
    lines += ["## Schemas", ""]
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        lines += _schema_section(name, component)
    return "\n".join(lines).rstrip() + "\n"


def expected_files() -> dict[str, str]:
    """Relative path under docs/ -> the content it must have for the current schema."""
    schema = schema_document()
    return {SCHEMA_FILE: schema_yaml(schema), MARKDOWN_FILE: render_markdown(schema)}


def stale_files(docs: Path) -> list[str]:
    """The reference files under `docs` that are missing or differ from the current schema."""
    stale = []
    for relative, content in expected_files().items():
        target = docs / relative
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            stale.append(str(target))
    return stale


def write_files(docs: Path) -> list[Path]:
    written = []
    for relative, content in expected_files().items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        written.append(target)
    return written

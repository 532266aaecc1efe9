"""The layer order of src/safepassage and a checker reading every import of the source with `ast`.

A unit is a first-level package or module of `safepassage` (`core`, `registry`, `cli`, ...).
Three rules hold between units:

- an import never runs up: a unit imports only units of its own layer or of layers below;
- units of one layer never import each other in a circle;
- no module takes another module's private name (one starting with one underscore), and no unit
  imports another unit's private module.

The units of the first layer (the pure cores) import no web framework either, and inside each of
them no module imports another in a circle (counting imports inside functions): a pure core is
read bottom-up like the whole source. The units in PUBLIC_API_ONLY are taken from outside only
through what their package exports (`from safepassage.linkage import reconcile`), never from
one of their modules.

Imports inside functions and under `if TYPE_CHECKING:` count like any other, and so does
`import_module("safepassage....")` with a constant string.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# Bottom to top. A unit may import units of its own layer and of the layers before it.
LAYERS: tuple[frozenset[str], ...] = (
    # Pure cores and small pure helpers: no Django, no app.
    frozenset({"safepassage", "crypto", "names", "law", "linkage", "progress", "home", "i18n"}),
    # Foundations every app stands on.
    frozenset({"core"}),
    frozenset({"audit"}),
    frozenset({"accounts"}),
    frozenset({"registry"}),
    frozenset({"protection"}),
    # Readers and users of the registry and protection (tracing and duplicates: of the registry and
    # its matching).
    frozenset({"dashboard", "duplicates", "exchanges", "handover", "reports", "tracing"}),
    # Operations tooling, the command line and the project's wiring: may import everything.
    frozenset({"ops", "cli", "config", "__main__"}),
)

ERR_UPWARD = "{where}: {unit} imports {name} of {target}, a layer above it: move the code down or add a hook"
ERR_CYCLE = "import circle between {units}: {imports}"
ERR_PRIVATE = "{where}: imports the private {name}; make it public where it is defined"
ERR_FRAMEWORK = "{where}: {unit} is a pure core and imports {name}; keep Django out of it"
# What a pure core never imports.
FRAMEWORKS = frozenset({"django", "rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "allauth"})
ERR_UNDECLARED = "{where}: {unit} is in no layer; add it to LAYERS"
ERR_INTERNAL = "{where}: imports {name}, inside {target}; take it from the package's public API ({public})"
# Units whose package exports are their public API, with the subpackages that are public as well
# (linkage.synthetic: the fictional people the generator and the benchmarks are made of).
PUBLIC_API_ONLY: dict[str, frozenset[str]] = {"linkage": frozenset({"synthetic"})}
ERR_MODULE_CYCLE = "import circle between modules of {unit}: {imports}"


@dataclass(frozen=True)
class Import:
    """One import of one module: which unit takes which name from which unit, and where."""

    path: Path
    line: int
    unit: str
    target: str
    name: str  # the dotted module path, and `.name` for a `from ... import name`
    private: bool

    def where(self, root: Path) -> str:
        return f"{self.path.relative_to(root.parent)}:{self.line}"


def module_name(path: Path, package_dir: Path) -> list[str]:
    parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _is_private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def _resolve(package_dir: Path, module: list[str], name: str) -> list[str]:
    """`from module import name`: the submodule `module.name` when it exists, else `module`."""
    below = package_dir.joinpath(*module[1:], name)
    if below.is_dir() or below.with_suffix(".py").is_file():
        return [*module, name]
    return module


def _unit(module: list[str]) -> str:
    return module[1] if len(module) > 1 else module[0]


def imports_of(path: Path, package_dir: Path) -> Iterator[Import]:
    """Every import of another unit, and of a private name, made anywhere in one file."""
    package = package_dir.name
    here = module_name(path, package_dir)
    is_package = path.name == "__init__.py"
    unit = _unit(here)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, list[str], str | None]] = []
    # Local names bound to a module of the package (`import a.b as c`, `from a import b`).
    modules: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split("."), None) for alias in node.names]
            modules.update({alias.asname: alias.name.split(".") for alias in node.names if alias.asname})
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[: len(base) - node.level + 1]
                module = base + (node.module.split(".") if node.module else [])
            else:
                module = (node.module or "").split(".")
            found += [(node.lineno, module, alias.name) for alias in node.names]
            for alias in node.names:
                if module[:1] == [package] and _resolve(package_dir, module, alias.name)[-1] == alias.name:
                    modules[alias.asname or alias.name] = [*module, alias.name]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value.split(":")[0].split("."), None))
    # `module._name` on a module bound above reads its private name as surely as importing it.
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _is_private(node.attr)
        ):
            found.append((node.lineno, modules[node.value.id], node.attr))
    for line, module, name in found:
        if module[0] != package or module == here:
            continue
        target_module = _resolve(package_dir, module, name) if name else module
        target = _unit(target_module)
        taken = [*module, name] if name and name != "*" else module
        # Within a unit its private modules are its own business; a private name never travels.
        private = _is_private(taken[-1]) or (target != unit and any(_is_private(part) for part in taken[1:]))
        if target != unit or private:
            yield Import(path, line, unit, target, ".".join(taken), private)


def framework_imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every import of a web framework in one file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
        else:
            continue
        yield from ((node.lineno, name) for name in names if name.split(".")[0] in FRAMEWORKS)


def all_imports(package_dir: Path) -> list[Import]:
    return [found for path in sorted(package_dir.rglob("*.py")) for found in imports_of(path, package_dir)]


def _layer_of(layers: Sequence[frozenset[str]]) -> dict[str, int]:
    return {unit: index for index, layer in enumerate(layers) for unit in layer}


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one unit (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def problems(package_dir: Path, layers: Sequence[frozenset[str]] = LAYERS) -> list[str]:
    """What breaks the rules in the package at `package_dir`, one sentence each."""
    imports = all_imports(package_dir)
    layer = _layer_of(layers)
    found: list[str] = []
    units = {module_name(path, package_dir)[:2][-1] for path in package_dir.rglob("*.py")}
    declared_missing = sorted(units - set(layer))
    for unit in declared_missing:
        found.append(ERR_UNDECLARED.format(where=f"{package_dir.name}/{unit}", unit=unit))
    for path in sorted(package_dir.rglob("*.py")):
        unit = _unit(module_name(path, package_dir))
        if unit in layers[0]:
            for line, name in framework_imports(path):
                where = f"{path.relative_to(package_dir.parent)}:{line}"
                found.append(ERR_FRAMEWORK.format(where=where, unit=unit, name=name))
    for imp in imports:
        where = imp.where(package_dir)
        if imp.private:
            found.append(ERR_PRIVATE.format(where=where, name=imp.name))
        if imp.target in PUBLIC_API_ONLY and imp.target != imp.unit:
            module = (imp.name.split(".") + ["", ""])[2]
            inside = package_dir / imp.target / module
            public_module = module in PUBLIC_API_ONLY[imp.target]
            if not public_module and (inside.is_dir() or inside.with_suffix(".py").is_file()):
                public = f"{package_dir.name}.{imp.target}"
                found.append(
                    ERR_INTERNAL.format(where=where, name=imp.name, target=imp.target, public=public)
                )
        if imp.target not in layer or imp.target == imp.unit:
            continue
        if layer.get(imp.unit, len(layers)) < layer[imp.target]:
            found.append(ERR_UPWARD.format(where=where, unit=imp.unit, target=imp.target, name=imp.name))
    edges: dict[str, set[str]] = {}
    for imp in imports:
        if imp.target != imp.unit:
            edges.setdefault(imp.unit, set()).add(imp.target)
    for group in _circles(edges):
        members = set(group)
        inside = _first_imports(imp for imp in imports if imp.unit in members and imp.target in members)
        named = "; ".join(f"{imp.where(package_dir)} {imp.unit} -> {imp.name}" for imp in inside)
        found.append(ERR_CYCLE.format(units=", ".join(group), imports=named))
    found += module_circles(package_dir, layers[0])
    return found


def module_imports(path: Path, package_dir: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every import of a module of the package made anywhere in one file."""
    here = module_name(path, package_dir)
    base_of = here if path.name == "__init__.py" else here[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                module = base_of[: len(base_of) - node.level + 1] + (
                    node.module.split(".") if node.module else []
                )
            else:
                module = (node.module or "").split(".")
            for alias in node.names:
                yield node.lineno, ".".join(_resolve(package_dir, module, alias.name))


def module_circles(package_dir: Path, units: Iterable[str]) -> list[str]:
    """Import circles between the modules inside each of `units` (a package of the source)."""
    found: list[str] = []
    for unit in sorted(units):
        folder = package_dir / unit
        if not folder.is_dir():
            continue
        edges: dict[str, set[str]] = {}
        where: dict[tuple[str, str], str] = {}
        for path in sorted(folder.rglob("*.py")):
            here = ".".join(module_name(path, package_dir))
            for line, target in module_imports(path, package_dir):
                if target.split(".")[:2] != [package_dir.name, unit] or target == here:
                    continue
                edges.setdefault(here, set()).add(target)
                where.setdefault((here, target), f"{path.relative_to(package_dir.parent)}:{line}")
        for group in _circles(edges):
            members = set(group)
            arrows = sorted((a, b) for a in group for b in edges.get(a, ()) if b in members)
            named = "; ".join(f"{where[a, b]} {a} -> {b}" for a, b in arrows)
            found.append(ERR_MODULE_CYCLE.format(unit=unit, imports=named))
    return found


def _first_imports(imports: Iterable[Import]) -> list[Import]:
    """One import per (unit, target) pair: enough to find each arrow of a circle."""
    seen: dict[tuple[str, str], Import] = {}
    for imp in imports:
        seen.setdefault((imp.unit, imp.target), imp)
    return [seen[key] for key in sorted(seen)]

"""The source keeps its layer order, has no import circle between units and takes no private name;
and the checker that says so fails, naming the file and the import, on trees that break a rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import safepassage
from tests.project.layering import LAYERS, problems

SRC = Path(safepassage.__file__).resolve().parent
# A small project of the same shape: `low` under `mid_a` and `mid_b` under `top`.
SMALL = (frozenset({"safepassage", "low"}), frozenset({"mid_a", "mid_b"}), frozenset({"top"}))


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """A package `safepassage` under `root` holding `files` (path: source); every folder a package."""
    package = root / "safepassage"
    for name, source in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in [path.parent, *path.parent.parents]:
            if folder == root:
                break
            (folder / "__init__.py").touch()
        path.write_text(source, encoding="utf-8")
    return package


def clean_tree(root: Path) -> dict[str, str]:
    return {
        "low/helpers.py": "def shared():\n    return 1\n\n\ndef _secret():\n    return 2\n",
        "low/_impl.py": "THING = 3\n",
        "low/models.py": "from safepassage.low._impl import THING\n"
        "from safepassage.low.helpers import shared\n",
        "mid_a/services.py": "from safepassage.low import helpers\n\nhelpers.shared()\n",
        "mid_b/services.py": "from safepassage.mid_a.services import helpers\n",
        "top/views.py": "from safepassage.mid_a import services\n"
        "from safepassage.mid_b import services as b\n",
    }


def test_the_source_keeps_its_layers_has_no_circle_and_takes_no_private_name() -> None:
    assert [] == problems(SRC)


def test_every_unit_of_the_source_is_in_exactly_one_layer() -> None:
    units = [unit for layer in LAYERS for unit in layer]
    assert len(units) == len(set(units))
    assert {"core", "accounts", "audit", "registry", "protection", "ops", "cli"} <= set(units)
    assert max(i for i, layer in enumerate(LAYERS) if "core" in layer) < min(
        i for i, layer in enumerate(LAYERS) if layer & {"accounts", "audit", "registry"}
    )


def test_a_tree_that_keeps_the_rules_passes(tmp_path: Path) -> None:
    assert [] == problems(write_tree(tmp_path, clean_tree(tmp_path)), SMALL)


def test_a_back_import_fails_naming_the_file_the_line_and_the_import(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["low/models.py"] += "from safepassage.top.views import services\n"
    found = problems(write_tree(tmp_path, files), SMALL)
    assert [
        "safepassage/low/models.py:3: low imports safepassage.top.views.services of top, a layer above it: "
        "move the code down or add a hook"
    ] == [p for p in found if "a layer above" in p]


def test_a_back_import_inside_a_function_or_relative_or_by_name_counts_too(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["low/late.py"] = "def later():\n    from safepassage.top import views\n\n    return views\n"
    files["low/rel.py"] = "from ..mid_a import services\n"
    files["low/named.py"] = 'import importlib\n\nimportlib.import_module("safepassage.mid_b.services")\n'
    found = "\n".join(problems(write_tree(tmp_path, files), SMALL))
    assert "safepassage/low/late.py:2: low imports safepassage.top.views of top" in found
    assert "safepassage/low/rel.py:1: low imports safepassage.mid_a.services of mid_a" in found
    assert "safepassage/low/named.py:3: low imports safepassage.mid_b.services of mid_b" in found


def test_a_circle_between_two_units_of_one_layer_fails_naming_both_imports(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["mid_a/views.py"] = "from safepassage.mid_b.services import helpers\n"
    found = problems(write_tree(tmp_path, files), SMALL)
    assert [
        "import circle between mid_a, mid_b: "
        "safepassage/mid_a/views.py:1 mid_a -> safepassage.mid_b.services.helpers; "
        "safepassage/mid_b/services.py:1 mid_b -> safepassage.mid_a.services.helpers"
    ] == found


def test_a_circle_between_modules_of_a_pure_core_fails_even_through_a_function(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    # The names package's old circle: a module reads, inside a function, one that imports it back.
    files["low/helpers.py"] += (
        "\n\ndef late():\n    from safepassage.low.models import THING\n\n    return THING\n"
    )
    found = problems(write_tree(tmp_path, files), SMALL)
    assert [
        "import circle between modules of low: "
        "safepassage/low/helpers.py:10 safepassage.low.helpers -> safepassage.low.models; "
        "safepassage/low/models.py:2 safepassage.low.models -> safepassage.low.helpers"
    ] == found


def test_modules_of_one_pure_core_may_import_each_other_one_way(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["low/more.py"] = "from safepassage.low import models\nfrom safepassage.low.helpers import shared\n"
    assert [] == problems(write_tree(tmp_path, files), SMALL)


def test_the_linkage_package_is_taken_only_through_its_public_api(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["linkage/__init__.py"] = "from safepassage.linkage.blocking import tokens\n"
    files["linkage/blocking.py"] = "def tokens():\n    return []\n"
    files["mid_a/match.py"] = (
        "from safepassage.linkage import tokens\nfrom safepassage.linkage.blocking import tokens as t\n"
    )
    layers = (SMALL[0] | {"linkage"}, *SMALL[1:])
    assert [
        "safepassage/mid_a/match.py:2: imports safepassage.linkage.blocking.tokens, inside linkage; "
        "take it from the package's public API (safepassage.linkage)"
    ] == problems(write_tree(tmp_path, files), layers)


def test_a_private_name_taken_from_another_unit_fails_naming_the_file_and_the_name(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["mid_a/services.py"] += "from safepassage.low.helpers import _secret\n"
    found = problems(write_tree(tmp_path, files), SMALL)
    assert [
        "safepassage/mid_a/services.py:4: imports the private safepassage.low.helpers._secret; "
        "make it public where it is defined"
    ] == found


def test_a_private_name_read_off_an_imported_module_or_a_sibling_module_fails(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["mid_a/services.py"] += "helpers._secret()\n"
    files["low/other.py"] = "from safepassage.low.helpers import _secret\n"
    files["mid_b/reach.py"] = "from safepassage.low._impl import THING\n"
    found = problems(write_tree(tmp_path, files), SMALL)
    assert [
        "safepassage/low/other.py:1: imports the private safepassage.low.helpers._secret; "
        "make it public where it is defined",
        "safepassage/mid_a/services.py:4: imports the private safepassage.low.helpers._secret; "
        "make it public where it is defined",
        "safepassage/mid_b/reach.py:1: imports the private safepassage.low._impl.THING; "
        "make it public where it is defined",
    ] == found


def test_a_pure_core_importing_django_fails(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["low/models.py"] += "\n\ndef later():\n    from django.db import models\n"
    found = problems(write_tree(tmp_path, files), SMALL)
    assert [
        "safepassage/low/models.py:6: low is a pure core and imports django.db; keep Django out of it"
    ] == found


def test_a_unit_in_no_layer_fails(tmp_path: Path) -> None:
    files = clean_tree(tmp_path)
    files["stray/thing.py"] = ""
    package = write_tree(tmp_path, files)
    assert ["safepassage/stray: stray is in no layer; add it to LAYERS"] == problems(package, SMALL)


def test_the_real_source_with_one_import_added_from_core_up_to_registry_fails(tmp_path: Path) -> None:
    copy = tmp_path / "safepassage"
    skip = shutil.ignore_patterns("locale", "data", "static", "templates", "__pycache__")
    shutil.copytree(SRC, copy, ignore=skip)
    fields = copy / "core" / "fields.py"
    lines = fields.read_text(encoding="utf-8").splitlines()
    added = "from safepassage.registry.models import Person"
    fields.write_text("\n".join([*lines, added, ""]), encoding="utf-8")
    found = problems(copy)
    assert [
        f"safepassage/core/fields.py:{len(lines) + 1}: core imports safepassage.registry.models.Person of "
        "registry, a layer above it: move the code down or add a hook"
    ] == [p for p in found if "a layer above" in p]
    assert any(p.startswith("import circle between ") and "core" in p for p in found)

"""Interface translations: compile the .po catalogues to .mo with Babel, and check them for gaps."""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "django"
# Proper names, codes and units that read the same in every language; anything else left equal
# to its English msgid counts as untranslated.
SAME_IN_EVERY_LANGUAGE = frozenset({"SafePassage", "API", "UTC", "ICRC", "PDF", "CSV", "TOTP", "ID", "URL"})
# %(name)s and {name} placeholders: a translation must keep exactly the ones of its msgid.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|\{(\w+)\}")
ERR_UNWRITABLE = (
    "Cannot write the compiled translations to {path}: {error}. Install the package into a "
    "writable location, or compile them there with `safepassage messages compile`."
)


# Texts that ship as data files but are shown in the interface: file pattern (under the package)
# -> the YAML keys whose string values are messages. `makemessages` adds them to the catalogues.
DATA_MESSAGES: dict[str, tuple[str, ...]] = {
    "protection/procedures/*.yaml": ("name", "label", "actor"),
    "law/data/positions.yaml": ("label", "summary"),
}


@dataclass
class CatalogueReport:
    """What a language's catalogue holds and what is wrong with it."""

    language: str
    messages: int = 0
    translated: int = 0
    problems: list[str] = field(default_factory=list)


def _strings_under(node: object, keys: tuple[str, ...]) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k in keys and isinstance(v, str)]
        return found + [s for v in node.values() for s in _strings_under(v, keys)]
    if isinstance(node, list):
        return [s for item in node for s in _strings_under(item, keys)]
    return []


def data_messages(root: Path = LOCALE_DIR.parent) -> list[tuple[str, str]]:
    """(message, file relative to `root`) for every interface text held in DATA_MESSAGES files."""
    found = []
    for pattern, keys in DATA_MESSAGES.items():
        for path in sorted(root.glob(pattern)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            found += [(text, path.relative_to(root).as_posix()) for text in _strings_under(data, keys)]
    return found


def write_data_template(path: Path, root: Path) -> int:
    """Write the data files' messages as a .pot (for msgcat to join xgettext's); returns how many."""
    catalog = Catalog(fuzzy=False)
    for text, where in data_messages(root):
        if text in catalog:
            catalog[text].locations.append((where, None))
        else:
            catalog.add(text, locations=[(where, None)])
    with path.open("wb") as handle:
        write_po(handle, catalog, width=79, include_lineno=False, omit_header=True)
    return len(catalog)


def catalogue_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every `<language>/LC_MESSAGES/django.po` under `locale_dir`, sorted by language."""
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalogue(po_path: Path) -> Catalog:
    with po_path.open("rb") as handle:
        return read_po(handle, locale=po_path.parent.parent.name, abort_invalid=True)


def compiled_bytes(po_path: Path) -> bytes:
    """The .mo that `po_path` compiles to (fuzzy entries left out, as msgfmt does)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(po_path), use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogues(locale_dir: Path = LOCALE_DIR, *, force: bool = False) -> list[Path]:
    """Write each .mo whose .po is newer (or every one with `force`); returns the files written."""
    written = []
    for po_path in catalogue_files(locale_dir):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.is_file() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        data = compiled_bytes(po_path)
        tmp = None
        try:
            # Replace atomically: a running server never reads a half-written catalogue.
            handle, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=".django.", suffix=".mo")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the server may run as another user
            os.replace(tmp, mo_path)
        except OSError as exc:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
            raise OSError(ERR_UNWRITABLE.format(path=mo_path, error=exc.strerror or exc)) from exc
        written.append(mo_path)
    return written


def _is_untranslated(message: object) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)  # type: ignore[attr-defined]
    return any(not s for s in strings)


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def _placeholder_problem(message: object) -> str | None:
    """Which placeholders a translation drops or invents, if any."""
    ids = (message.id,) if isinstance(message.id, str) else message.id  # type: ignore[attr-defined]
    strings = (message.string,) if isinstance(message.string, str) else message.string  # type: ignore[attr-defined]
    wanted = _placeholders(ids[-1]) | _placeholders(ids[0])
    for text in strings:
        if _placeholders(text) != wanted:
            return f"placeholders {sorted(_placeholders(text))} instead of {sorted(wanted)}"
    return None


def check_catalogue(po_path: Path) -> CatalogueReport:
    """Count translated messages; name every empty, fuzzy, English-copy or ill-formatted one."""
    catalog = read_catalogue(po_path)
    report = CatalogueReport(language=po_path.parent.parent.name)
    for message in catalog:
        if not message.id:
            continue
        report.messages += 1
        ident = message.id if isinstance(message.id, str) else message.id[0]
        where = f"{report.language}: msgid {ident!r}"
        if _is_untranslated(message):
            report.problems.append(f"{where} has no translation")
            continue
        if message.fuzzy:
            report.problems.append(f"{where} is marked fuzzy")
            continue
        first = message.string if isinstance(message.string, str) else message.string[0]
        if first == ident and ident not in SAME_IN_EVERY_LANGUAGE:
            report.problems.append(f"{where} is left in English")
            continue
        mismatch = _placeholder_problem(message)
        if mismatch:
            report.problems.append(f"{where}: {mismatch}")
            continue
        report.translated += 1
    for message, errors in catalog.check():
        for error in errors:
            report.problems.append(f"{report.language}: msgid {message.id!r}: {error}")
    obsolete = len(catalog.obsolete)
    if obsolete:
        report.problems.append(f"{report.language}: {obsolete} obsolete entries (run `make messages`)")
    return report


def main(argv: list[str] | None = None) -> int:
    """`safepassage messages compile|check`: no Django and no GNU gettext needed."""
    parser = argparse.ArgumentParser(prog="safepassage messages", description=main.__doc__)
    parser.add_argument("action", choices=("compile", "check"))
    parser.add_argument("--force", action="store_true", help="compile every catalogue, even if up to date")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)
    if args.action == "compile":
        try:
            written = compile_catalogues(args.locale_dir, force=args.force)
        except OSError as exc:
            sys.stderr.write(f"{exc}\n")
            return 1
        sys.stdout.write(f"Compiled {len(written)} catalogue(s) in {args.locale_dir}.\n")
        return 0
    failed = False
    for po_path in catalogue_files(args.locale_dir):
        report = check_catalogue(po_path)
        sys.stdout.write(f"{report.language}: {report.translated} of {report.messages} translated\n")
        for problem in report.problems:
            sys.stdout.write(f"  {problem}\n")
        failed = failed or bool(report.problems)
    return 1 if failed else 0

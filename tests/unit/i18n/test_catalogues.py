"""Every interface string is in the uk, ko and ru catalogues, translated, and compiled as committed."""

from __future__ import annotations

import gettext
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test import override_settings

from safepassage import i18n

LANGUAGES = ("uk", "ko", "ru")
PACKAGE = Path(i18n.__file__).resolve().parent
NEEDS_XGETTEXT = "GNU gettext (xgettext, msgmerge) is needed: apt-get install gettext (.ci/run does it)"


def _keys(po_path: Path) -> set[tuple[str | None, str]]:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[set[tuple[str | None, str]]]:
    """What `makemessages` finds in the code now, extracted from a copy into a scratch directory."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.fail(NEEDS_XGETTEXT)
    scratch = tmp_path_factory.mktemp("makemessages")
    source, out = scratch / "safepassage", scratch / "out"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc"))
    out.mkdir()
    here = Path.cwd()
    os.chdir(source)
    try:
        with override_settings(LOCALE_PATHS=[out]):
            call_command("makemessages", locale=["uk"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(here)
    yield _keys(out / "uk" / "LC_MESSAGES" / "django.po")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_in_the_code_is_in_the_catalogue_and_nothing_else(
    language: str, extracted: set[tuple[str | None, str]]
) -> None:
    committed = _keys(i18n.LOCALE_DIR / language / "LC_MESSAGES" / "django.po")
    assert len(extracted) > 600
    # Beyond gettext calls: a rule statement of law/ and a step of a procedure's YAML file.
    assert (None, "Protection runs from capture until final release and repatriation.") in extracted
    assert (None, "NIS investigation and temporary protection") in extracted
    missing = sorted(extracted - committed, key=str)
    assert [] == missing, f"not in {language}/django.po: run `make messages` and translate them"
    stale = sorted(committed - extracted, key=str)
    assert [] == stale, f"in {language}/django.po but no longer in the code: run `make messages`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_without_fuzzy_or_english_copies(language: str) -> None:
    report = i18n.check_catalogue(i18n.LOCALE_DIR / language / "LC_MESSAGES" / "django.po")
    assert [] == report.problems
    assert report.messages == report.translated


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_po_file_compiled(language: str) -> None:
    po_path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `safepassage init` or `safepassage messages compile`"
    assert i18n.compiled_bytes(po_path) == mo_path.read_bytes()


def test_compiling_writes_catalogues_gettext_reads_with_their_plural_rules(tmp_path: Path) -> None:
    shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    written = i18n.compile_catalogues(tmp_path / "locale")
    assert 3 == len(written)
    assert [] == i18n.compile_catalogues(tmp_path / "locale")  # up to date: nothing rewritten
    uk = gettext.translation("django", tmp_path / "locale", languages=["uk"])
    assert "Військовополонений" == uk.gettext("Prisoner of war")
    persons = [uk.ngettext("%(n)s person", "%(n)s persons", n) % {"n": n} for n in (1, 3, 5, 21)]
    assert ["1 особа", "3 особи", "5 осіб", "21 особа"] == persons
    ko = gettext.translation("django", tmp_path / "locale", languages=["ko"])
    assert "전쟁포로" == ko.gettext("Prisoner of war")
    ru = gettext.translation("django", tmp_path / "locale", languages=["ru"])
    assert "Военнопленный" == ru.gettext("Prisoner of war")
    assert "22 события" == ru.ngettext("%(n)s event", "%(n)s events", 22) % {"n": 22}


def test_the_check_names_an_empty_a_fuzzy_an_english_and_a_misformatted_translation(tmp_path: Path) -> None:
    po_path = tmp_path / "ru" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'
        'msgid "Persons"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Exchanges"\nmsgstr "Обмены"\n\n'
        'msgid "Tracing"\nmsgstr "Tracing"\n\n'
        '#, python-format\nmsgid "The file %(name)s is empty."\nmsgstr "Файл пуст."\n\n'
        'msgid "Sign out"\nmsgstr "Выйти"\n',
        encoding="utf-8",
    )
    report = i18n.check_catalogue(po_path)
    assert (5, 1) == (report.messages, report.translated)
    text = "\n".join(report.problems)
    for expected in (
        "'Persons' has no translation",
        "'Exchanges' is marked fuzzy",
        "'Tracing' is left in English",
        "'The file %(name)s is empty.': placeholders [] instead of ['name']",
    ):
        assert expected in text
    assert 1 == i18n.main(["check", "--locale-dir", str(tmp_path)])


def test_a_catalogue_that_cannot_be_written_is_reported_with_its_path(tmp_path: Path) -> None:
    shutil.copytree(i18n.LOCALE_DIR / "uk", tmp_path / "uk", ignore=shutil.ignore_patterns("*.mo"))
    # A directory where the .mo should go: no user, root included, can replace it with a file.
    (tmp_path / "uk" / "LC_MESSAGES" / "django.mo" / "blocker").mkdir(parents=True)
    with pytest.raises(OSError, match="Cannot write the compiled translations to .*django.mo"):
        i18n.compile_catalogues(tmp_path)
    with pytest.raises(OSError, match="Cannot write"):
        i18n.compile_catalogues(tmp_path, force=True)
    assert [] == list((tmp_path / "uk" / "LC_MESSAGES").glob(".django.*"))

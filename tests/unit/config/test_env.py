"""The environment readers fail loudly and name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from safepassage.config.env import envbool, envchoice, envint, envstr


def test_envbool_accepts_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert envbool("X_FLAG", True) is False


def test_envbool_rejects_anything_else_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a boolean"):
        envbool("X_FLAG", False)


def test_envint_rejects_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM='ten' is not a whole number"):
        envint("X_NUM", 1)


def test_a_secret_is_read_from_the_file_named_by_its_FILE_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "s"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert envstr("X_SECRET") == "from-a-file"


def test_an_unreadable_secret_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE points to"):
        envstr("X_SECRET")


def test_envchoice_lists_the_allowed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_MODE", "staging")
    with pytest.raises(ImproperlyConfigured, match="use one of local, production"):
        envchoice("X_MODE", "local", ("local", "production"))


def test_envnumber_reads_decimals_leaves_empty_to_the_other_side_and_names_a_wrong_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safepassage.config.env import envnumber

    assert envnumber("X_COST", 1.1) == 1.1
    monkeypatch.setenv("X_COST", "2.5")
    assert envnumber("X_COST", 1.1) == 2.5
    monkeypatch.setenv("X_COST", "")
    assert envnumber("X_COST", 1.1) is None
    monkeypatch.setenv("X_COST", "cheap")
    with pytest.raises(ImproperlyConfigured, match="X_COST='cheap' is not a number"):
        envnumber("X_COST", 1.1)

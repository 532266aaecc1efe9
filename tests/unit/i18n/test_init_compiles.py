"""`safepassage init` compiles the translations; a read-only install that ships them still starts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safepassage.ops.management.commands import init


def _refuse(*args: object, **kwargs: object) -> list[Path]:
    raise OSError("Cannot write the compiled translations to /ro/uk/LC_MESSAGES/django.mo: Read-only")


def test_init_warns_but_goes_on_when_a_read_only_install_already_has_its_catalogues(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    po = tmp_path / "django.po"
    po.with_suffix(".mo").write_bytes(b"compiled")
    monkeypatch.setattr(init, "compile_catalogues", _refuse)
    monkeypatch.setattr(init, "catalogue_files", lambda: [po])
    err = io.StringIO()
    call_command("init", keys_only=True, stderr=err)
    assert "Translations not recompiled: Cannot write the compiled translations" in err.getvalue()


def test_init_stops_naming_the_file_when_the_catalogues_cannot_be_made_at_all(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(init, "compile_catalogues", _refuse)
    monkeypatch.setattr(init, "catalogue_files", lambda: [tmp_path / "django.po"])
    with pytest.raises(CommandError, match="/ro/uk/LC_MESSAGES/django.mo"):
        call_command("init", keys_only=True)

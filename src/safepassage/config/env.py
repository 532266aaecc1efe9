"""Tiny typed readers of the environment that fail loudly, with `NAME_FILE` for secrets."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

ERR_BOOL = "{name}={value!r} is not a boolean: use one of true, false, 1, 0, yes, no, on, off."
ERR_INT = "{name}={value!r} is not a whole number."
ERR_NUMBER = "{name}={value!r} is not a number."
ERR_FILE = "{name}_FILE points to {path}, which cannot be read: {detail}."
ERR_CHOICE = "{name}={value!r} is not allowed: use one of {allowed}."

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    """The variable, or the content of the file named by NAME_FILE (for secrets), or default."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                ERR_FILE.format(name=name, path=file_path, detail=exc.strerror)
            ) from exc
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(ERR_BOOL.format(name=name, value=raw))


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(ERR_INT.format(name=name, value=raw)) from None


def envnumber(name: str, default: float | None) -> float | None:
    """A number (decimals allowed); set but empty: None, i.e. "leave it to the other side"."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip() == "":
        return None
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(ERR_NUMBER.format(name=name, value=raw)) from None


def envchoice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in allowed:
        raise ImproperlyConfigured(ERR_CHOICE.format(name=name, value=value, allowed=", ".join(allowed)))
    return value


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]

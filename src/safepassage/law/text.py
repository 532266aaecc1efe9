"""Translation hooks for the core's explanations, without Django: mark here, translate in the web layer."""

from __future__ import annotations

from collections.abc import Callable

# Turns an English message into the reader's language; the core's own default leaves it as it is.
Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Mark `message` for `makemessages`; it is translated where it is shown, not here."""
    return message


def untranslated(message: str) -> str:
    """The default `Translate`: English, as the CLI and docs/assess.md output it."""
    return message

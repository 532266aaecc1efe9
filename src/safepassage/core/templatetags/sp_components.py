"""Template helpers of the page components (core/templates/components/)."""

from __future__ import annotations

from django import template
from django.forms.boundfield import BoundField

from safepassage.core import rendering
from safepassage.names import Script, detect_script

register = template.Library()


@register.filter
def is_current(path: object, href: object) -> bool:
    """Whether a navigation link leads to the page at `path` or to a page above it (never for no link)."""
    path, href = str(path), str(href or "")
    return bool(href) and (path == href or (href != "/" and path.startswith(href)))


_SCRIPT_LANGS = {Script.HANGUL: "ko", Script.CYRILLIC: "ru"}


@register.filter
def text_lang(text: object) -> str:
    """The language tag of a name whose script is all that is known: ko for Hangul, ru for Cyrillic."""
    return _SCRIPT_LANGS.get(detect_script(str(text or "")), "")


@register.filter
def quiet_widget(field: BoundField) -> str:
    """The field's widget without its error state (core.rendering.quiet_widget; rendered, so safe)."""
    return rendering.quiet_widget(field)

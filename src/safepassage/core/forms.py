"""Form pieces every app's pages share: the date input and the country list in the user's language."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, override
from django.utils.translation import gettext_lazy as _

from safepassage.core.countries import COUNTRY_CODES, country_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The empty first option of every drop-down (forms/widgets/select_option.html, CountrySelect): a
# required choice starts empty, so nobody records the first country of the list by not looking.
BLANK_LABEL = _("- Select an option -")


class CountrySelect(forms.Select):
    """A country list in the user's language, built when rendered.

    About 250 options: rendered through Django's option templates they cost some 25 ms a list
    (two lists doubled the search page's time), so the options are written here, escaped by
    format_html, with the same markup the templates give.
    """

    def _all_choices(self) -> list[tuple[str, str]]:
        return [("", gettext(BLANK_LABEL))] + country_choices()

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        self.choices = self._all_choices()
        return super().get_context(name, value, attrs)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        options = _country_options(get_language() or "en")
        # The blank option is chosen when nothing is, as Django's own Select renders it.
        for code in {str(v) for v in self.format_value(value)} & (COUNTRY_CODES | {""}):
            mark = f'<option value="{code}">'
            options = options.replace(mark, mark[:-1] + " selected>", 1)
        # Escaped when built, and a chosen code is "" or one of COUNTRY_CODES (two capital letters).
        safe_options = mark_safe(options)  # noqa: S308  # nosec B308 B703
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), safe_options)


@lru_cache(maxsize=16)
def _country_options(language: str) -> str:
    """The escaped <option> list of one language, built once per worker (the names never change)."""
    with override(language):
        choices = [("", gettext(BLANK_LABEL))] + country_choices()
    return str(format_html_join("\n", '<option value="{}">{}</option>', choices))

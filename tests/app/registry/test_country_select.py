"""The country list renders by hand what Django's option templates would, in every language."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.utils import translation

from safepassage.core.forms import CountrySelect


class CountryForm(forms.Form):
    optional = forms.CharField(required=False, widget=CountrySelect())
    required = forms.CharField(max_length=2, widget=CountrySelect())


def _parts(html: str) -> tuple[dict[str, str], list[str]]:
    """The select's attributes (in any order) and its options, whitespace aside."""
    opening = re.match(r"<select([^>]*)>", html)
    assert opening is not None, html[:80]
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', opening.group(1)))
    return attrs, re.findall(r"<option[^>]*>[^<]*</option>", html)


@pytest.mark.parametrize("language", ["en", "uk", "ko", "ru"])
@pytest.mark.parametrize(
    "data", [{"optional": "KP", "required": ""}, {"optional": "", "required": "KR"}, {"optional": "<b>"}]
)
def test_the_hand_written_options_match_the_template_rendering(
    language: str, data: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with translation.override(language):
        form = CountryForm(data)
        form.is_valid()
        fast = [str(form[name]) for name in ("optional", "required")]
        monkeypatch.setattr(CountrySelect, "render", forms.Select.render)
        again = CountryForm(data)
        again.is_valid()
        reference = [str(again[name]) for name in ("optional", "required")]
    for mine, theirs in zip(fast, reference, strict=True):
        assert _parts(mine) == _parts(theirs)
    assert len(_parts(fast[1])[1]) > 240
    if data.get("optional") == "KP":
        assert '<option value="KP" selected>' in fast[0]


def test_a_value_outside_the_list_is_not_echoed_into_the_page() -> None:
    html = CountrySelect().render("x", '"><script>')
    assert "<script>" not in html and 'name="x"' in html


@pytest.mark.parametrize(("language", "label"), [("en", "- Select an option -"), ("ko", "- 선택하세요 -")])
def test_a_required_country_starts_empty_with_a_translated_prompt(language: str, label: str) -> None:
    with translation.override(language):
        html = str(CountryForm()["required"])
    first = _parts(html)[1][0]
    assert f'<option value="" selected>{label}</option>' == first

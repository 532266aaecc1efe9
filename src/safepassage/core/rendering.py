"""The one form layer: every form renders as GOV.UK Frontend form groups through these templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

# The design system's class for each kind of widget, and its error variant.
_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Select, "govuk-select"),
    (forms.Textarea, "govuk-textarea"),
    (forms.FileInput, "govuk-file-upload"),
    (Input, "govuk-input"),
)
_ERROR_VARIANTS = {"govuk-select", "govuk-textarea", "govuk-file-upload", "govuk-input"}


def widget_class(widget: forms.Widget, invalid: bool) -> str:
    """The GOV.UK class of a widget ("" for one the design system has no class for)."""
    for kind, css in _WIDGET_CLASSES:
        if isinstance(widget, kind):
            if invalid and css in _ERROR_VARIANTS:
                return f"{css} {css}--error"
            return css
    return ""


class DesignBoundField(BoundField):
    """A bound field whose widget carries the design system's classes (and its error state)."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = widget_class(widget, bool(self.errors))
        if isinstance(widget, forms.DateInput):
            css += " govuk-input--width-10"
        if css:
            own = attrs.get("class") or widget.attrs.get("class", "")
            attrs["class"] = " ".join(filter(None, (own, css)))
        return attrs


class FormRenderer(TemplatesSetting):
    """Django's renderer with the project's templates (core/templates/forms, django/forms/widgets)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = DesignBoundField

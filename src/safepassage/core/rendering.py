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


def design_classes(widget: forms.Widget, own: str, invalid: bool) -> str:
    """The widget's own classes with the design system's added (a date field is ten characters wide)."""
    css = widget_class(widget, invalid)
    if isinstance(widget, forms.DateInput):
        css += " govuk-input--width-10"
    return " ".join(filter(None, (own, css.strip())))


class DesignBoundField(BoundField):
    """A bound field whose widget carries the design system's classes (and its error state)."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = design_classes(widget, attrs.get("class") or widget.attrs.get("class", ""), bool(self.errors))
        if css:
            attrs["class"] = css
        return attrs


def quiet_widget(field: BoundField) -> str:
    """A field's widget as the design system draws it, without its error state.

    For a form shown again before it is checked (the one-form registration after "Suggest
    transliterations"): a field not filled in yet is not marked as wrong.
    """
    widget = field.field.widget
    attrs: dict[str, Any] = {}
    css = design_classes(widget, widget.attrs.get("class", ""), invalid=False)
    if css:
        attrs["class"] = css
    if field.auto_id and "id" not in widget.attrs:
        attrs["id"] = field.auto_id
    if field.help_text and field.auto_id:
        attrs["aria-describedby"] = f"{field.auto_id}_helptext"
    if field.field.disabled:
        attrs["disabled"] = True
    return widget.render(field.html_name, field.value(), attrs=attrs, renderer=field.form.renderer)


class FormRenderer(TemplatesSetting):
    """Django's renderer with the project's templates (core/templates/forms, django/forms/widgets)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = DesignBoundField

"""Forms of the tracing pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.core.forms import DATE
from safepassage.tracing.models import TracingRequest


class TracingForm(forms.ModelForm):
    class Meta:
        model = TracingRequest
        fields = ["reference", "received_on", "requester", "sought_names", "birth_date", "other_facts"]
        widgets = {
            "received_on": DATE,
            "requester": forms.TextInput(),
            "sought_names": forms.Textarea(attrs={"rows": 3}),
            "other_facts": forms.Textarea(attrs={"rows": 3}),
        }


class ReplyForm(forms.Form):
    withhold = forms.BooleanField(
        label=_("withhold the reply: telling the family would endanger him"), required=False
    )
    reason = forms.CharField(
        label=_("reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

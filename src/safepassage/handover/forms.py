"""The handover pages' forms: ask for a handover, upload a received dossier."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.handover.selectors import recipients


class ExportRequestForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("receiving installation"), queryset=None)
    reason = forms.CharField(label=_("why the case is handed over"), max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients(user=user)  # type: ignore[attr-defined]


class DossierUploadForm(forms.Form):
    file = forms.FileField(label=_("dossier file received from another installation"))

"""Vocabularies of the protection workflow; risk kinds follow docs/assess.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Wish(models.TextChoices):
    RETURN = "return", _("Wants to return")
    NOT_RETURN = "not_return", _("Does not want to return")
    UNDECIDED = "undecided", _("Undecided")


class InterviewLanguage(models.TextChoices):
    KOREAN = "ko", _("Korean")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other")


class RiskKind(models.TextChoices):
    TORTURE = "torture", _("Torture")
    ILL_TREATMENT = "ill_treatment", _("Ill-treatment")
    ARBITRARY_KILLING = "arbitrary_killing", _("Arbitrary killing")
    DEATH_PENALTY = "death_penalty", _("Death penalty")
    ENFORCED_DISAPPEARANCE = "enforced_disappearance", _("Enforced disappearance")
    FLAGRANT_DENIAL_OF_JUSTICE = "flagrant_denial_of_justice", _("Flagrant denial of justice")
    PERSECUTION = "persecution", _("Persecution")


class RiskConclusion(models.TextChoices):
    SUBSTANTIAL = "substantial", _("Substantial grounds for a real risk")
    NONE = "none", _("No real risk found")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting a second reviewer")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned to the author")


class EvidenceKind(models.TextChoices):
    COUNTRY_INFORMATION = "country_information", _("Country information")
    STATEMENT = "statement", _("Statement of the person")
    MEDIA_EXPOSURE = "media_exposure", _("Media exposure")
    OTHER = "other", _("Other")


class ApplicationKind(models.TextChoices):
    ASYLUM = "asylum", _("Asylum / refugee status")
    PROTECTION = "protection", _("Protection")
    TRANSFER = "transfer", _("Transfer to a third state")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PositionScope(models.TextChoices):
    CASELOAD = "caseload", _("The whole caseload")
    CASE = "case", _("One case")

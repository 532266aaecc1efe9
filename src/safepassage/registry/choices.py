"""Vocabularies of the registry, as Django choices with translatable labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class DatePrecision(models.TextChoices):
    FULL = "full", _("Full date")
    YEAR = "year", _("Year only")
    UNKNOWN = "unknown", _("Unknown")


class NameScript(models.TextChoices):
    HANGUL = "hangul", _("Hangul")
    CYRILLIC = "cyrillic", _("Cyrillic")
    LATIN = "latin", _("Latin")
    OTHER = "other", _("Other")


class NameKind(models.TextChoices):
    LEGAL = "legal", _("Legal name")
    ALIAS = "alias", _("Alias")
    DOCUMENT = "document", _("Name on a document")
    TRANSLITERATION = "transliteration", _("Transliteration")


class DocumentType(models.TextChoices):
    MILITARY_ID = "military_id", _("Military ID")
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    OTHER = "other", _("Other document")


class DocumentAssessment(models.TextChoices):
    UNVERIFIED = "unverified", _("Not yet assessed")
    GENUINE = "genuine", _("Genuine")
    FORGED = "forged", _("Forged")
    ISSUED_TO_ANOTHER = "issued_to_another", _("Issued to another person")


class CustodyKind(models.TextChoices):
    ADMITTED = "admitted", _("Admitted to facility")
    TRANSFER = "transfer", _("Transferred")
    HOSPITAL = "hospital", _("Taken to hospital")
    DISCHARGED = "discharged", _("Discharged from hospital")
    RELEASED = "released", _("Released")


class IcrcAccess(models.TextChoices):
    GRANTED = "granted", _("Granted: the ICRC could visit him")
    REFUSED = "refused", _("Refused: the ICRC was not let in")


class NationalityBasis(models.TextChoices):
    SELF_DECLARED = "self_declared", _("Declared by the person")
    DOCUMENT = "document", _("Shown by a document")
    STATE_CLAIM = "state_claim", _("Claimed by a state")
    ASSESSMENT = "assessment", _("Assessed by the detaining power")


class RecorderLanguage(models.TextChoices):
    KOREAN = "ko", _("Korean")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other")


class MatchStatus(models.TextChoices):
    """A list entry's or a tracing candidate's pairing with a registry person (registry.matching)."""

    MATCHED = "matched", _("Matched")
    REVIEW = "review", _("For review")
    UNMATCHED = "unmatched", _("Unmatched")
    ACCEPTED = "accepted", _("Accepted by a person")
    REJECTED = "rejected", _("Rejected by a person")

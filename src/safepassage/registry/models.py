"""Registry models. Identifying values are sealed with AES-256-GCM; see core.fields."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepassage.core.countries import validate_country
from safepassage.core.fields import (
    EncryptedBinaryField,
    EncryptedDateField,
    EncryptedTextField,
    blind_index_field,
)
from safepassage.registry import choices
from safepassage.registry.querysets import PersonQuerySet, RecordQuerySet


def country_field(verbose_name: str, **kwargs: object) -> models.CharField:
    return models.CharField(verbose_name, max_length=2, validators=[validate_country], **kwargs)


class Provenance(models.Model):
    """Who recorded a fact, from what source, and when."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    source = EncryptedTextField(_("source"), max_length=500, blank=True, default="")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # Never the sealed values: string forms end up in logs and error reports.
        return f"{self._meta.verbose_name} {self.pk}"


class CaseCounter(models.Model):
    """The last case number issued per year; locked while a number is drawn."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_number = models.CharField(_("case number"), max_length=32, unique=True)
    sex = models.CharField(_("sex"), max_length=8, choices=choices.Sex, default=choices.Sex.UNKNOWN)
    birth_precision = models.CharField(
        _("birth date precision"),
        max_length=8,
        choices=choices.DatePrecision,
        default=choices.DatePrecision.UNKNOWN,
    )
    # The full date is sealed (with an exact-date blind index for matching lists); the year stays
    # in clear for filters and counts.
    birth_date = EncryptedDateField(_("birth date"), null=True, blank=True, index_field="birth_date_index")
    birth_date_index = blind_index_field()
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    birth_date_text = EncryptedTextField(_("birth date as recorded"), max_length=100, blank=True, default="")
    unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("assigned unit"),
    )
    notes = EncryptedTextField(_("notes"), max_length=5000, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # Set when a legal officer merged this registration into another (the same man registered
    # twice): his records moved there, the row stays so the merge can be undone and the old case
    # number still leads to the survivor.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["case_number"]
        verbose_name = _("person")
        # A caseworker's list: his unit's persons in case-number order, a page at a time.
        indexes = [models.Index(fields=["unit", "case_number"], name="person_unit_case")]

    def __str__(self) -> str:
        return self.case_number


# What each record takes from pages and the API, in their order: the forms, the serializers and
# the generator's audit events read these lists, so a field added here reaches all three.
PERSON_FIELDS = ["sex", "birth_precision", "birth_date", "birth_year", "birth_date_text", "unit", "notes"]
NATIONALITY_FIELDS = ["state", "basis", "note", "source"]
NAME_FIELDS = ["text", "kind", "recorder_language", "source"]
DOCUMENT_FIELDS = [
    "doc_type",
    "issuing_state",
    "number",
    "holder_name",
    "assessment",
    "assessment_note",
    "source",
]
SERVICE_FIELDS = ["forces_of", "unit_designation", "rank", "serial_number", "source"]
CAPTURE_FIELDS = [
    "captured_on",
    "date_text",
    "place",
    "detaining_power",
    "capturing_unit",
    "circumstances",
    "source",
]
CUSTODY_FIELDS = ["kind", "occurred_on", "facility", "icrc_access", "icrc_access_on", "note", "source"]


class NationalityClaim(Provenance):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nationality_claims")
    state = country_field(_("state"))
    basis = models.CharField(_("basis"), max_length=16, choices=choices.NationalityBasis)
    note = EncryptedTextField(_("note"), max_length=2000, blank=True, default="")

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at"]


class NameForm(Provenance):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_forms")
    text = EncryptedTextField(_("name as written"), max_length=300, index_field="text_index")
    text_index = blind_index_field()
    script = models.CharField(_("script"), max_length=10, choices=choices.NameScript, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=choices.NameKind)
    recorder_language = models.CharField(
        _("language of the recorder"), max_length=8, choices=choices.RecorderLanguage
    )
    position = models.PositiveIntegerField(default=0, editable=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["position", "recorded_at"]

    @property
    def lang(self) -> str:
        """The language tag a page gives this name (screen readers, line breaking); "" to inherit.

        Hangul is Korean; Cyrillic is Ukrainian when a Ukrainian-speaking recorder wrote it,
        otherwise Russian; Latin and other scripts are transliterations of no one language.
        """
        if self.script == choices.NameScript.HANGUL:
            return "ko"
        if self.script == choices.NameScript.CYRILLIC:
            return "uk" if self.recorder_language == choices.RecorderLanguage.UKRAINIAN else "ru"
        return ""


class NameToken(models.Model):
    """Blind-indexed search keys of a person's names (whole form, words, compact form)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    value = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "value"], name="name_token_unique")]
        # Search starts from the value and needs only the person: the index alone answers it.
        indexes = [models.Index(fields=["value", "person"], name="name_token_value_person")]

    def __str__(self) -> str:
        return f"name token of {self.person_id}"


class LinkageKey(models.Model):
    """A blind-indexed blocking token of the record a person is compared as (registry.linkage_keys)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="linkage_keys")
    kind = models.CharField(max_length=16)
    value = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind", "value"], name="linkage_key_unique")]
        # Reconciliation looks tokens up by kind and value, and counts each unit's men: the index
        # alone answers both.
        indexes = [models.Index(fields=["kind", "value", "person"], name="linkage_key_kind_value")]

    def __str__(self) -> str:
        return f"linkage key of {self.person_id}"


class IdentityDocument(Provenance):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("document type"), max_length=20, choices=choices.DocumentType)
    issuing_state = country_field(_("issuing state"), blank=True, default="")
    number = EncryptedTextField(
        _("document number"), max_length=100, blank=True, default="", index_field="number_index"
    )
    number_index = blind_index_field()
    holder_name = EncryptedTextField(_("holder name as printed"), max_length=300, blank=True, default="")
    assessment = models.CharField(
        _("assessment"),
        max_length=20,
        choices=choices.DocumentAssessment,
        default=choices.DocumentAssessment.UNVERIFIED,
    )
    assessment_note = EncryptedTextField(_("assessment note"), max_length=2000, blank=True, default="")

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at"]


class DocumentScan(Provenance):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(IdentityDocument, on_delete=models.CASCADE, related_name="scans")
    filename = EncryptedTextField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    data = EncryptedBinaryField(_("content"))

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at"]


class ServiceRecord(Provenance):
    """GC III Art. 17 data: forces, unit, rank, serial number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="service_records")
    forces_of = country_field(_("armed forces of"))
    unit_designation = EncryptedTextField(_("unit designation"), max_length=300, blank=True, default="")
    rank = EncryptedTextField(_("rank"), max_length=100, blank=True, default="")
    serial_number = EncryptedTextField(
        _("serial number"), max_length=100, blank=True, default="", index_field="serial_index"
    )
    serial_index = blind_index_field()

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at"]


class Capture(Provenance):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="capture")
    captured_on = models.DateField(_("date of capture"), null=True, blank=True)
    date_text = EncryptedTextField(_("date as reported"), max_length=100, blank=True, default="")
    place = EncryptedTextField(_("place"), max_length=300, blank=True, default="")
    detaining_power = country_field(_("detaining power"))
    capturing_unit = EncryptedTextField(_("capturing unit"), max_length=300, blank=True, default="")
    circumstances = EncryptedTextField(_("circumstances"), max_length=5000, blank=True, default="")

    objects = RecordQuerySet.as_manager()

    class Meta:
        # The list's filter by date of capture.
        indexes = [models.Index(fields=["captured_on"], name="capture_captured_on")]


class CustodyEvent(Provenance):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="custody_events")
    kind = models.CharField(_("event"), max_length=12, choices=choices.CustodyKind)
    occurred_on = models.DateField(_("date"))
    facility = EncryptedTextField(_("facility"), max_length=300)
    note = EncryptedTextField(_("note"), max_length=2000, blank=True, default="")
    # Whether the ICRC (or a Protecting Power) could visit him there (GC III Art. 126), and when
    # that was granted or refused: the legal engine's `icrc_access` fact.
    icrc_access = models.CharField(
        _("ICRC access"), max_length=8, blank=True, default="", choices=choices.IcrcAccess
    )
    icrc_access_on = models.DateField(_("ICRC access granted or refused on"), null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "recorded_at"]

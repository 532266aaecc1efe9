"""API shapes of registry records: one output shape each, and the input a service takes."""

from __future__ import annotations

from rest_framework import serializers

from safepassage.registry.models import (
    CAPTURE_FIELDS,
    CUSTODY_FIELDS,
    DOCUMENT_FIELDS,
    NAME_FIELDS,
    NATIONALITY_FIELDS,
    PERSON_FIELDS,
    SERVICE_FIELDS,
    Capture,
    CustodyEvent,
    DocumentScan,
    IdentityDocument,
    NameForm,
    NationalityClaim,
    Person,
    ServiceRecord,
)

PROVENANCE = ["source", "recorded_by", "recorded_at"]


class PersonOut(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "case_number", *PERSON_FIELDS, "created_at", "updated_at", "version"]
        read_only_fields = fields


class PersonPseudonymousOut(serializers.ModelSerializer):
    """What a role without identity access sees: no birth date as recorded, no notes."""

    class Meta:
        model = Person
        fields = ["id", "case_number", "sex", "birth_year", "created_at", "updated_at", "version"]
        read_only_fields = fields


class PersonIn(serializers.ModelSerializer):
    version = serializers.IntegerField(
        required=False, help_text="The version you edited; a stale one is refused."
    )

    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "version"]
        # Explicit bounds: otherwise each database's integer range (none on SQLite, 32767 on
        # PostgreSQL) becomes the limit, and the API schema would differ between them. The
        # service checks the exact range (1900 to this year).
        extra_kwargs = {"birth_year": {"min_value": 1900, "max_value": 2100}}


def _out(model_: type, fields: list[str]) -> type[serializers.ModelSerializer]:
    meta = type("Meta", (), {"model": model_, "fields": ["id", *fields], "read_only_fields": ["id", *fields]})
    return type(f"{model_.__name__}Out", (serializers.ModelSerializer,), {"Meta": meta})


def _in(model_: type, fields: list[str]) -> type[serializers.ModelSerializer]:
    meta = type("Meta", (), {"model": model_, "fields": fields})
    return type(f"{model_.__name__}In", (serializers.ModelSerializer,), {"Meta": meta})


NameFormOut = _out(NameForm, [*NAME_FIELDS, "script", "position", "recorded_by", "recorded_at"])
NameFormIn = _in(NameForm, NAME_FIELDS)

NationalityClaimOut = _out(NationalityClaim, [*NATIONALITY_FIELDS, "recorded_by", "recorded_at"])
NationalityClaimIn = _in(NationalityClaim, NATIONALITY_FIELDS)

IdentityDocumentOut = _out(IdentityDocument, [*DOCUMENT_FIELDS, "recorded_by", "recorded_at"])
IdentityDocumentIn = _in(IdentityDocument, DOCUMENT_FIELDS)

ServiceRecordOut = _out(ServiceRecord, [*SERVICE_FIELDS, "recorded_by", "recorded_at"])
ServiceRecordIn = _in(ServiceRecord, SERVICE_FIELDS)

CaptureOut = _out(Capture, [*CAPTURE_FIELDS, "recorded_by", "recorded_at"])
CaptureIn = _in(Capture, CAPTURE_FIELDS)

CustodyEventOut = _out(CustodyEvent, [*CUSTODY_FIELDS, "recorded_by", "recorded_at"])
CustodyEventIn = _in(CustodyEvent, CUSTODY_FIELDS)

DocumentScanOut = _out(
    DocumentScan, ["filename", "content_type", "size", "source", "recorded_by", "recorded_at"]
)


class DocumentScanIn(serializers.Serializer):
    file = serializers.FileField()
    source = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")

"""Registry REST API: persons and their records, every call scoped by `for_user`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from safepassage.audit.services import audit_read
from safepassage.core.api import PolicyApiView, call_service
from safepassage.core.policy import can
from safepassage.registry import selectors, services
from safepassage.registry import serializers as s
from safepassage.registry.models import (
    Capture,
    CustodyEvent,
    DocumentScan,
    IdentityDocument,
    NameForm,
    NationalityClaim,
    Person,
    ServiceRecord,
)

ERR_SEARCH_NEEDS_IDENTITY = (
    "Searching by name or document number shows who is registered under it: it needs identity access "
    "(a neutral monitor: step up first). A case number search needs none."
)


def _person_out(request: Request) -> type:
    return s.PersonOut if can(request.user, "person.identity.read") else s.PersonPseudonymousOut


def _audit_identity_read(request: Request, view: Any, person: Person, obj: Any = None) -> None:
    """Reads of identifying records are audited; custody and capture facts are not identity."""
    if view.permission_read == "person.identity.read":
        fields = [view.model._meta.label_lower]
        audit_read(actor=request.user, persons=[person], what="identity", fields=fields, obj=obj)


class PersonListApi(PolicyApiView):
    """List the persons the caller may see (search with ?q=), or register a new person."""

    permission_read = "person.list"
    permission_write = "person.create"
    serializer_class = s.PersonOut

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description=(
                    "A case number; a document or serial number or 4+ of its digits; or a name in any "
                    "script, system or order. Names and numbers need identity access (a monitor: after "
                    "step-up). Each result then carries `match`: its score and why it was found."
                ),
            )
        ],
        responses=s.PersonOut(many=True),
    )
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "")
        found = selectors.person_find(user=request.user, filters=selectors.PersonFilters(q=q))
        if found.kind in (selectors.QueryKind.NAME, selectors.QueryKind.DOCUMENT):
            services.person_search_record(
                actor=request.user,
                kind=found.kind,
                query_index=selectors.query_index(q),
                refused=found.refused,
            )
            if found.refused:
                # A response, not an exception: the refusal's audit event must not be rolled back.
                return Response({"detail": ERR_SEARCH_NEEDS_IDENTITY}, status=status.HTTP_403_FORBIDDEN)
        page = self.paginate_queryset(found.people)
        shown = _person_out(request)(page, many=True).data
        if found.reasons:
            for person, row in zip(page, shown, strict=True):
                row["match"] = {
                    "score": round(found.scores.get(person.pk, 1.0), 3),
                    "reason": found.reasons.get(person.pk, ""),
                }
        if can(request.user, "person.identity.read") and found.kind is not selectors.QueryKind.NONE:
            audit_read(actor=request.user, persons=list(page), what="identity", fields=["search"])
        return self.get_paginated_response(shown)

    @extend_schema(request=s.PersonIn, responses={201: s.PersonOut})
    def post(self, request: Request) -> Response:
        data = s.PersonIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k != "version"}
        person = call_service(services.person_create, actor=request.user, **values)
        return Response(s.PersonOut(person).data, status=status.HTTP_201_CREATED)


class PersonDetailApi(PolicyApiView):
    """Read one person (pseudonymous unless the caller may see identities), or correct him."""

    permission_read = "person.view"
    permission_write = "person.edit"
    serializer_class = s.PersonOut

    @extend_schema(responses=s.PersonOut)
    def get(self, request: Request, pk: Any) -> Response:
        person = selectors.person_or_404(request.user, pk)
        if person.merged_into_id is not None:
            # A registration merged into another answers with the survivor (his `id` says which).
            person = selectors.person_or_404(request.user, selectors.person_current(person).pk)
        return Response(_person_out(request)(person).data)

    @extend_schema(request=s.PersonIn, responses=s.PersonOut)
    def patch(self, request: Request, pk: Any) -> Response:
        person = selectors.person_or_404(request.user, pk)
        data = s.PersonIn(instance=person, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", None)
        person = call_service(
            services.person_update,
            actor=request.user,
            person=person,
            expected_version=version,
            **values,
        )
        return Response(s.PersonOut(person).data)


class RecordListApi(PolicyApiView):
    """List a person's records of one kind, or add one through the kind's service."""

    model: Any = None
    output: Any = None
    input: Any = None
    service: Any = None
    permission_read = "person.identity.read"
    permission_write = "person.identity.write"

    def get_queryset(self) -> Any:
        return self.model.objects.for_user(self.request.user)

    def get(self, request: Request, pk: Any) -> Response:
        person = selectors.person_or_404(request.user, pk)
        page = self.paginate_queryset(self.get_queryset().filter(person=person))
        _audit_identity_read(request, self, person)
        return self.get_paginated_response(self.output(page, many=True).data)

    def post(self, request: Request, pk: Any) -> Response:
        person = selectors.person_or_404(request.user, pk)
        data = self.input(data=request.data)
        data.is_valid(raise_exception=True)
        record = call_service(type(self).service, actor=request.user, person=person, **data.validated_data)
        return Response(self.output(record).data, status=status.HTTP_201_CREATED)


class RecordDetailApi(PolicyApiView):
    """Read one record of a person, or correct it through the kind's update service."""

    model: Any = None
    output: Any = None
    input: Any = None
    update: Any = None
    target: str = ""
    permission_read = "person.identity.read"
    permission_write = "person.identity.write"

    def record(self, request: Request, pk: Any, record: Any) -> Any:
        person = selectors.person_or_404(request.user, pk)
        found = self.model.objects.for_user(request.user).filter(person=person, pk=record).first()
        if found is None:
            raise Http404
        return found

    def get(self, request: Request, pk: Any, record: Any) -> Response:
        found = self.record(request, pk, record)
        _audit_identity_read(request, self, found.person, obj=found)
        return Response(self.output(found).data)

    def patch(self, request: Request, pk: Any, record: Any) -> Response:
        found = self.record(request, pk, record)
        fresh = self.model.objects.for_user(request.user).get(pk=found.pk)
        data = self.input(instance=fresh, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        updated = call_service(
            type(self).update, actor=request.user, **{self.target: found}, **data.validated_data
        )
        return Response(self.output(updated).data)


def _documented(cls: type, inp: Any, out: Any, methods: tuple[str, ...]) -> type:
    """Tell the schema generator the shapes of a generic record endpoint."""
    for method in methods:
        request = inp if method in {"post", "patch", "put"} else None
        many = method == "get" and issubclass(cls, RecordListApi)
        responses = out(many=True) if many else ({201: out} if method == "post" else out)
        setattr(cls, method, extend_schema(request=request, responses=responses)(getattr(cls, method)))
    return cls


def _list_api(name: str, model: Any, out: Any, inp: Any, service: Any, read: str, write: str) -> type:
    attrs = {
        "model": model,
        "output": out,
        "input": inp,
        "service": staticmethod(service),
        "serializer_class": out,
        "permission_read": read,
        "permission_write": write,
        "get": RecordListApi.get,
        "post": RecordListApi.post,
    }
    return _documented(type(name, (RecordListApi,), attrs), inp, out, ("get", "post"))


def _detail_api(
    name: str,
    model: Any,
    out: Any,
    inp: Any,
    update: Any,
    target: str,
    read: str = "person.identity.read",
    write: str = "person.identity.write",
) -> type:
    attrs = {
        "permission_read": read,
        "permission_write": write,
        "model": model,
        "output": out,
        "input": inp,
        "update": staticmethod(update),
        "target": target,
        "serializer_class": out,
        "get": RecordDetailApi.get,
        "patch": RecordDetailApi.patch,
    }
    return _documented(type(name, (RecordDetailApi,), attrs), inp, out, ("get", "patch"))


IDENTITY, IDENTITY_WRITE = "person.identity.read", "person.identity.write"
VIEW, EDIT = "person.view", "person.edit"
NameListApi = _list_api(
    "NameListApi", NameForm, s.NameFormOut, s.NameFormIn, services.name_form_add, IDENTITY, IDENTITY_WRITE
)
NameDetailApi = _detail_api(
    "NameDetailApi", NameForm, s.NameFormOut, s.NameFormIn, services.name_form_update, "name_form"
)
NationalityListApi = _list_api(
    "NationalityListApi",
    NationalityClaim,
    s.NationalityClaimOut,
    s.NationalityClaimIn,
    services.nationality_claim_add,
    IDENTITY,
    IDENTITY_WRITE,
)
DocumentListApi = _list_api(
    "DocumentListApi",
    IdentityDocument,
    s.IdentityDocumentOut,
    s.IdentityDocumentIn,
    services.identity_document_add,
    IDENTITY,
    IDENTITY_WRITE,
)
DocumentDetailApi = _detail_api(
    "DocumentDetailApi",
    IdentityDocument,
    s.IdentityDocumentOut,
    s.IdentityDocumentIn,
    services.identity_document_update,
    "document",
)
ServiceRecordListApi = _list_api(
    "ServiceRecordListApi",
    ServiceRecord,
    s.ServiceRecordOut,
    s.ServiceRecordIn,
    services.service_record_add,
    IDENTITY,
    IDENTITY_WRITE,
)
NationalityDetailApi = _detail_api(
    "NationalityDetailApi",
    NationalityClaim,
    s.NationalityClaimOut,
    s.NationalityClaimIn,
    services.nationality_claim_update,
    "claim",
)
ServiceRecordDetailApi = _detail_api(
    "ServiceRecordDetailApi",
    ServiceRecord,
    s.ServiceRecordOut,
    s.ServiceRecordIn,
    services.service_record_update,
    "record",
)
CustodyDetailApi = _detail_api(
    "CustodyDetailApi",
    CustodyEvent,
    s.CustodyEventOut,
    s.CustodyEventIn,
    services.custody_event_update,
    "event",
    read=VIEW,
    write=EDIT,
)
CustodyListApi = _list_api(
    "CustodyListApi",
    CustodyEvent,
    s.CustodyEventOut,
    s.CustodyEventIn,
    services.custody_event_add,
    VIEW,
    EDIT,
)


class CaptureApi(PolicyApiView):
    """Read the capture facts of a person, or set them (one capture per person)."""

    permission_read = VIEW
    permission_write = EDIT
    serializer_class = s.CaptureOut

    @extend_schema(responses=s.CaptureOut)
    def get(self, request: Request, pk: Any) -> Response:
        person = selectors.person_or_404(request.user, pk)
        capture = Capture.objects.for_user(request.user).filter(person=person).first()
        if capture is None:
            raise Http404
        return Response(s.CaptureOut(capture).data)

    @extend_schema(request=s.CaptureIn, responses=s.CaptureOut)
    def put(self, request: Request, pk: Any) -> Response:
        person = selectors.person_or_404(request.user, pk)
        data = s.CaptureIn(data=request.data)
        data.is_valid(raise_exception=True)
        capture = call_service(services.capture_set, actor=request.user, person=person, **data.validated_data)
        return Response(s.CaptureOut(capture).data)


class ScanListApi(PolicyApiView):
    """List the scans of an identity document, or attach one (PDF, PNG, JPEG or TIFF, read from its bytes)."""

    permission_read = IDENTITY
    permission_write = IDENTITY_WRITE
    serializer_class = s.DocumentScanOut
    parser_classes = [MultiPartParser]

    def document(self, request: Request, pk: Any, record: Any) -> IdentityDocument:
        person = selectors.person_or_404(request.user, pk)
        doc = IdentityDocument.objects.for_user(request.user).filter(person=person, pk=record).first()
        if doc is None:
            raise Http404
        return doc

    @extend_schema(responses=s.DocumentScanOut(many=True))
    def get(self, request: Request, pk: Any, record: Any) -> Response:
        doc = self.document(request, pk, record)
        scans = DocumentScan.objects.for_user(request.user).filter(document=doc).defer("data")
        audit_read(actor=request.user, persons=[doc.person], what="identity", fields=["scans"], obj=doc)
        return Response(s.DocumentScanOut(scans, many=True).data)

    @extend_schema(request=s.DocumentScanIn, responses={201: s.DocumentScanOut})
    def post(self, request: Request, pk: Any, record: Any) -> Response:
        doc = self.document(request, pk, record)
        data = s.DocumentScanIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        scan = call_service(
            services.document_scan_add,
            actor=request.user,
            document=doc,
            filename=upload.name,
            data=upload.read(settings.SCAN_MAX_BYTES + 1),
            source=data.validated_data["source"],
        )
        return Response(s.DocumentScanOut(scan).data, status=status.HTTP_201_CREATED)

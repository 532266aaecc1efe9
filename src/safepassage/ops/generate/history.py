"""One fictional person's full history as unsaved model instances, and the audit events the app writes."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.db import models

from safepassage.audit.services import PendingEvent
from safepassage.core.keys import keyring
from safepassage.linkage.synthetic.people import Person as Synthetic
from safepassage.names import romanize, to_cyrillic
from safepassage.protection.models import (
    Application,
    ApplicationStep,
    CaseFacts,
    EvidenceItem,
    Interview,
    RiskAssessment,
)
from safepassage.registry.linkage_keys import NOT_COMPARED, birth_text, form_rank, key_values
from safepassage.registry.models import (
    CAPTURE_FIELDS,
    DOCUMENT_FIELDS,
    NAME_FIELDS,
    SERVICE_FIELDS,
    Capture,
    CustodyEvent,
    IdentityDocument,
    LinkageKey,
    NameForm,
    NameToken,
    NationalityClaim,
    Person,
    ServiceRecord,
)
from safepassage.registry.search_keys import search_key_values
from safepassage.registry.services import name_token_values, script_of

PLACES = (
    "Border area near Sudzha",
    "Forest near Plekhovo",
    "Village outskirts, sector 4",
    "Field position 12",
)
FACILITIES = ("Holding facility North-1", "Holding facility West-2", "Military hospital 7", "Camp Centre-3")
RANKS = ("Private", "Corporal", "Sergeant", "Junior lieutenant", "Lieutenant")
VERSION_BUMPS = frozenset(
    {"name_form.add", "identity_document.add", "nationality_claim.add", "service_record.add",
     "capture.record", "custody_event.add"}
)  # fmt: skip
CAPTURE_FIRST = date(2024, 11, 1)
CAPTURE_DAYS = 600


@dataclass
class Actors:
    """Who records what, as in the app: caseworkers register, monitors verify, legal officers assess."""

    caseworker: Any
    monitor: Any
    legal: Any
    legal_2: Any


@dataclass
class History:
    """Every row of one person, grouped by model, with the audit events in the order the app writes them."""

    person: Person
    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    events: list[PendingEvent] = field(default_factory=list)

    def add(self, actor: Any, action: str, obj: models.Model, fields: list[str]) -> None:
        self.rows.setdefault(type(obj), []).append(obj)
        self.events.append(PendingEvent(actor, action, obj, tuple(fields), self.person.pk))

    def of(self, model: type[models.Model]) -> list[Any]:
        return self.rows.get(model, [])


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@lru_cache(maxsize=100_000)
def _forms_of(hangul: str) -> tuple[str, str, str]:
    """Russian and Ukrainian Cyrillic (given name joined) and the North Korean Latin spelling."""
    return (
        to_cyrillic(hangul, lang="ru", joined=True),
        to_cyrillic(hangul, lang="uk", joined=False),
        romanize(hangul, system="nk"),
    )


def _names(h: History, rng: random.Random, who: Synthetic, actor: Any) -> None:
    ru, uk, latin = _forms_of(who.hangul)
    forms = [
        (who.hangul, "legal", "ko", "Registration interview"),
        (ru, "transliteration", "ru", "Custody register"),
    ]
    forms.append((latin, "transliteration", "en", "Neutral monitor's visit notes"))
    if rng.random() < 0.3:
        forms.append((uk, "transliteration", "uk", "Ukrainian-language custody register"))
    if who.false_identity:
        forms.append((who.false_identity, "document", "ru", "Russian military ID carried at capture"))
    for position, (text, kind, lang, source) in enumerate(forms):
        form = NameForm(
            id=_uuid(rng), person=h.person, text=text, kind=kind, recorder_language=lang, source=source,
            recorded_by=actor, position=position, script=script_of(text),
        )  # fmt: skip
        h.add(actor, "name_form.add", form, [*NAME_FIELDS, "script"])
    for value in sorted(name_token_values(f[0] for f in forms)):
        h.rows.setdefault(NameToken, []).append(NameToken(person=h.person, value=value))


def _documents(h: History, rng: random.Random, who: Synthetic, actor: Any) -> None:
    if who.false_identity:
        doc = IdentityDocument(
            id=_uuid(rng), person=h.person, doc_type="military_id", issuing_state="RU",
            number=f"ВК {rng.randint(1000000, 9999999)}", holder_name=who.false_identity,
            assessment=rng.choice(["forged", "issued_to_another"]),
            assessment_note="Photograph and age do not match the holder named on the card.",
            source="Found on the person at capture", recorded_by=actor,
        )  # fmt: skip
        h.add(actor, "identity_document.add", doc, DOCUMENT_FIELDS)
    if rng.random() < 0.15:
        doc = IdentityDocument(
            id=_uuid(rng), person=h.person, doc_type="other", issuing_state="KP",
            number=f"{rng.randint(100000, 999999)}", holder_name=who.hangul, assessment="unverified",
            source="Soldier's card handed over at registration", recorded_by=actor,
        )  # fmt: skip
        h.add(
            actor,
            "identity_document.add",
            doc,
            ["doc_type", "issuing_state", "number", "holder_name", "source"],
        )


def _facts_records(h: History, rng: random.Random, who: Synthetic, actor: Any, today: date) -> date:
    claim = NationalityClaim(
        id=_uuid(rng), person=h.person, state="KP", recorded_by=actor,
        basis="self_declared" if rng.random() < 0.6 else "assessment",
    )  # fmt: skip
    h.add(actor, "nationality_claim.add", claim, ["state", "basis"])
    if rng.random() < 0.1:
        other = NationalityClaim(
            id=_uuid(rng), person=h.person, state="KR", basis="state_claim", recorded_by=actor,
            note="The Republic of Korea regards him as its national.",
        )  # fmt: skip
        h.add(actor, "nationality_claim.add", other, ["state", "basis", "note"])
    serial = f"KP-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}" if rng.random() < 0.5 else ""
    service = ServiceRecord(
        id=_uuid(rng), person=h.person, forces_of="KP", unit_designation=f"в/ч {who.unit}",
        rank=rng.choice(RANKS), serial_number=serial, source="Stated by the person", recorded_by=actor,
    )  # fmt: skip
    h.add(actor, "service_record.add", service, SERVICE_FIELDS)
    captured = min(CAPTURE_FIRST + timedelta(days=rng.randrange(CAPTURE_DAYS)), today - timedelta(days=30))
    capture = Capture(
        id=_uuid(rng), person=h.person, captured_on=captured, date_text=captured.strftime("%d.%m.%Y"),
        place=rng.choice(PLACES), detaining_power="UA", capturing_unit=f"Brigade {rng.randint(1, 150)}",
        circumstances=rng.choice(["Wounded; captured after a firefight.", "Surrendered.", "Found hiding."]),
        source="Capturing unit's report", recorded_by=actor,
    )  # fmt: skip
    h.add(actor, "capture.record", capture, CAPTURE_FIELDS)
    day = captured
    kinds = (
        ["admitted"]
        + (["hospital"] if rng.random() < 0.15 else [])
        + (["transfer"] if rng.random() < 0.4 else [])
    )
    for kind in kinds:
        day = min(day + timedelta(days=rng.randint(1, 20)), today)
        event = CustodyEvent(
            id=_uuid(rng), person=h.person, kind=kind, occurred_on=day, facility=rng.choice(FACILITIES),
            recorded_by=actor,
        )  # fmt: skip
        h.add(actor, "custody_event.add", event, ["kind", "occurred_on", "facility"])
    return captured


def _linkage_keys(h: History) -> None:
    """The keys services._reindex_linkage leaves: compared name, birth facts, unit; search keys."""
    forms = [f for f in h.of(NameForm) if f.kind != NOT_COMPARED]
    if not forms:
        return
    best = min(forms, key=lambda f: (form_rank(f.script, f.kind), f.position))
    records = h.of(ServiceRecord)
    unit = records[-1].unit_designation if records else ""
    birth = birth_text(h.person.birth_date, h.person.birth_year)
    numbers = [d.number for d in h.of(IdentityDocument) if d.number]
    numbers += [r.serial_number for r in records if r.serial_number]
    keys = key_values(keyring(), best.text, birth, unit)
    keys |= search_key_values(keyring(), [f.text for f in forms], numbers)
    for kind, value in sorted(keys):
        h.rows.setdefault(LinkageKey, []).append(LinkageKey(person=h.person, kind=kind, value=value))


def _interview(h: History, rng: random.Random, actor: Any, held: date, verified: bool) -> Interview:
    wish = rng.choices(["not_return", "return", "undecided"], [0.6, 0.25, 0.15])[0]
    checks = dict.fromkeys(
        (
            "informed_of_purpose",
            "understood_language",
            "no_coercion_observed",
            "no_promises_made",
            "free_to_stop",
        ),
        verified or rng.random() < 0.7,
    )
    interview = Interview(
        id=_uuid(rng), person=h.person, held_on=held, place=rng.choice(FACILITIES),
        interviewer_name="Delegate (fictional)" if verified else "Caseworker (fictional)",
        interpreter="Korean interpreter (fictional)", language="ko", others_present="", consent=True,
        wish=wish, wish_destination="KR" if wish == "not_return" else "", statement="(fictional statement)",
        verified_private=verified, recorded_by=actor, **checks,
    )  # fmt: skip
    fields = ["held_on", "place", "interviewer_name", "interpreter", "language", "others_present", "consent",
              "wish", "wish_destination", "statement", "verified_private", *checks]  # fmt: skip
    h.add(actor, "interview.record", interview, fields)
    return interview


def _protection(h: History, rng: random.Random, actors: Actors, captured: date, today: date) -> None:
    days = max(1, (today - captured).days)
    if rng.random() < 0.7:
        _interview(h, rng, actors.caseworker, captured + timedelta(days=rng.randrange(days)), verified=False)
    if rng.random() < 0.35:
        _interview(h, rng, actors.monitor, captured + timedelta(days=rng.randrange(days)), verified=True)
    if rng.random() < 0.2:
        approved = rng.random() < 0.6
        risk = RiskAssessment(
            id=_uuid(rng), person=h.person, destination="KP", risk_kinds=["torture", "persecution"],
            conclusion="substantial", summary="(fictional reasoning)", recorded_by=actors.legal,
        )  # fmt: skip
        h.add(
            actors.legal,
            "risk_assessment.create",
            risk,
            ["destination", "risk_kinds", "conclusion", "summary"],
        )
        item = EvidenceItem(
            id=_uuid(rng), assessment=risk, kind="country_information", source="Country report (fictional)",
            description="Returnees held in detention.", recorded_by=actors.legal,
        )  # fmt: skip
        h.add(actors.legal, "evidence.add", item, ["kind", "source", "description"])
        risk.status = "submitted"
        h.events.append(PendingEvent(actors.legal, "risk_assessment.submit", risk, ("status",), h.person.pk))
        if approved:
            risk.status, risk.reviewer, risk.reviewed_at = "approved", actors.legal_2, _noon(today)
            fields = ("status", "reviewer", "reviewed_at", "review_note")
            h.events.append(
                PendingEvent(actors.legal_2, "risk_assessment.approve", risk, fields, h.person.pk)
            )
    if rng.random() < 0.15:
        filed = captured + timedelta(days=rng.randrange(days))
        application = Application(
            id=_uuid(rng), person=h.person, procedure="ua_refugee", kind="asylum", filed_on=filed,
            reference=f"UA-{rng.randint(10000, 99999)}", recorded_by=actors.legal,
        )  # fmt: skip
        h.add(actors.legal, "application.open", application, ["procedure", "kind", "filed_on", "reference"])
        step = ApplicationStep(
            id=_uuid(rng), application=application, step="applied", done_on=filed, recorded_by=actors.legal
        )
        h.add(actors.legal, "application.step", step, ["step", "done_on", "note"])
    if rng.random() < 0.5:
        facts = CaseFacts(id=_uuid(rng), person=h.person, belligerent_act=True, recorded_by=actors.legal)
        if rng.random() < 0.1:
            facts.seriously_sick_or_wounded = True
        fields = ["belligerent_act"] + (
            ["seriously_sick_or_wounded"] if facts.seriously_sick_or_wounded else []
        )
        h.add(actors.legal, "case_facts.set", facts, fields)


def _noon(day: date) -> Any:
    from datetime import UTC, datetime

    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def person_history(
    rng: random.Random, who: Synthetic, *, case_number: str, unit: Any, actors: Actors, today: date
) -> History:
    """A registered, captured, interviewed and assessed fictional soldier, as the services would leave him."""
    birth: dict[str, Any] = {"birth_precision": "unknown"}
    roll = rng.random()
    if roll < 0.5:
        birth = {"birth_precision": "full", "birth_date": who.birth, "birth_year": who.birth.year,
                 "birth_date_text": who.birth.strftime("%d.%m.%Y")}  # fmt: skip
    elif roll < 0.8:
        birth = {"birth_precision": "year", "birth_year": who.birth.year}
    person = Person(id=_uuid(rng), case_number=case_number, sex="male", unit=unit, **birth)
    h = History(person)
    fields = ["case_number", "sex", "birth_precision", "birth_date", "birth_year"]
    fields += [f for f in ("birth_date_text", "unit") if f == "unit" or birth.get(f)]
    h.add(actors.caseworker, "person.create", person, fields)
    _names(h, rng, who, actors.caseworker)
    _documents(h, rng, who, actors.caseworker)
    captured = _facts_records(h, rng, who, actors.caseworker, today)
    _linkage_keys(h)
    _protection(h, rng, actors, captured, today)
    # Each registry write bumps the person's version (services._bump); protection writes do not.
    person.version = 1 + sum(1 for e in h.events if e.action in VERSION_BUMPS)
    return h

"""The fictional demo: about fifty captured soldiers, users for each role, generated password."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from safepassage.accounts.models import Unit
from safepassage.accounts.services import user_create
from safepassage.core.roles import Role
from safepassage.registry import services
from safepassage.registry.demo_names import (
    FALSE_GIVEN,
    FALSE_PATRONYMICS,
    FALSE_SURNAMES,
    GIVEN_SYLLABLES,
    SURNAMES,
)
from safepassage.registry.models import Person

DEMO_CASE = "SP-DEMO-0001"
DEMO_COUNT = 50
PASSWORD_FILE = "demo-password.txt"  # noqa: S105 (a file name)
# One otpauth:// URI per demo account: scan it into an authenticator app (MFA is required).
TOTP_FILE = "demo-totp.txt"
DEMO_USERS = {
    "demo-caseworker": Role.CASEWORKER,
    "demo-legal": Role.LEGAL_OFFICER,
    "demo-legal-2": Role.LEGAL_OFFICER,
    "demo-monitor": Role.NEUTRAL_MONITOR,
    "demo-negotiator": Role.NEGOTIATOR,
    "demo-auditor": Role.AUDITOR,
    "demo-admin": Role.ADMINISTRATOR,
}
FACILITIES = ["Holding facility North-1", "Holding facility West-2", "Military hospital 7"]


@dataclass(frozen=True)
class DemoName:
    hangul: str
    latin: str
    cyrillic: str
    cyrillic_joined: str


def make_name(rng: random.Random) -> DemoName:
    surname = rng.choice(list(SURNAMES))
    given = rng.sample(list(GIVEN_SYLLABLES), 2)
    lat = [SURNAMES[surname][0]] + [GIVEN_SYLLABLES[g][0] for g in given]
    cyr = [SURNAMES[surname][1]] + [GIVEN_SYLLABLES[g][1] for g in given]
    joined = cyr[1] + cyr[2].lower()
    return DemoName(surname + "".join(given), " ".join(lat), " ".join(cyr), f"{cyr[0]} {joined}")


def _password(home: Path) -> str:
    path = home / PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(18)
    path.touch(mode=0o600)
    path.write_text(value + "\n", encoding="utf-8")
    return value


def ensure_demo_users(home: Path) -> dict[str, object]:
    password = _password(home)
    unit_a, _ = Unit.objects.get_or_create(name="Unit A")
    User = get_user_model()
    users: dict[str, object] = {}
    for username, role in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            unit = unit_a if role is Role.CASEWORKER else None
            user = user_create(
                actor=None, username=username, role=role, password=password, unit=unit, check_password=False
            )
        users[username] = user
    _demo_totp(home, users)
    return users


def _demo_totp(home: Path, users: dict[str, object]) -> None:
    """Enrol every demo account that has no TOTP yet, appending its URI to the private demo file."""
    from allauth.mfa.models import Authenticator

    from safepassage.accounts.services import mfa_totp_enrol

    path = home / TOTP_FILE
    if not path.exists():
        path.touch(mode=0o600)
    for username, user in users.items():
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            continue
        uri = mfa_totp_enrol(actor=None, user=user)  # type: ignore[arg-type]
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"{username} {uri}\n")


def load_demo(home: Path) -> int:
    """Load the demo once; a second call adds nothing. Returns the number of persons created."""
    users = ensure_demo_users(home)
    if Person.objects.filter(case_number=DEMO_CASE).exists():
        return 0
    rng = random.Random(20250109)  # noqa: S311 (fixed seed: the same demo on every machine)
    units = [Unit.objects.get(name="Unit A"), Unit.objects.get_or_create(name="Unit B")[0]]
    with transaction.atomic():
        demo_case(users["demo-caseworker"], units[0])
        for number in range(2, DEMO_COUNT + 1):
            _generated_case(rng, number, users, units[number % 4 == 0])
    return DEMO_COUNT


def demo_case(cw: Any, unit: Unit) -> Person:
    """SP-DEMO-0001, a soldier who has said he does not want to return; fictional in every detail."""
    person = services.person_create(
        actor=cw,
        case_number=DEMO_CASE,
        sex="male",
        birth_precision="year",
        birth_year=2003,
        birth_date_text="2003 (stated in first interview)",
        unit=unit,
        notes="Says he does not want to be sent back. Keep away from the media.",
    )
    names = [
        ("리명학", "legal", "ko", "Stated by the person in the first interview"),
        ("Ри Мён Хак", "transliteration", "ru", "Detaining power's interrogation record"),
        ("Рі Мьон Хак", "transliteration", "uk", "Ukrainian-language custody register"),
        ("Ri Myong Hak", "transliteration", "en", "Neutral monitor's visit notes"),
        ("Ооржак Айдын Сергеевич", "document", "ru", "Russian military ID carried at capture"),
    ]
    for text, kind, lang, source in names:
        services.name_form_add(
            actor=cw, person=person, text=text, kind=kind, recorder_language=lang, source=source
        )
    services.nationality_claim_add(
        actor=cw,
        person=person,
        state="KP",
        basis="self_declared",
        note="Says he is from the north of the country.",
    )
    services.nationality_claim_add(
        actor=cw,
        person=person,
        state="KR",
        basis="state_claim",
        note="The Republic of Korea regards him as its national.",
    )
    services.identity_document_add(
        actor=cw,
        person=person,
        doc_type="military_id",
        issuing_state="RU",
        number="ВК 4417093",
        holder_name="Ооржак Айдын Сергеевич",
        assessment="issued_to_another",
        assessment_note="Photograph and age do not match the holder named on the card.",
        source="Found on the person at capture",
    )
    services.service_record_add(
        actor=cw,
        person=person,
        forces_of="KP",
        unit_designation="Special operations unit (designation unknown)",
        rank="Private",
        serial_number="",
        source="Stated by the person",
    )
    services.capture_set(
        actor=cw,
        person=person,
        captured_on=date(2025, 1, 14),
        date_text="mid-January 2025",
        place="Border area (fictional demo place)",
        detaining_power="UA",
        capturing_unit="Demo brigade 1",
        circumstances="Wounded; captured after a firefight.",
        source="Capturing unit's report",
    )
    services.custody_event_add(
        actor=cw,
        person=person,
        kind="hospital",
        occurred_on=date(2025, 1, 15),
        facility="Military hospital 7",
    )
    services.custody_event_add(
        actor=cw,
        person=person,
        kind="admitted",
        occurred_on=date(2025, 2, 20),
        facility="Holding facility North-1",
        # GC III Art. 126: delegates of the ICRC may visit him; the demo records a first visit.
        icrc_access="granted",
        icrc_access_on=date(2025, 3, 4),
    )
    return person


def _generated_case(rng: random.Random, number: int, users: dict[str, object], unit: Unit) -> None:
    cw = users["demo-caseworker"]
    name = make_name(rng)
    known_birth = rng.random()
    birth: dict[str, object] = {"birth_precision": "unknown"}
    if known_birth < 0.5:
        born = date(rng.randint(1995, 2006), rng.randint(1, 12), rng.randint(1, 28))
        birth = {"birth_precision": "full", "birth_date": born, "birth_date_text": born.strftime("%d.%m.%Y")}
    elif known_birth < 0.8:
        birth = {"birth_precision": "year", "birth_year": rng.randint(1995, 2006)}
    # A caseworker registers in his own unit; another unit's cases are entered by a legal officer.
    registrar = cw if unit.name == "Unit A" else users["demo-legal"]
    person = services.person_create(
        actor=registrar, case_number=f"SP-DEMO-{number:04d}", sex="male", unit=unit, **birth
    )
    forms = [
        (name.hangul, "legal", "ko"),
        (name.cyrillic, "transliteration", "ru"),
        (name.latin, "transliteration", "en"),
    ]
    if rng.random() < 0.3:
        forms.append((name.cyrillic_joined, "transliteration", "uk"))
    for text, kind, lang in forms:
        services.name_form_add(
            actor=cw,
            person=person,
            text=text,
            kind=kind,
            recorder_language=lang,
            source="Registration interview",
        )
    services.nationality_claim_add(actor=cw, person=person, state="KP", basis="assessment")
    if rng.random() < 0.3:
        false_name = f"{rng.choice(FALSE_SURNAMES)} {rng.choice(FALSE_GIVEN)} {rng.choice(FALSE_PATRONYMICS)}"
        services.name_form_add(
            actor=cw,
            person=person,
            text=false_name,
            kind="document",
            recorder_language="ru",
            source="Russian military ID",
        )
        services.identity_document_add(
            actor=cw,
            person=person,
            doc_type="military_id",
            issuing_state="RU",
            number=f"ВК {rng.randint(1000000, 9999999)}",
            holder_name=false_name,
            assessment=rng.choice(["forged", "issued_to_another"]),
            source="Found at capture",
        )
    services.service_record_add(
        actor=cw,
        person=person,
        forces_of="KP",
        unit_designation=f"Unit {rng.randint(100, 999)}",
        rank=rng.choice(["Private", "Corporal", "Sergeant", "Junior lieutenant"]),
        serial_number="",
        source="Stated by the person",
    )
    captured = date(2024, 12, 1) + timedelta(days=rng.randint(0, 300))
    services.capture_set(
        actor=cw,
        person=person,
        captured_on=captured,
        detaining_power="UA",
        place="Border area (fictional demo place)",
        source="Capturing unit's report",
    )
    services.custody_event_add(
        actor=cw,
        person=person,
        kind="admitted",
        occurred_on=captured + timedelta(days=rng.randint(1, 20)),
        facility=rng.choice(FACILITIES[:2]),
    )

"""Personas and records for the database tests: one user per role, two units, a few persons."""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from safepassage.accounts.models import Unit
from safepassage.accounts.services import user_create
from safepassage.core.roles import Role
from safepassage.registry import services
from safepassage.registry.demo import demo_case

from .homes import Home, home_from

PERSONAS = {
    "carla": Role.CASEWORKER,
    "lev": Role.LEGAL_OFFICER,
    "mona": Role.NEUTRAL_MONITOR,
    "nick": Role.NEGOTIATOR,
    "aude": Role.AUDITOR,
    "adam": Role.ADMINISTRATOR,
}
PASSWORD = "correct horse battery staple 42"


def complete_mfa(client: Client, user: Any) -> None:
    """What a real sign-in leaves behind: a TOTP factor, and a session that used it after the password."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
        RecoveryCodes.activate(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture(autouse=True)
def _signed_in_test_clients_have_completed_mfa(monkeypatch: pytest.MonkeyPatch) -> None:
    """`force_login` stands for the whole sign-in, second factor included (MfaRequiredMiddleware)."""
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        complete_mfa(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _witness_directory_of_the_test(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Automatic checkpoints copy to a directory of each test's own, never to the shared home."""
    settings.SAFEPASSAGE_AUDIT_WITNESS_DIR = str(tmp_path_factory.mktemp("witness"))


# Argon2 is the production hasher (settings); tests need speed, not its cost.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS


@contextmanager
def rows_kept_for_the_class(django_db_blocker: Any, home: Path) -> Iterator[None]:
    """For a class-scoped fixture: rows written inside are there for every test of the class, each
    test's own transaction (pytest-django's `db`) rolling back to them; after the class's last test
    they are rolled back too. `home` stands for SAFEPASSAGE_HOME and the witness directory meanwhile.

    Only for tests that do not commit: a `transactional_db` test would see the rows half kept."""
    with (
        override_settings(
            SAFEPASSAGE_HOME=home,
            SAFEPASSAGE_AUDIT_WITNESS_DIR=str(home / "witness"),
            PASSWORD_HASHERS=FAST_HASHERS,
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


class _InThisProcess:
    """linkage.apart's one-worker process pool, run in this process: what goes to the child and what
    comes back is pickled both ways as it would be, without the seconds a fresh interpreter takes to
    import the engine."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> _InThisProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            call, call_args, call_kwargs = pickle.loads(pickle.dumps((fn, args, kwargs)))
            future.set_result(pickle.loads(pickle.dumps(call(*call_args, **call_kwargs))))
        except Exception as exc:
            future.set_exception(exc)
        return future


@pytest.fixture(autouse=True)
def _reconcile_in_this_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reconciliation runs here, not in linkage.apart's spawned child, unless the test is marked
    `reconcile_child` (it tests that child process itself)."""
    if request.node.get_closest_marker("reconcile_child"):
        return
    from safepassage.linkage import apart

    monkeypatch.setattr(apart, "ProcessPoolExecutor", _InThisProcess)


@pytest.fixture(autouse=True)
def _duplicate_checks_are_recorded_not_started(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A committed registration records its duplicate check; the child that runs it in production
    would open the installation's database, not the test database, so it is not started here.
    Tests of the check run the recorded scan themselves (tests/app/duplicates, tests/app/browser)."""
    from safepassage.duplicates import scan

    monkeypatch.setattr(scan, "worker_start", lambda: None)


@pytest.fixture
def units(db: Any) -> dict[str, Unit]:
    return {"a": Unit.objects.create(name="Unit A"), "b": Unit.objects.create(name="Unit B")}


def personas(units: dict[str, Unit]) -> dict[str, Any]:
    """One user per role (PERSONAS); the caseworker in Unit A."""
    made = {}
    for username, role in PERSONAS.items():
        unit = units["a"] if role is Role.CASEWORKER else None
        made[username] = user_create(
            actor=None, username=username, role=role, password=PASSWORD, unit=unit, check_password=False
        )
    return made


@pytest.fixture
def users(db: Any, units: dict[str, Unit]) -> dict[str, Any]:
    return personas(units)


@pytest.fixture
def no_role_user(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create(username="norole", password=make_password(PASSWORD))


def register(
    actor: Any,
    unit: Unit,
    *,
    hangul: str = "김철남",
    cyrillic: str = "Ким Чхоль Нам",
    case_number: str | None = None,
) -> Any:
    person = services.person_create(
        actor=actor, sex="male", birth_precision="year", birth_year=2001, unit=unit, case_number=case_number
    )
    services.name_form_add(actor=actor, person=person, text=hangul, kind="legal", recorder_language="ko")
    services.name_form_add(actor=actor, person=person, text=cyrillic, kind="alias", recorder_language="ru")
    return person


@pytest.fixture
def person(users: dict[str, Any], units: dict[str, Unit]) -> Any:
    """A person in Unit A with names, a forged document, service facts, capture and custody."""
    actor = users["carla"]
    p = register(actor, units["a"], case_number="SP-TEST-0001")
    services.nationality_claim_add(actor=actor, person=p, state="KP", basis="self_declared")
    services.identity_document_add(
        actor=actor,
        person=p,
        doc_type="military_id",
        issuing_state="RU",
        number="ВК 1234567",
        holder_name="Монгуш Буян Олегович",
        assessment="forged",
    )
    services.service_record_add(
        actor=actor,
        person=p,
        forces_of="KP",
        unit_designation="Unit 771",
        rank="Private",
        serial_number="KP-77-1001",
    )
    services.capture_set(
        actor=actor, person=p, captured_on=date(2025, 2, 3), detaining_power="UA", place="Fictional village"
    )
    services.custody_event_add(
        actor=actor, person=p, kind="admitted", occurred_on=date(2025, 2, 5), facility="Facility North-1"
    )
    return p


@pytest.fixture
def other_person(users: dict[str, Any], units: dict[str, Unit]) -> Any:
    """A person in Unit B: the Unit A caseworker must not see him."""
    return register(
        users["lev"], units["b"], hangul="박영수", cyrillic="Пак Ён Су", case_number="SP-TEST-0002"
    )


def second_legal_officer() -> Any:
    return user_create(
        actor=None, username="lena", role=Role.LEGAL_OFFICER, password=PASSWORD, check_password=False
    )


@pytest.fixture
def lena(users: dict[str, Any]) -> Any:
    """A second legal officer, for four-eyes decisions."""
    return second_legal_officer()


@pytest.fixture
def make_person(users: dict[str, Any], units: dict[str, Unit]) -> Any:
    return register


@pytest.fixture
def api(users: dict[str, Any]) -> Any:
    def client_for(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(users[username])
        return client

    return client_for


@pytest.fixture
def scanned_person(person: Any, users: dict[str, Any], tmp_path: Any) -> Any:
    """The fixture person with a scan, an interview, a risk assessment and an application."""
    from datetime import date

    from safepassage.protection import services as protection

    protection.interview_record(
        actor=users["carla"],
        person=person,
        held_on=date(2025, 3, 1),
        place="Camp",
        interviewer_name="C",
        language="ko",
        consent=True,
        wish="undecided",
    )
    protection.risk_assessment_create(
        actor=users["lev"],
        person=person,
        destination="KP",
        risk_kinds=["torture"],
        conclusion="substantial",
        summary="Reasoning",
    )
    protection.application_open(
        actor=users["lev"], person=person, procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 5)
    )
    from safepassage.exchanges import services as exchanges
    from safepassage.tracing.services import tracing_request_create

    round_ = exchanges.round_create(actor=users["nick"], name="Round M")
    listed = tmp_path / "list.csv"
    listed.write_text("id,full_name\nRU-1,Ким Чхоль Нам\n", encoding="utf-8")
    exchanges.list_import(actor=users["nick"], round_=round_, direction="outgoing", path=listed)
    tracing_request_create(
        actor=users["lev"], reference="TR-M", received_on=date(2026, 1, 1), requester="R", sought_names="Ким"
    )
    services.document_scan_add(
        actor=users["carla"], document=person.documents.get(), filename="scan.pdf", data=b"%PDF-1.4 test"
    )
    return person


# Men whose names are one syllable, one letter or one order away from the demo case's 리명학.
NEAR_NAMES = [
    ("리명철", "Ри Мён Чхоль"),
    ("김명학", "Ким Мён Хак"),
    ("리성학", "Ри Сон Хак"),
    ("이명하", "И Мён Ха"),
    ("학명리", "Хак Мён Ри"),
    ("류명학", "Рю Мён Хак"),
]


@pytest.fixture
def search_registry(users: dict[str, Any], units: dict[str, Any], make_person: Any) -> Any:
    """The demo's motivating case SP-DEMO-0001 among near namesakes, and a man registered as
    탁성민 / Так Сон Мин with a military ID."""
    actor = users["lev"]
    demo_case(users["carla"], units["a"])
    for number, (hangul, cyrillic) in enumerate(NEAR_NAMES, 1):
        make_person(actor, units["a"], hangul=hangul, cyrillic=cyrillic, case_number=f"SP-NEAR-{number:04d}")
    tak = services.person_create(actor=actor, sex="male", unit=units["a"], case_number="SP-TEST-0100")
    for text, lang in (("탁성민", "ko"), ("Так Сон Мин", "ru")):
        services.name_form_add(actor=actor, person=tak, text=text, kind="legal", recorder_language=lang)
    services.identity_document_add(
        actor=actor, person=tak, doc_type="military_id", issuing_state="RU", number="ВК 5830217"
    )
    return tak


@pytest.fixture
def initialised_home(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """A home where `safepassage init --no-static` has run (a copy of one made once per run: homes.py)."""
    with home_from("initialised", tmp_path_factory, tmp_path / "home") as home:
        yield home


@pytest.fixture
def demo_home(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """A home where `safepassage init` then `safepassage demo` have run, and the duplicate check the
    demo started has finished (a copy of one made once per run: homes.py)."""
    with home_from("demo", tmp_path_factory, tmp_path / "home") as home:
        yield home

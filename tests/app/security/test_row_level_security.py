"""PostgreSQL row-level security as a second line: the app's role owns nothing and sees by role.

SQLite has no row-level security and no roles: those tests run on the PostgreSQL pass only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from safepassage.audit.models import AuditEvent
from safepassage.audit.verify import verify_chain
from safepassage.core import rls
from safepassage.exchanges.models import ExchangeRound, ImportJob
from safepassage.ops.dbroles import RoleSetupError, apply_to, forced_tables, tables_owned_by
from safepassage.protection import services as protection
from safepassage.protection.models import Interview
from safepassage.registry.models import NameForm, Person

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row-level security or database roles"
)
CHECKLIST = dict.fromkeys(protection.VOLUNTARINESS, True)


def test_every_table_of_a_sensitive_app_has_a_row_policy() -> None:
    tables = {
        model._meta.db_table
        for label in rls.SENSITIVE_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed
    }
    assert [] == sorted(tables - set(rls.ROW_POLICY))
    assert [] == sorted(set(rls.ROW_POLICY) - tables)


def test_no_role_but_the_system_reaches_interviews_and_the_negotiator_never() -> None:
    assert "negotiator" not in rls.contexts_of(rls.ROW_POLICY["protection_interview"])
    assert "negotiator" not in rls.contexts_of(rls.ROW_POLICY["registry_nameform"])
    assert {"auditor", "administrator"}.isdisjoint(rls.contexts_of(rls.ROW_POLICY["registry_person"]))


RUN_TAG = uuid.uuid4().hex[:6]


@pytest.fixture
def app_role(transactional_db: Any) -> Iterator[str]:
    """A login role for this test database that owns nothing, set up the way `safepassage db roles` does."""
    name = f"{connection.settings_dict['NAME']}_app_{RUN_TAG}"[:63]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {name} LOGIN NOSUPERUSER NOBYPASSRLS; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    apply_to(connection, name)
    yield name
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {name}")
        cursor.execute(f"DROP ROLE IF EXISTS {name}")


def _connect_as(role: str, **options: Any) -> psycopg.Connection[Any]:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        dbname=s["NAME"],
        user=role,
        autocommit=True,
        **options,
    )


def _backend_of(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    row = conn.execute(
        "SELECT pg_backend_pid(), (date_part('epoch', backend_start) * 1000000)::bigint "
        "FROM pg_stat_get_activity(pg_backend_pid())"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _token_for(conn: psycopg.Connection[Any], context: str, **kwargs: Any) -> str:
    """What the application makes with the operator's key: a token for this very backend."""
    pid, started = _backend_of(conn)
    return rls.make_token(context, pid=pid, started=started, **kwargs)


def _enter(conn: psycopg.Connection[Any], context: str) -> None:
    conn.execute("SELECT public.safepassage_enter(%s, false)", [_token_for(conn, context)])


def _count(conn: psycopg.Connection[Any], table: str, context: str | None) -> int:
    with conn.cursor() as cursor:
        if context is not None:
            _enter(conn, context)
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own table names)
        row = cursor.fetchone()
        assert row is not None
        return int(row[0])


@pytest.fixture
def as_app_role(app_role: str) -> Iterator[str]:
    """Django's own connection signs in as the application role for the test, then as the owner again."""
    connection.close()
    owner = connection.settings_dict["USER"]
    connection.settings_dict["USER"] = app_role
    try:
        yield app_role
    finally:
        connection.close()
        connection.settings_dict["USER"] = owner


@on_postgres
def test_the_application_role_owns_no_table_and_cannot_bypass_the_policies(app_role: str) -> None:
    with connection.cursor() as cursor:
        assert [] == tables_owned_by(cursor, app_role)
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [app_role])
        assert (False, False) == cursor.fetchone()
        assert [] == sorted(set(rls.ROW_POLICY) - set(forced_tables(cursor)))


@on_postgres
def test_the_owner_and_the_application_role_must_differ(app_role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(RoleSetupError, match="does not own the tables"):
        apply_to(connection, owner)


@on_postgres
def test_a_negotiator_context_selects_no_interview_at_the_sql_level(
    app_role: str, users: dict[str, Any], person: Any
) -> None:
    protection.interview_record(
        actor=users["mona"],
        person=person,
        held_on=date(2026, 1, 5),
        place="Room",
        interviewer_name="M",
        language="ko",
        consent=True,
        wish="not_return",
        verified_private=True,
        **CHECKLIST,
    )
    with _connect_as(app_role) as conn:
        assert 1 == _count(conn, "protection_interview", "legal_officer")
        assert 0 == _count(conn, "protection_interview", "negotiator")
        assert 0 == _count(conn, "registry_nameform", "negotiator")
        assert 1 == _count(conn, "registry_person", "negotiator")
        assert 0 == _count(conn, "protection_interview", "auditor")
        assert 0 == _count(conn, "protection_interview", "none")
        assert 0 < _count(conn, "audit_auditevent", "negotiator")
    with _connect_as(app_role) as fresh:
        # A connection that never set its context sees nothing at all.
        assert 0 == _count(fresh, "protection_interview", None)
        assert 0 == _count(fresh, "registry_person", None)


@on_postgres
def test_the_application_role_may_not_update_or_delete_audit_rows(
    app_role: str, users: dict[str, Any]
) -> None:
    assert AuditEvent.objects.exists()
    with _connect_as(app_role) as conn:
        assert 0 < _count(conn, "audit_auditevent", "system")
        for statement in (
            "UPDATE audit_auditevent SET action = 'forged'",
            "DELETE FROM audit_auditevent",
            "TRUNCATE audit_auditevent",
            "UPDATE audit_auditcheckpoint SET root = '00'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(statement)
    assert verify_chain().ok


@on_postgres
def test_a_view_that_forgot_for_user_still_gets_no_interview_in_a_negotiator_request(
    as_app_role: str, users: dict[str, Any], person: Any
) -> None:
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
    with transaction.atomic():
        with rls.database_context("negotiator"):
            assert 0 == Interview.objects.count() == NameForm.objects.count()
            assert 1 == Person.objects.count()
        # The context ends with the block, even inside the same transaction.
        assert 1 == Interview.objects.count()
    with rls.database_context("caseworker"):
        assert 1 == Interview.objects.count()


def _jobs_finished(round_: Any, seconds: float = 180.0) -> list[tuple[str, str, str]]:
    """The round's jobs once every one has finished (their processes run beside this test)."""
    deadline = time.monotonic() + seconds
    while ImportJob.objects.filter(round=round_, finished_at__isnull=True).exists():
        assert time.monotonic() < deadline, "an import job did not finish: see the home's logs/"
        time.sleep(0.5)
    jobs = ImportJob.objects.filter(round=round_).order_by("created_at")
    return [(j.kind, j.status, j.message) for j in jobs]


@on_postgres
def test_the_normal_flows_work_as_the_non_owner_role(
    as_app_role: str, users: dict[str, Any], units: Any, person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert (as_app_role,) == cursor.fetchone()
    clients = {}
    for name in ("carla", "lev", "mona", "nick"):
        clients[name] = Client()
        clients[name].force_login(users[name])
    made = clients["carla"].post(
        reverse("api-persons"),
        {"sex": "male", "birth_precision": "year", "birth_year": 2002, "unit": units["a"].pk},
        content_type="application/json",
    )
    assert 201 == made.status_code
    pk = made.json()["id"]
    named = clients["carla"].post(
        reverse("api-names", kwargs={"pk": pk}),
        {"text": "Ри Мён Хак", "kind": "legal", "recorder_language": "ru"},
        content_type="application/json",
    )
    assert 201 == named.status_code
    interview = clients["mona"].post(
        reverse("api-interviews", kwargs={"pk": pk}),
        {
            "held_on": "2026-01-05",
            "place": "Room",
            "interviewer_name": "M",
            "language": "ko",
            "consent": True,
            "wish": "not_return",
            "verified_private": True,
            **CHECKLIST,
        },
        content_type="application/json",
    )
    assert 201 == interview.status_code, interview.content
    assert 200 == clients["lev"].get(reverse("registry:person_detail", args=[pk])).status_code
    assert 1 == len(clients["lev"].get(reverse("api-interviews", kwargs={"pk": pk})).json()["results"])
    assert 403 == clients["nick"].get(reverse("api-interviews", kwargs={"pk": pk})).status_code
    # The negotiator's whole round: create, import, reconcile against the registry, finalise (refused).
    round_form = {"name": "Round RLS", "counterpart": "RU"}
    created = clients["nick"].post(reverse("exchanges:round_create"), round_form)
    assert 302 == created.status_code
    round_ = ExchangeRound.objects.get(name="Round RLS")
    act = lambda a: reverse("exchanges:round_action", kwargs={"pk": round_.pk, "action": a})  # noqa: E731
    upload = SimpleUploadedFile("l.csv", "id,full_name\nRU-1,Ри Мён Хак\n".encode())
    # The import and the reconciliation run as jobs beside the server: here, as the app role too.
    # The import and the reconciliation run as real jobs beside the server: a `safepassage exchange
    # job` process started once the request committed, signed in as the application role too.
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    monkeypatch.setenv("DATABASE_URL", f"postgresql://{as_app_role}@{host}:{port}/{s['NAME']}")
    monkeypatch.delenv("DATABASE_OWNER_URL", raising=False)
    clients["nick"].post(act("import"), {"direction": "outgoing", "file": upload})
    assert [("import", "done", "")] == _jobs_finished(round_)
    clients["nick"].post(act("reconcile"))
    assert [("import", "done", ""), ("reconcile", "done", "")] == _jobs_finished(round_)
    page = clients["nick"].post(act("finalize"), follow=True).content.decode()
    assert "cannot go on this manifest" in page
    assert "not_return" not in page
    entry = round_.lists.get().entries.get()
    assert str(entry.person_id) == pk
    assert 200 == clients["nick"].get(reverse("exchanges:round", args=[round_.pk])).status_code
    assert verify_chain().ok
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        AuditEvent.objects.update(action="forged")


def test_db_roles_without_an_owner_url_says_which_two_settings_it_needs(db: Any) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="DATABASE_OWNER_URL"):
        call_command("db", "roles")


@on_postgres
def test_count_only_roles_see_the_true_caseload_size_on_the_dashboard_as_the_non_owner_role(
    as_app_role: str, users: dict[str, Any], person: Any
) -> None:
    # The negotiator's and auditor's contexts may not read the capture rows; the dashboard still
    # counts the caseload for them (a total is all they get), while their own reads stay empty.
    reader = Client()
    reader.force_login(users["lev"])
    exact = reader.get(reverse("dashboard:figures", args=["json"])).json()
    assert 1 == exact["figures"][0]["values"]["persons"][-1]
    for name in ("nick", "aude"):
        client = Client()
        client.force_login(users[name])
        figures = client.get(reverse("dashboard:figures", args=["json"])).json()["figures"]
        # One person is a small cell for these roles: withheld (None), not a false zero.
        assert (["caseload"], None) == ([f["key"] for f in figures], figures[0]["values"]["persons"][-1])
    with rls.database_context("auditor"):
        assert 0 == Person.objects.count()


SECRETS = {
    "persons": "registry_person",
    "name forms": "registry_nameform",
    "interviews": "protection_interview",
    "risk assessments": "protection_riskassessment",
    "audit events": "audit_auditevent",
}


def _counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    found = {}
    for label, table in SECRETS.items():
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 (our own table names)
        assert row is not None
        found[label] = int(row[0])
    return found


def _forged_token(conn: psycopg.Connection[Any], *, pid: int | None = None) -> str:
    """A well-formed `system` token for this backend, with a MAC under a key the attacker made up."""
    import hashlib
    import hmac
    import time

    own_pid, started = _backend_of(conn)
    body = f"v1|system|||{own_pid if pid is None else pid}|{started}|{int(time.time()) + 600}"
    return body + "|" + hmac.new(b"guess" * 7, body.encode(), hashlib.sha256).hexdigest()


@pytest.fixture
def secrets_on_file(users: dict[str, Any], person: Any) -> dict[str, int]:
    """An interview and a risk assessment besides the person, her names and the audit trail."""
    CHECKLIST_ = dict.fromkeys(protection.VOLUNTARINESS, True)
    protection.interview_record(
        actor=users["mona"],
        person=person,
        held_on=date(2026, 1, 5),
        place="Room",
        interviewer_name="M",
        language="ko",
        consent=True,
        wish="not_return",
        verified_private=True,
        **CHECKLIST_,
    )
    protection.risk_assessment_create(
        actor=users["lev"],
        person=person,
        destination="KP",
        risk_kinds=["torture"],
        conclusion="substantial",
        summary="Reasoning.",
    )
    with _connect_as(connection.settings_dict["USER"]) as owner:
        _enter(owner, "system")
        return _counts(owner)


@on_postgres
def test_the_application_role_gets_no_context_by_any_means_a_sql_connection_has(
    app_role: str, users: dict[str, Any], secrets_on_file: dict[str, int]
) -> None:
    assert all(n > 0 for n in secrets_on_file.values()), secrets_on_file
    nothing = dict.fromkeys(SECRETS, 0)
    with _connect_as(app_role) as conn:
        assert nothing == _counts(conn)
        # 1. set_config, of the old plain setting and of the token setting, plain or forged.
        conn.execute("SELECT set_config('safepassage.role', 'system', false)")
        conn.execute("SELECT set_config('safepassage.context', 'system', false)")
        assert nothing == _counts(conn)
        conn.execute("SELECT set_config('safepassage.context', %s, false)", [_forged_token(conn)])
        assert nothing == _counts(conn)
        # 2. SET, for the session and for one transaction.
        conn.execute("SET safepassage.role = 'system'")
        conn.execute(f"SET safepassage.context = '{_forged_token(conn)}'")
        assert nothing == _counts(conn)
        with conn.transaction():
            conn.execute("SET LOCAL safepassage.context = 'v1|system|||0|0|99999999999|" + "0" * 64 + "'")
            assert nothing == _counts(conn)
        # The verifier refuses a forged token outright, and its key is out of reach.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="context token refused"):
            conn.execute("SELECT public.safepassage_enter(%s, false)", [_forged_token(conn)])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute(f"SELECT * FROM {rls.KEY_TABLE}")
        # A genuine token, but made for another backend (seen in pg_stat_activity) or expired.
        with _connect_as(app_role) as other:
            elsewhere = _token_for(other, "system")
        conn.execute("SELECT set_config('safepassage.context', %s, false)", [elsewhere])
        assert nothing == _counts(conn)
        expired = _token_for(conn, "system", seconds=-1)
        conn.execute("SELECT set_config('safepassage.context', %s, false)", [expired])
        assert nothing == _counts(conn)
    # 3. Connection options.
    options = f"-c safepassage.role=system -c safepassage.context={_forged_token_for_any_backend()}"
    with _connect_as(app_role, options=options) as conn:
        assert ("system",) == conn.execute("SELECT current_setting('safepassage.role')").fetchone()
        assert nothing == _counts(conn)
    # 4. A function of its own, even SECURITY DEFINER, in a schema the role was given.
    schema = f"own_{app_role}"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {schema} AUTHORIZATION {app_role}")
    with _connect_as(app_role) as conn:
        conn.execute(
            f"CREATE FUNCTION {schema}.become_system() RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$ "
            "BEGIN PERFORM set_config('safepassage.role', 'system', false); "
            "PERFORM set_config('safepassage.context', "
            "'v1|system|||0|0|99999999999|' || repeat('a', 64), false); "
            "RETURN current_setting('safepassage.context'); END $$"
        )
        conn.execute(f"SELECT {schema}.become_system()")
        assert nothing == _counts(conn)
        # Shadowing the verifier: the policies name it with its schema, so this one is never called.
        conn.execute(
            f"CREATE FUNCTION {schema}.safepassage_context() RETURNS text "
            "LANGUAGE sql AS $$ SELECT 'system' $$"
        )
        conn.execute(f"SET search_path = {schema}, public")
        assert nothing == _counts(conn)
        # 5. Group membership: no change outside the administrator's verified context.
        legal = Group.objects.get(name="legal_officer").pk
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, %s)", [users["nick"].pk, legal]
            )
        assert 0 == conn.execute("UPDATE auth_user_groups SET group_id = group_id").rowcount
        assert 0 == conn.execute("DELETE FROM auth_user_groups").rowcount
        assert (0,) == conn.execute("SELECT count(*) FROM auth_user_groups").fetchone()
        assert (0,) == conn.execute("SELECT count(*) FROM django_session").fetchone()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA {schema} CASCADE")
    assert ["negotiator"] == list(users["nick"].groups.values_list("name", flat=True))


def _forged_token_for_any_backend() -> str:
    import hashlib
    import hmac
    import time

    body = f"v1|system|||0|0|{int(time.time()) + 600}"
    return body + "|" + hmac.new(b"x" * 32, body.encode(), hashlib.sha256).hexdigest()


@on_postgres
def test_only_the_administrator_context_changes_group_membership_and_sessions_stay_private(
    app_role: str, users: dict[str, Any]
) -> None:
    legal = Group.objects.get(name="legal_officer").pk
    insert = f"INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, {int(legal)})"
    with _connect_as(app_role) as conn:
        _enter(conn, "negotiator")
        assert 0 < conn.execute("SELECT count(*) FROM auth_user_groups").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(insert, [users["nick"].pk])
        assert 0 == conn.execute("DELETE FROM auth_user_groups").rowcount
        _enter(conn, "administrator")
        assert 1 == conn.execute(insert, [users["nick"].pk]).rowcount
    client = Client()
    client.force_login(users["adam"])
    key = client.session.session_key
    with _connect_as(app_role) as conn:
        _enter(conn, "none")
        assert (0,) == conn.execute("SELECT count(*) FROM django_session").fetchone()
        conn.execute("SELECT set_config('safepassage.session', %s, false)", [key])
        assert (1,) == conn.execute("SELECT count(*) FROM django_session").fetchone()


@on_postgres
def test_the_deploy_check_names_each_unsafe_thing_about_the_application_role(app_role: str) -> None:
    from safepassage.ops.dbroles import role_problems

    owner = connection.settings_dict["USER"]

    def problems() -> list[str]:
        connection.close()
        connection.settings_dict["USER"] = app_role
        try:
            return role_problems(connection, owner)
        finally:
            connection.close()
            connection.settings_dict["USER"] = owner

    assert [] == problems()
    changes = [
        (f"ALTER ROLE {app_role} BYPASSRLS", f"ALTER ROLE {app_role} NOBYPASSRLS", "may bypass row-level"),
        (f"ALTER TABLE registry_person OWNER TO {app_role}", f"ALTER TABLE registry_person OWNER TO {owner}",
         "owns tables: registry_person"),
        (f"GRANT CREATE ON SCHEMA public TO {app_role}", f"REVOKE CREATE ON SCHEMA public FROM {app_role}",
         "may create objects in the schema"),
        (f"GRANT SELECT ON {rls.KEY_TABLE} TO {app_role}",
         f"REVOKE SELECT ON {rls.KEY_TABLE} FROM {app_role}", "may read the context key table"),
        ("ALTER TABLE protection_interview NO FORCE ROW LEVEL SECURITY",
         "ALTER TABLE protection_interview FORCE ROW LEVEL SECURITY",
         "without forced row-level security: protection_interview"),
    ]  # fmt: skip
    for do, undo, named in changes:
        with connection.cursor() as cursor:
            cursor.execute(do)
        try:
            found = problems()
            assert 1 == len(found) and named in found[0], (do, found)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(undo)
    from safepassage.ops.dbroles import install_context_key

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {rls.KEY_TABLE}")
    try:
        found = problems()
    finally:
        install_context_key(connection)
    assert 1 == len(found) and "holds no context key" in found[0], found

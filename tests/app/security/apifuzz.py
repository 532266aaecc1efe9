"""Schemathesis against our own OpenAPI schema, in-process through the WSGI app, as one signed-in user.

Shared by tests/app/security/test_schemathesis.py and bench/security.py. Every generated case is
sent with user A's session (password and second factor); a response is wrong when it is a 5xx, or
when it carries a marker of user B's records (object-level leak). Each operation is also sent once
without the session, which must be refused (ignored authentication).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SCHEMA_PATH = "/api/v1/schema/?format=json"


@dataclass
class FuzzReport:
    operations: int = 0
    cases_sent: int = 0
    server_errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    auth_ignored: list[str] = field(default_factory=list)
    # Status codes of the signed-in cases: a run of nothing but 403s would test nothing.
    statuses: Counter[int] = field(default_factory=Counter)


@dataclass(frozen=True)
class Credentials:
    cookies: dict[str, str]
    headers: dict[str, str]


def session_credentials(client: Any) -> Credentials:
    """The session and CSRF cookies of a signed-in Django test client, for requests outside it."""
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()
    cookies = {_cookie_name(): client.cookies[_cookie_name()].value, _csrf_name(): csrf}
    return Credentials(cookies, {"X-CSRFToken": csrf})


def _cookie_name() -> str:
    from django.conf import settings

    return str(settings.SESSION_COOKIE_NAME)


def _csrf_name() -> str:
    from django.conf import settings

    return str(settings.CSRF_COOKIE_NAME)


def run(
    credentials: Credentials,
    *,
    path_parameters: dict[str, str],
    foreign_markers: Iterable[str],
    foreign_pk: bool = False,
    examples: int = 10,
    seed: int = 7,
    report: FuzzReport | None = None,
) -> FuzzReport:
    """Fuzz every operation of the schema as the session of `credentials`; count 5xx, leaks, ignored auth.

    Path parameters are named as in the schema (`id` for the person, `record`). With `foreign_pk`,
    `path_parameters["id"]` is a person the session may not reach: any 2xx under him is a leak too.
    """
    import schemathesis
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    report = report or FuzzReport()
    app = WSGIHandler()
    # As Django's own test client does: a request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, app)
        for result in schema.get_all_operations():
            _fuzz_operation(
                result.ok(),
                app,
                credentials,
                path_parameters,
                [m for m in foreign_markers if m],
                foreign_pk=foreign_pk,
                examples=examples,
                seed=seed,
                report=report,
            )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return report


def _fuzz_operation(
    operation: Any,
    app: Any,
    credentials: Credentials,
    path_parameters: dict[str, str],
    markers: list[str],
    *,
    foreign_pk: bool,
    examples: int,
    seed: int,
    report: FuzzReport,
) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from werkzeug.test import Client

    report.operations += 1
    names = {p.name for p in operation.path_parameters}
    fixed = {k: v for k, v in path_parameters.items() if k in names}
    label = f"{operation.method.upper()} {operation.path}"
    under_foreign = foreign_pk and "id" in fixed
    anonymous_sent: list[bool] = []

    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(path_parameters=fixed or None))
    def fuzz(case: Any) -> None:
        if not anonymous_sent:
            # The same case without the session first (sending it adds the cookies to the case):
            # refused, whatever it asks (the ignored-authentication check).
            anonymous_sent.append(True)
            refused = case.call(app=app, session=Client(app))  # a fresh client: no cookie jar
            report.cases_sent += 1
            if refused.status_code not in (401, 403):
                report.auth_ignored.append(f"{label} -> {refused.status_code}")
        response = case.call(headers=credentials.headers, cookies=credentials.cookies, app=app)
        report.cases_sent += 1
        report.statuses[response.status_code] += 1
        if response.status_code >= 500:
            report.server_errors.append(f"{label} -> {response.status_code}")
        body = response.content.decode("utf-8", "replace") if response.content else ""
        if any(m in body for m in markers) or (under_foreign and 200 <= response.status_code < 300):
            report.leaks.append(f"{label} -> {response.status_code}")

    fuzz()

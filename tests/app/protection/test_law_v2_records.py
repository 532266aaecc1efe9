"""Engine 2 facts from the records, contradictions as warnings, the page's reading and the upgrade."""

from __future__ import annotations

import importlib
import json
import os
import re
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from safepassage import law
from safepassage.law import schema
from safepassage.protection import services
from safepassage.protection.facts import derive_facts
from safepassage.protection.models import CaseloadRefresh, Determination, WorkItem
from safepassage.registry import services as registry

pytestmark = pytest.mark.django_db

# Every engine code with an underscore: none may be shown as text on the page.
CODES = {
    code
    for vocabulary in (
        schema.STATUS_CODES,
        schema.REPATRIATION_CODES,
        schema.EXCHANGE_REASONS,
        schema.REFUGEE_CODES,
        schema.PATHWAY_CODES,
        schema.BLOCKERS,
        schema.ACTION_CODES,
        schema.WARNING_CODES,
        tuple(law.POSITIONS),
        tuple(schema.FACTS),
    )
    for code in vocabulary
    if "_" in code
}


def facts(person: Any) -> dict[str, Any]:
    return derive_facts(person, date(2026, 3, 1)).facts


def warnings(person: Any) -> list[str]:
    return [w.code for w in derive_facts(person, date(2026, 3, 1)).warnings]


def determination_section(html: str) -> str:
    """The determination section's visible text: tags and tooltips (title attributes) removed."""
    start = html.index('<section class="sp-section determination"')
    section = html[start : html.index("</section>", start)]
    return re.sub(r"<[^>]+>", " ", section)


def page(user: Any, person: Any, **query: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk}), query)
    assert 200 == response.status_code
    return response.content.decode()


# --- age at capture ------------------------------------------------------------------------


def test_the_age_at_capture_comes_from_the_birth_date_and_the_capture_date(person: Any, users: Any) -> None:
    registry.person_update(
        actor=users["carla"],
        person=person,
        birth_precision="full",
        birth_date=date(2007, 2, 4),
        birth_year=None,
    )
    # Captured on 3 Feb 2025, one day before his 18th birthday.
    assert 17 == facts(person)["age_at_capture"]


def test_a_birth_year_alone_gives_the_youngest_age_he_can_have_been(person: Any, users: Any) -> None:
    registry.person_update(actor=users["carla"], person=person, birth_year=2007)
    # Born in 2007, captured on 3 Feb 2025: 17 unless born by 3 Feb; the protective reading is 17.
    assert 17 == facts(person)["age_at_capture"]
    stored = Determination.objects.filter(person=person).order_by("recorded_at").last()
    assert "child_protection" in {a["code"] for a in json.loads(stored.result)["actions"]}


def test_two_birth_dates_warn_and_the_later_one_counts(person: Any, users: Any) -> None:
    registry.person_update(actor=users["carla"], person=person, birth_year=2006, birth_date_text="12.05.2007")
    assert 17 == facts(person)["age_at_capture"]
    assert ["birth_dates_differ"] == warnings(person)


def test_a_capture_before_birth_warns_and_gives_no_age(person: Any, users: Any) -> None:
    registry.person_update(actor=users["carla"], person=person, birth_year=2026)
    assert "age_at_capture" not in facts(person)
    assert ["capture_before_birth"] == warnings(person)


# --- ICRC access ----------------------------------------------------------------------------


def test_icrc_access_is_a_dated_custody_fact_and_the_latest_decides(person: Any, users: Any) -> None:
    assert "icrc_access" not in facts(person)
    registry.custody_event_add(
        actor=users["carla"],
        person=person,
        kind="transfer",
        occurred_on=date(2025, 3, 1),
        facility="Camp 2",
        icrc_access="granted",
        icrc_access_on=date(2025, 3, 10),
    )
    assert facts(person)["icrc_access"] is True
    registry.custody_event_add(
        actor=users["carla"],
        person=person,
        kind="transfer",
        occurred_on=date(2025, 6, 1),
        facility="Camp 3",
        icrc_access="refused",
        icrc_access_on=date(2025, 6, 2),
    )
    assert facts(person)["icrc_access"] is False
    stored = Determination.objects.filter(person=person).order_by("recorded_at").last()
    assert "request_icrc_access" in {a["code"] for a in json.loads(stored.result)["actions"]}


def test_a_grant_and_a_refusal_on_one_day_warn_and_read_as_refused(person: Any, users: Any) -> None:
    for access in ("granted", "refused"):
        registry.custody_event_add(
            actor=users["carla"],
            person=person,
            kind="transfer",
            occurred_on=date(2025, 3, 1),
            facility="Camp 2",
            icrc_access=access,
            icrc_access_on=date(2025, 3, 10),
        )
    assert facts(person)["icrc_access"] is False
    assert ["icrc_access_contradicted"] == warnings(person)


def test_icrc_access_needs_its_date_and_a_date_needs_the_access(person: Any, users: Any) -> None:
    base = {"kind": "transfer", "occurred_on": date(2025, 3, 1), "facility": "Camp 2"}
    with pytest.raises(ValidationError) as missing_date:
        registry.custody_event_add(actor=users["carla"], person=person, icrc_access="granted", **base)
    assert "icrc_access_on" in missing_date.value.message_dict
    with pytest.raises(ValidationError) as missing_access:
        registry.custody_event_add(
            actor=users["carla"], person=person, icrc_access_on=date(2025, 3, 1), **base
        )
    assert "icrc_access" in missing_access.value.message_dict


def test_the_custody_api_takes_and_gives_icrc_access(api: Any, person: Any) -> None:
    url = reverse("api-custody-events", kwargs={"pk": person.pk})
    made = api("carla").post(
        url,
        {
            "kind": "transfer",
            "occurred_on": "2025-03-01",
            "facility": "Camp 2",
            "icrc_access": "refused",
            "icrc_access_on": "2025-03-02",
        },
        format="json",
    )
    assert 201 == made.status_code, made.content
    assert ("refused", "2025-03-02") == (made.json()["icrc_access"], made.json()["icrc_access_on"])
    assert facts(person)["icrc_access"] is False


# --- legal facts ----------------------------------------------------------------------------


def test_a_conviction_is_a_legal_fact_that_holds_pathways_without_blocking_them(
    person: Any, users: Any
) -> None:
    services.case_facts_set(
        actor=users["lev"], person=person, convicted_serving_sentence=True, grave_breach_suspect=False
    )
    assert facts(person)["convicted_serving_sentence"] is True
    result = json.loads(Determination.objects.filter(person=person).order_by("recorded_at").last().result)
    assert "serving_sentence" in result["exchange"]["reasons"]
    assert all(p["state"] != "blocked" or "serving_sentence" not in p["blockers"] for p in result["pathways"])


def test_a_recorded_risk_of_onward_removal_reaches_the_third_state(person: Any, users: Any) -> None:
    services.state_position_add(
        actor=users["lev"],
        scope="case",
        person=person,
        speaker="CN",
        stated_on=date(2025, 3, 1),
        summary="Would receive him",
        reference="R",
        willing_to_receive=True,
        onward_removal_risk=True,
    )
    assert [True] == [row["onward_removal_risk"] for row in facts(person)["third_states"]]


# --- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "uk", "ko", "ru"])
def test_the_determination_reads_in_words_without_codes_and_is_numbered_once(
    person: Any, users: Any, verified_refusal: Any, approved_risk: Any, language: str
) -> None:
    verified_refusal(person)
    approved_risk(person)
    client = Client()
    client.force_login(users["lev"])
    client.cookies["django_language"] = language
    html = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()
    text = determination_section(html)
    assert [] == sorted(code for code in CODES if re.search(rf"\b{code}\b", text))
    assert "GC III Art. 4A(1)" in text and "CAT Art. 3" in text
    explanation = re.findall(r"<li>(.*?)</li>", html[html.index('id="det-explanation"') :], re.S)
    assert explanation
    assert [] == [line for line in explanation if re.match(r"\s*\d+\.", line)]
    # The code stays at hand as a tooltip.
    assert 'title="must_not_repatriate"' in html


def test_next_actions_stop_asking_for_a_private_interview_once_one_is_verified(
    person: Any, users: Any, verified_refusal: Any
) -> None:
    assert 'data-code="private_interview"' in page(users["lev"], person)
    verified_refusal(person)
    assert 'data-code="private_interview"' not in page(users["lev"], person)


def test_comparing_a_position_marks_what_differs_or_says_nothing_does(
    person: Any, users: Any, verified_refusal: Any, approved_risk: Any
) -> None:
    verified_refusal(person)
    approved_risk(person, conclusion="none")
    stored = page(users["lev"], person)
    assert 'id="det-comparison"' not in stored and 'class="differs"' not in stored
    # A verified refusal without risk: icrc_2020 notes the refusal, free will bars repatriation.
    compared = page(users["lev"], person, position="free_will")
    assert 'id="det-comparison"' in compared
    assert 'id="det-repatriation" data-code="must_not_repatriate" class="differs"' in compared
    assert "these parts differ from the stored determination" in compared
    same = page(users["lev"], person, position="icrc_2020")
    assert "nothing differs" not in same  # the stored position is not a comparison
    services.case_facts_set(actor=users["lev"], person=person, seriously_sick_or_wounded=True)
    unchanged = page(users["lev"], person, position="free_will")
    assert "nothing differs from the stored determination" in unchanged
    assert 'class="differs"' not in unchanged


def test_record_warnings_are_on_top_of_the_determination(person: Any, users: Any) -> None:
    registry.person_update(actor=users["carla"], person=person, birth_year=2006, birth_date_text="2007")
    html = page(users["lev"], person)
    section = html[html.index('<section class="sp-section determination"') :]
    assert section.index('id="det-warnings"') < section.index('id="det-status"')
    assert 'data-code="birth_dates_differ"' in section
    assert "the age at capture uses the later one" in section
    # The officer is asked to put the records right, on the page and on the work list.
    assert 'data-code="resolve_inconsistent_facts"' in section
    # The work item's code is sealed at rest: read the person's items and open them.
    items = [i for i in WorkItem.objects.filter(person=person) if i.code == "resolve_inconsistent_facts"]
    assert ["protection.risk"] == [i.permission for i in items]


# --- the upgrade ----------------------------------------------------------------------------


# Outside a test transaction, as `init` runs: each write must open its own (the audit needs one).
@pytest.mark.django_db(transaction=True)
def test_init_re_assesses_the_determinations_an_older_engine_stored(person: Any, users: Any) -> None:
    before = Determination.objects.count()
    Determination.objects.filter(person=person).update(engine_version="1.0.0")
    call_command("init", "--no-static", stdout=open(os.devnull, "w"))  # noqa: SIM115
    job = CaseloadRefresh.objects.get(engine_version=law.ENGINE_VERSION)
    assert (1, 1, 1) == (job.total, job.done, job.stored)
    assert job.finished_at is not None
    assert before + 1 == Determination.objects.count()
    # Run again: nothing is behind, no second job.
    call_command("init", "--no-static", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert 1 == CaseloadRefresh.objects.count()


@pytest.mark.django_db(transaction=True)
def test_init_can_leave_the_upgrade_to_the_resumable_job(person: Any, users: Any) -> None:
    Determination.objects.filter(person=person).update(engine_version="1.0.0")
    call_command("init", "--no-static", "--no-refresh", stdout=open(os.devnull, "w"))  # noqa: SIM115
    job = CaseloadRefresh.objects.get(engine_version=law.ENGINE_VERSION)
    assert (1, 0, None) == (job.total, job.done, job.finished_at)
    call_command("determinations", "refresh", "--resume")
    job.refresh_from_db()
    assert (1, 1) == (job.done, job.stored) and job.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_init_takes_over_the_refresh_the_engine_2_migration_recorded(person: Any, users: Any) -> None:
    from django.apps import apps

    migration = importlib.import_module("safepassage.protection.migrations.0008_engine_v2_refresh")
    Determination.objects.filter(person=person).update(engine_version="1.0.0")
    migration.record_refresh(apps, None)
    call_command("init", "--no-static", stdout=open(os.devnull, "w"))  # noqa: SIM115
    job = CaseloadRefresh.objects.get()
    assert (law.ENGINE_VERSION, 1, 1) == (job.engine_version, job.done, job.stored)
    assert job.finished_at is not None

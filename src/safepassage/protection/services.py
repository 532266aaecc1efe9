"""Protection writes: each validates, saves, audits and refreshes the stored determination."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from safepassage.audit.services import audit_record
from safepassage.core.policy import can
from safepassage.protection import errors, signals
from safepassage.protection.choices import ApplicationStatus, ReviewStatus, RiskKind
from safepassage.protection.determinations import determination_refresh, person_lock, recorder, save_validated
from safepassage.protection.models import (
    Application,
    ApplicationStep,
    CaseFacts,
    EvidenceItem,
    Interview,
    RiskAssessment,
    StatePosition,
)
from safepassage.protection.procedures import procedure as get_procedure
from safepassage.protection.procedures import procedures
from safepassage.protection.refresh import caseload_refresh_start
from safepassage.protection.work import (
    work_approvals_replace,
    work_steps_replace,
)
from safepassage.registry.models import Person

User = AbstractBaseUser | None
EXCLUSIONS = (
    "war_crimes",
    "crimes_against_humanity",
    "serious_non_political_crime",
    "contrary_to_un_purposes",
)


def _not_future(field: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: errors.ERR_FUTURE})


# --- interviews -------------------------------------------------------------------------

VOLUNTARINESS = (
    "informed_of_purpose",
    "understood_language",
    "no_coercion_observed",
    "no_promises_made",
    "free_to_stop",
)


def _check_verification(actor: User, interview: Interview) -> None:
    if not interview.verified_private:
        return
    if not can(actor, "protection.interview.verify"):
        raise ValidationError({"verified_private": errors.ERR_VERIFY_ROLE})
    if not interview.private:
        raise ValidationError({"others_present": errors.ERR_VERIFY_PRIVATE})
    if not interview.consent:
        raise ValidationError({"consent": errors.ERR_VERIFY_CONSENT})
    if not interview.voluntary:
        missing = [name for name in VOLUNTARINESS if not getattr(interview, name)]
        raise ValidationError({name: errors.ERR_VERIFY_VOLUNTARY for name in missing})


@transaction.atomic
def interview_record(*, actor: User, person: Person, **values: Any) -> Interview:
    """A new interview; a changed or withdrawn wish is a new interview, never an edit."""
    person_lock(person)
    withdraws = values.get("withdraws")
    if withdraws is not None and withdraws.person_id != person.pk:
        raise ValidationError({"withdraws": errors.ERR_WITHDRAWS_OTHER})
    interview = Interview(person=person, recorded_by=recorder(actor), **values)
    _not_future("held_on", interview.held_on)
    _check_verification(actor, interview)
    save_validated(interview)
    signals.interviews_recorded.send(sender=Interview, person_ids=[person.pk])
    audit_record(
        actor=actor, action="interview.record", obj=interview, fields=list(values), person_id=person.pk
    )
    determination_refresh(actor=actor, person=person)
    return interview


# --- risk assessments -------------------------------------------------------------------


def _check_risk(assessment: RiskAssessment) -> None:
    for kind in assessment.risk_kinds:
        if kind not in RiskKind.values:
            raise ValidationError(
                {"risk_kinds": ValidationError(errors.ERR_RISK_KIND, params={"value": kind})}
            )
    if assessment.conclusion == "substantial" and not assessment.risk_kinds:
        raise ValidationError({"risk_kinds": errors.ERR_RISK_KINDS_NEEDED})


def _check_author_may_edit(actor: User, assessment: RiskAssessment) -> None:
    if assessment.status not in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        params = {"status": assessment.get_status_display()}
        raise ValidationError(ValidationError(errors.ERR_NOT_EDITABLE, params=params))
    if assessment.recorded_by_id != getattr(actor, "pk", None):
        raise ValidationError(errors.ERR_NOT_AUTHOR)


@transaction.atomic
def risk_assessment_create(*, actor: User, person: Person, **values: Any) -> RiskAssessment:
    assessment = RiskAssessment(person=person, recorded_by=recorder(actor), **values)
    _check_risk(assessment)
    save_validated(assessment)
    audit_record(
        actor=actor, action="risk_assessment.create", obj=assessment, fields=list(values), person_id=person.pk
    )
    return assessment


@transaction.atomic
def evidence_add(*, actor: User, assessment: RiskAssessment, **values: Any) -> EvidenceItem:
    _check_author_may_edit(actor, assessment)
    item = EvidenceItem(assessment=assessment, recorded_by=recorder(actor), **values)
    save_validated(item)
    audit_record(
        actor=actor, action="evidence.add", obj=item, fields=list(values), person_id=assessment.person_id
    )
    return item


@transaction.atomic
def risk_assessment_submit(*, actor: User, assessment: RiskAssessment) -> RiskAssessment:
    assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    _check_author_may_edit(actor, assessment)
    if not assessment.evidence.exists():
        raise ValidationError(errors.ERR_NO_EVIDENCE)
    assessment.status = ReviewStatus.SUBMITTED
    save_validated(assessment)
    audit_record(
        actor=actor,
        action="risk_assessment.submit",
        obj=assessment,
        fields=["status"],
        person_id=assessment.person_id,
    )
    work_approvals_replace(person=assessment.person)
    return assessment


@transaction.atomic
def risk_assessment_review(
    *, actor: User, assessment: RiskAssessment, approve: bool, note: str = ""
) -> RiskAssessment:
    """A second legal officer approves (it then counts) or returns it to the author."""
    assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not can(actor, "protection.risk"):
        raise ValidationError(errors.ERR_REVIEW_ROLE)
    if assessment.status != ReviewStatus.SUBMITTED:
        raise ValidationError(errors.ERR_NOT_SUBMITTED)
    if assessment.recorded_by_id == getattr(actor, "pk", None):
        raise ValidationError(errors.ERR_OWN_REVIEW)
    assessment.status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    assessment.reviewer, assessment.reviewed_at, assessment.review_note = (
        recorder(actor),
        timezone.now(),
        note,
    )
    save_validated(assessment)
    audit_record(
        actor=actor,
        action="risk_assessment.approve" if approve else "risk_assessment.return",
        obj=assessment,
        fields=["status", "reviewer", "reviewed_at", "review_note"],
        person_id=assessment.person_id,
    )
    work_approvals_replace(person=assessment.person)
    if approve:
        determination_refresh(actor=actor, person=assessment.person)
    return assessment


# --- applications -----------------------------------------------------------------------


@transaction.atomic
def application_open(*, actor: User, person: Person, procedure: str, kind: str, **values: Any) -> Application:
    person_lock(person)
    if procedure not in procedures():
        raise ValidationError(
            {"procedure": ValidationError(errors.ERR_PROCEDURE, params={"value": procedure})}
        )
    if kind not in get_procedure(procedure).kinds:
        params = {"procedure": gettext_lazy(get_procedure(procedure).name), "kind": kind}
        raise ValidationError({"kind": ValidationError(errors.ERR_KIND_FOR_PROCEDURE, params=params)})
    application = Application(
        person=person, procedure=procedure, kind=kind, recorded_by=recorder(actor), **values
    )
    _not_future("filed_on", application.filed_on)
    save_validated(application)
    fields = ["procedure", "kind", *values]
    audit_record(actor=actor, action="application.open", obj=application, fields=fields, person_id=person.pk)
    work_steps_replace(person=person)
    determination_refresh(actor=actor, person=person)
    return application


@transaction.atomic
def application_step_record(
    *, actor: User, application: Application, step: str, done_on: date, note: str = ""
) -> ApplicationStep:
    keys = [s.key for s in get_procedure(application.procedure).steps]
    if step not in keys:
        raise ValidationError({"step": ValidationError(errors.ERR_STEP, params={"value": step})})
    if application.steps.filter(step=step).exists():
        raise ValidationError({"step": ValidationError(errors.ERR_STEP_DONE, params={"value": step})})
    _not_future("done_on", done_on)
    if done_on < application.filed_on:
        params = {"filed": application.filed_on.isoformat()}
        raise ValidationError({"done_on": ValidationError(errors.ERR_BEFORE_FILING, params=params)})
    record = ApplicationStep(
        application=application, step=step, done_on=done_on, note=note, recorded_by=recorder(actor)
    )
    save_validated(record)
    audit_record(
        actor=actor,
        action="application.step",
        obj=record,
        fields=["step", "done_on", "note"],
        person_id=application.person_id,
    )
    work_steps_replace(person=application.person)
    return record


@transaction.atomic
def application_decide(
    *, actor: User, application: Application, outcome: str, decided_on: date, note: str = ""
) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        params = {"status": application.get_status_display()}
        raise ValidationError(ValidationError(errors.ERR_NOT_PENDING, params=params))
    if outcome not in (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN):
        raise ValidationError({"outcome": errors.ERR_OUTCOME})
    decision = next((s for s in get_procedure(application.procedure).steps if s.decides), None)
    if decision is not None and outcome != ApplicationStatus.WITHDRAWN:
        if not application.steps.filter(step=decision.key).exists():
            application_step_record(
                actor=actor, application=application, step=decision.key, done_on=decided_on, note=note
            )
    application.status, application.decided_on = outcome, decided_on
    _not_future("decided_on", decided_on)
    save_validated(application)
    audit_record(
        actor=actor,
        action="application.decide",
        obj=application,
        fields=["status", "decided_on"],
        person_id=application.person_id,
    )
    work_steps_replace(person=application.person)
    determination_refresh(actor=actor, person=application.person)
    return application


# --- state positions and legal facts ----------------------------------------------------


@transaction.atomic
def state_position_add(
    *, actor: User, scope: str, person: Person | None = None, **values: Any
) -> StatePosition:
    if (scope == "case") != (person is not None):
        raise ValidationError({"person": errors.ERR_SCOPE_PERSON})
    position = StatePosition(scope=scope, person=person, recorded_by=recorder(actor), **values)
    save_validated(position)
    audit_record(
        actor=actor,
        action="state_position.add",
        obj=position,
        fields=["scope", *values],
        person_id=person.pk if person else "",
    )
    if person is not None:
        determination_refresh(actor=actor, person=person)
    else:
        # Everyone's facts change: at scale that runs beside the server, in batches (refresh.py).
        caseload_refresh_start(actor=actor, position=position)
    return position


@transaction.atomic
def case_facts_set(*, actor: User, person: Person, **values: Any) -> CaseFacts:
    for reason in values.get("exclusion_reasons") or []:
        if reason not in EXCLUSIONS:
            raise ValidationError(
                {"exclusion_reasons": ValidationError(errors.ERR_EXCLUSION, params={"value": reason})}
            )
    person_lock(person)
    record, created = CaseFacts.objects.select_for_update().get_or_create(
        person=person, defaults={"recorded_by": recorder(actor)}
    )
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name, value in values.items():
        setattr(record, name, value)
    save_validated(record)
    audit_record(
        actor=actor,
        action="case_facts.set",
        obj=record,
        fields=changed if not created else list(values),
        person_id=person.pk,
    )
    determination_refresh(actor=actor, person=person)
    return record

"""Trusting installations and sending a case: the rules the services hold whoever calls them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from safepassage.crypto.dossier import Identity
from safepassage.handover import services
from safepassage.handover.models import TrustedInstallation
from safepassage.handover.receive import HandoverRefused, dossier_check
from safepassage.protection import services as protection
from safepassage.registry.models import Person


def test_an_installation_is_trusted_once_never_with_our_own_keys_and_untrusting_stops_its_dossiers(
    person: Person,
    users: dict[str, Any],
    own_keys: Identity,
    korea: TrustedInstallation,
    korea_keys: Identity,
) -> None:
    with pytest.raises(ValidationError, match="already trusted as Korea"):
        services.trust_add(actor=users["lev"], public=korea_keys.public, name="Korea again")
    with pytest.raises(ValidationError, match="holds this installation's own keys"):
        services.trust_add(actor=users["lev"], public=own_keys.public, name="Us")
    with pytest.raises(ValidationError, match="already named Korea"):
        services.trust_add(actor=users["lev"], public=Identity.generate("Other").public, name="Korea")
    services.trust_remove(actor=users["lev"], installation=korea)
    with pytest.raises(ValidationError, match="Korea is no longer trusted"):
        services.export_request(actor=users["lev"], person=person, recipient=korea, reason="agreed")
    from safepassage.crypto.dossier import seal_dossier

    raw = seal_dossier(
        payload={}, sender=korea_keys, recipient=own_keys.public, dossier_id="d-9", created_at="2026-12-01"
    )
    with pytest.raises(HandoverRefused, match="which is not a registered sender"):
        dossier_check(raw, "kr.json")
    # Trusted again after a new comparison: the same row, its history kept.
    again = services.trust_add(actor=users["lev"], public=korea_keys.public, name="Korea", state="KR")
    assert korea.pk == again.pk and again.removed_at is None


def test_a_case_is_not_handed_to_a_state_where_an_approved_assessment_found_a_real_risk(
    person: Person, users: dict[str, Any], lena: Any, korea: TrustedInstallation
) -> None:
    risk = protection.risk_assessment_create(
        actor=users["lev"], person=person, destination="KR", risk_kinds=["torture"],
        conclusion="substantial", summary="Fictional reasoning",
    )  # fmt: skip
    protection.evidence_add(
        actor=users["lev"],
        assessment=risk,
        kind="country_information",
        source="Fictional report",
        description="Risk",
    )
    protection.risk_assessment_submit(actor=users["lev"], assessment=risk)
    protection.risk_assessment_review(actor=lena, assessment=risk, approve=True, note="agreed")
    with pytest.raises(ValidationError, match="must not be handed over to KR"):
        services.export_request(actor=users["lev"], person=person, recipient=korea, reason="agreed")


def test_the_command_lists_trusted_installations_with_their_fingerprints(
    korea: TrustedInstallation, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("handover", "list")
    assert f"Korea [KR] trusted: {korea.fingerprint[:4]} " in capsys.readouterr().out

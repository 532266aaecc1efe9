"""A caseload that grows: generated persons with full histories, rounds, list entries and tracing requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from safepassage.exchanges import services as exchanges
from safepassage.exchanges.models import ExchangeList, ListEntry
from safepassage.ops.generate import Actors, generate
from safepassage.protection import services as protection
from safepassage.registry import services as registry
from safepassage.registry.choices import MatchStatus
from safepassage.registry.models import Person
from safepassage.tracing import services as tracing
from safepassage.tracing.models import TracingMatch


@dataclass
class Caseload:
    """Everything the list pages show, added in steps so a page can be loaded at two sizes."""

    users: dict[str, Any]
    actors: Actors
    persons: int = 0
    steps: int = 0
    main_round: Any = None
    first_request: Any = None
    shown: list[Any] = field(default_factory=list)

    def grow_to(self, total: int) -> None:
        """Add generated persons (and as many rounds, list entries and tracing requests) up to `total`."""
        more = total - self.persons
        self.steps += 1
        generate(count=more, seed=self.steps, actors=self.actors, prefix=f"SP-N{self.steps}", batch=more)
        new = list(
            Person.objects.filter(case_number__startswith=f"SP-N{self.steps}-").order_by("case_number")
        )
        nick, lev = self.users["nick"], self.users["lev"]
        if self.main_round is None:
            # Two versions from the start: the round page compares the latest with the one before.
            self.main_round = exchanges.round_create(actor=nick, name="Round main")
            ExchangeList.objects.create(round=self.main_round, direction="outgoing", version=1)
        lst = ExchangeList.objects.create(round=self.main_round, direction="outgoing", version=self.steps + 1)
        for n, person in enumerate(new, start=1):
            exchanges.round_create(actor=nick, name=f"Round {self.steps}-{n}")
            ListEntry(
                exchange_list=lst, row=n + 1, external_id=f"RU-{n:04d}", full_name=f"Name {n}",
                person=person, match_status=MatchStatus.REVIEW, match_probability=0.2, evidence="{}",
            ).save()  # fmt: skip
            request = tracing.tracing_request_create(
                actor=lev, reference=f"TR-{self.steps}-{n}", received_on=date(2026, 1, 5),
                requester="A fictional mother", sought_names="김철남",
            )  # fmt: skip
            TracingMatch(request=request, person=person, match_probability=0.4, evidence="{}").save()
            self.first_request = self.first_request or request
        if not self.shown:
            # At least one of every record the pages list, whatever the seed drew.
            protection.application_open(
                actor=lev, person=new[0], procedure="ua_refugee", kind="asylum", filed_on=date(2026, 1, 10)
            )
            registry.identity_document_add(
                actor=lev, person=new[0], doc_type="military_id", issuing_state="RU", assessment="forged"
            )
        self.persons = total
        self.shown = self.shown or new


@pytest.fixture
def caseload(users: dict[str, Any], lena: Any) -> Caseload:
    actors = Actors(caseworker=users["carla"], monitor=users["mona"], legal=users["lev"], legal_2=lena)
    return Caseload(users=users, actors=actors)

"""`safepassage determination CASE_NUMBER --json`: the legal engine's answer on the recorded facts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safepassage import law
from safepassage.protection.facts import derive_facts
from safepassage.registry.models import Person


class Command(BaseCommand):
    help = "Print the determination for a case: the same JSON as `safepassage assess` on its facts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_number")
        parser.add_argument("--json", action="store_true", help="print JSON (the default is an explanation)")
        parser.add_argument("--position", default="icrc_2020", choices=list(law.POSITIONS))
        parser.add_argument("--facts", action="store_true", help="print the derived facts instead")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(case_number=options["case_number"]).first()
        if person is None:
            raise CommandError(f"No case numbered {options['case_number']!r}.")
        facts = derive_facts(person, timezone.localdate()).facts
        if options["facts"]:
            self.stdout.write(json.dumps(facts, ensure_ascii=False, indent=2))
            return
        result = law.assess(facts, position=options["position"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for line in law.explain(result, facts):
            self.stdout.write(line)

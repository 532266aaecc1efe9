"""`safepassage report case CASE_NUMBER --pdf FILE --as USERNAME`: the case file as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.registry.models import Person
from safepassage.reports.case_file import case_file_pdf


class Command(BaseCommand):
    help = "Write a person's case file as PDF, limited to what the reader's role may see."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        case = sub.add_parser("case")
        case.add_argument("case_number")
        case.add_argument("--pdf", type=Path, required=True)
        case.add_argument("--as", dest="reader", required=True, help="the user the file is printed for")

    def handle(self, *args: Any, **options: Any) -> None:
        reader = get_user_model().objects.filter(username=options["reader"]).first()
        if reader is None:
            raise CommandError(f"No user named {options['reader']!r}.")
        person = Person.objects.for_user(reader).filter(case_number=options["case_number"]).first()
        if person is None:
            raise CommandError(f"No case numbered {options['case_number']!r} that {reader} may see.")
        options["pdf"].write_bytes(case_file_pdf(user=reader, person=person))
        self.stdout.write(f"Case file of {person.case_number} written to {options['pdf']}.")

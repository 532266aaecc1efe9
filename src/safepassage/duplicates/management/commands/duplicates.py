"""`safepassage duplicates scan|list`: look for the same man registered twice, and list what was found."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.core.rls import SYSTEM, database_context
from safepassage.duplicates.models import DuplicatePair, DuplicateScan, PairStatus
from safepassage.duplicates.scan import BATCH, checks_run, scan_run, scan_start
from safepassage.progress import Progress, add_progress_flags, wanted

ERR_NO_JOB = "No duplicate scan numbered {job}: `safepassage duplicates list --scans` shows them."


class Command(BaseCommand):
    help = "Find possible duplicates in the registry (a resumable scan), or list the open pairs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        scan = sub.add_parser("scan", help="scan the whole registry, or run or resume a scan")
        which = scan.add_mutually_exclusive_group()
        which.add_argument("--job", type=int, help="carry out (or finish) this scan")
        which.add_argument("--resume", action="store_true", help="finish every unfinished scan")
        which.add_argument(
            "--checks",
            action="store_true",
            help="carry out the checks recorded after registrations, as their one worker (started by the "
            "server; exits at once when another worker is running)",
        )
        scan.add_argument("--batch", type=int, default=BATCH, help=f"persons per linking (default {BATCH})")
        add_progress_flags(scan)
        listing = sub.add_parser("list", help="list open possible duplicates (or the scans)")
        listing.add_argument("--scans", action="store_true", help="list the scans and their progress")
        listing.add_argument("--all", action="store_true", help="every pair, decided ones too")

    def handle(self, *args: Any, **options: Any) -> None:
        with database_context(SYSTEM):
            if options["subcommand"] == "list":
                self._list(scans=options["scans"], every=options["all"])
            else:
                self._scan(options)

    def _list(self, *, scans: bool, every: bool) -> None:
        if scans:
            for job in DuplicateScan.objects.order_by("started_at"):
                state = f"finished {job.finished_at:%Y-%m-%d %H:%M}" if job.finished_at else "UNFINISHED"
                scope = f"{len(job.persons)} persons" if job.persons else "whole registry"
                self.stdout.write(
                    f"{job.pk}: {scope}, started {job.started_at:%Y-%m-%d %H:%M}, {job.done} of {job.total} "
                    f"checked, {job.found} pairs found, {state}"
                )
            return
        pairs = DuplicatePair.objects.select_related("person_a", "person_b").order_by("-probability", "pk")
        if not every:
            pairs = pairs.filter(status=PairStatus.OPEN)
        count = 0
        for pair in pairs:
            count += 1
            self.stdout.write(
                f"{pair.pk}: {pair.person_a.case_number} ~ {pair.person_b.case_number} "
                f"p={pair.probability:.3f} {pair.status}"
            )
        self.stdout.write(f"{count} pairs.")

    def _report(self, done: DuplicateScan) -> None:
        self.stdout.write(
            f"Duplicate scan {done.pk}: {done.done} of {done.total} persons checked, "
            f"{done.found} new possible duplicates."
        )

    def _checks(self, options: dict[str, Any]) -> None:
        stream = getattr(self.stderr, "_out", None)
        with Progress(wanted(options["progress"], stream), stream) as progress:
            done, was_worker = checks_run(batch=options["batch"], progress=progress)
        for job in done:
            self._report(job)
        if not was_worker:
            self.stdout.write("Another worker is carrying out the duplicate checks: nothing to do here.")
        elif not done:
            self.stdout.write("No duplicate check was waiting.")

    def _scan(self, options: dict[str, Any]) -> None:
        if options["checks"]:
            self._checks(options)
            return
        if options["job"] is not None:
            job = DuplicateScan.objects.filter(pk=options["job"]).first()
            if job is None:
                raise CommandError(ERR_NO_JOB.format(job=options["job"]))
            jobs = [job]
        elif options["resume"]:
            jobs = list(DuplicateScan.objects.filter(finished_at__isnull=True).order_by("started_at"))
        else:
            jobs = [scan_start(actor=None)]
        stream = getattr(self.stderr, "_out", None)
        with Progress(wanted(options["progress"], stream), stream) as progress:
            for job in jobs:
                try:
                    done = scan_run(job, batch=options["batch"], progress=progress)
                except ValueError as exc:
                    raise CommandError(str(exc)) from exc
                self._report(done)

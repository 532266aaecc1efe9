"""`safepassage determinations refresh`: re-assess stored determinations in batches (protection.refresh)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.progress import Progress, add_progress_flags, wanted
from safepassage.protection.models import CaseloadRefresh
from safepassage.protection.refresh import caseload_refresh_run, persons_to_refresh

ERR_NO_JOB = "No caseload refresh numbered {job}: `safepassage determinations refresh --list` shows them."
ERR_ONE_OF = "Say which: --job ID (one job), --resume (unfinished jobs) or --all (a new job for everyone)."


class Command(BaseCommand):
    help = "Re-assess stored determinations: a caseload-wide position's job, unfinished jobs, or everyone."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        refresh = sub.add_parser("refresh", help="run, resume or start a caseload refresh")
        which = refresh.add_mutually_exclusive_group()
        which.add_argument("--job", type=int, help="carry out (or finish) this caseload refresh")
        which.add_argument("--resume", action="store_true", help="finish every unfinished caseload refresh")
        which.add_argument("--all", action="store_true", help="re-assess everyone (after an engine upgrade)")
        which.add_argument("--list", action="store_true", help="list caseload refreshes and their progress")
        refresh.add_argument("--batch", type=int, default=100, help="persons per transaction (default 100)")
        add_progress_flags(refresh)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in CaseloadRefresh.objects.order_by("started_at"):
                state = f"finished {job.finished_at:%Y-%m-%d %H:%M}" if job.finished_at else "UNFINISHED"
                self.stdout.write(
                    f"{job.pk}: started {job.started_at:%Y-%m-%d %H:%M}, {job.done} of {job.total} persons, "
                    f"{job.stored} new determinations, {state}"
                )
            return
        if options["job"] is not None:
            job = CaseloadRefresh.objects.filter(pk=options["job"]).first()
            if job is None:
                raise CommandError(ERR_NO_JOB.format(job=options["job"]))
            jobs = [job]
        elif options["resume"]:
            jobs = list(CaseloadRefresh.objects.filter(finished_at__isnull=True).order_by("started_at"))
        elif options["all"]:
            jobs = [CaseloadRefresh.objects.create(total=persons_to_refresh().count())]
        else:
            raise CommandError(ERR_ONE_OF)
        stream = getattr(self.stderr, "_out", None)
        with Progress(wanted(options["progress"], stream), stream) as progress:
            for job in jobs:
                try:
                    done = caseload_refresh_run(job, batch=options["batch"], progress=progress)
                except ValueError as exc:
                    raise CommandError(str(exc)) from exc
                self.stdout.write(
                    f"Caseload refresh {done.pk}: {done.done} of {done.total} persons re-assessed, "
                    f"{done.stored} new determinations stored."
                )

"""`safepassage exchange ...`: create, import, reconcile, jobs, finalize, execute, manifest, override."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.core.policy import can
from safepassage.exchanges import imports, services
from safepassage.exchanges.guard import GuardRefused
from safepassage.exchanges.manifest import manifest_csv, manifest_pdf, manifest_rows
from safepassage.exchanges.models import ExchangeRound, GuardOverride, ImportJob, JobStatus
from safepassage.progress import Progress, add_progress_flags, wanted
from safepassage.protection.models import Interview
from safepassage.registry.models import Person

ERR_NO_JOB = "No import job {job}: `safepassage exchange jobs` lists them."
ERR_OVERRIDE_AS = (
    "An override is asked for and approved by named people (four eyes): give --as USER, a user "
    "whose role may {what} it."
)
ERR_NO_CASE = "No person with the case number {case!r}."
ERR_NO_INTERVIEW = "{case} has no interview {interview}: his interviews are listed on his page."
ERR_NO_OVERRIDE = "No override {override}: `safepassage exchange override list ROUND` lists them."


class Command(BaseCommand):
    help = "Exchange rounds: create, import a list, reconcile, finalize under the guard, manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="as_user", help="act as this user (messages follow the role)")
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a round")
        create.add_argument("name")
        create.add_argument("--counterpart", default="RU")
        create.add_argument("--planned", type=date.fromisoformat)
        imp = sub.add_parser("import", help="import a list (CSV or XLSX) as the next version of one side")
        imp.add_argument("round")
        imp.add_argument("file", type=Path)
        imp.add_argument("--side", required=True, choices=["outgoing", "incoming"])
        imp.add_argument("--encoding")
        imp.add_argument(
            "--no-reconcile", dest="reconcile", action="store_false", help="import only; reconcile later"
        )
        imp.add_argument(
            "--background", action="store_true", help="start the job beside and return (see `exchange jobs`)"
        )
        add_progress_flags(imp)
        rec = sub.add_parser("reconcile", help="match the latest lists against the registry")
        rec.add_argument("round")
        rec.add_argument("--side", choices=["outgoing", "incoming"])
        add_progress_flags(rec)
        listed = sub.add_parser("jobs", help="list import and reconciliation jobs with their progress")
        listed.add_argument("round", nargs="?")
        job = sub.add_parser("job", help="carry out (or start again) an import or reconciliation job")
        job.add_argument("job")
        job.add_argument("--cancel", action="store_true", help="give up a job whose process stopped")
        add_progress_flags(job)
        for name in ("finalize", "execute"):
            sub.add_parser(name, help=f"{name} the round under the exchange guard").add_argument("round")
        man = sub.add_parser("manifest", help="write the outgoing manifest")
        man.add_argument("round")
        man.add_argument("--pdf", type=Path)
        man.add_argument("--csv", type=Path)
        man.add_argument("--pseudonymous", action="store_true", help="case and manifest numbers only")

        over = sub.add_parser(
            "override", help="guard overrides: request, approve, list (four eyes, --as needed)"
        )
        osub = over.add_subparsers(dest="override_action", required=True)
        req = osub.add_parser("request", help="ask to let one refused man through, on his fresh consent")
        req.add_argument("round")
        req.add_argument("case_number")
        req.add_argument("--interview", required=True, help="the id of his verified private interview")
        req.add_argument("--reason", required=True)
        osub.add_parser("approve", help="approve an override (a second legal officer)").add_argument(
            "override"
        )
        osub.add_parser("list", help="a round's overrides, requested and approved").add_argument("round")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["as_user"]:
            actor = get_user_model().objects.filter(username=options["as_user"]).first()
            if actor is None:
                raise CommandError(f"No user named {options['as_user']!r}.")
        action = options["action"]
        try:
            getattr(self, f"do_{action}")(actor, options)
        except (GuardOverride.DoesNotExist, Interview.DoesNotExist, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        except GuardRefused as refused:
            raise CommandError(refused.message_for(actor), returncode=3) from refused
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def _round(self, name: str) -> ExchangeRound:
        found = ExchangeRound.objects.filter(name=name).first()
        if found is None:
            raise CommandError(f"No exchange round named {name!r}.")
        return found

    def do_create(self, actor: Any, o: dict[str, Any]) -> None:
        made = services.round_create(
            actor=actor, name=o["name"], counterpart=o["counterpart"], planned_on=o["planned"]
        )
        self.stdout.write(f"Created round {made.name}.")

    def _progress(self, o: dict[str, Any]) -> Progress:
        """Bars on the real stderr (never self.stdout): shown on a terminal or with --progress."""
        stream = getattr(self.stderr, "_out", None)
        return Progress(wanted(o["progress"], stream), stream)

    def do_import(self, actor: Any, o: dict[str, Any]) -> None:
        round_ = self._round(o["round"])
        if o["background"]:
            try:
                with o["file"].open("rb") as stream:
                    job = imports.import_job_start(
                        actor=actor,
                        round_=round_,
                        direction=o["side"],
                        stream=stream,
                        source_name=o["file"].name,
                        encoding=o["encoding"],
                        reconcile=o["reconcile"],
                    )
            except OSError as exc:
                raise CommandError(f"{o['file'].name}: {exc.strerror or exc}") from exc
            self.stdout.write(f"Import job {job.pk} started: `safepassage exchange jobs` shows its progress.")
            return
        with self._progress(o) as progress:
            try:
                lst = services.list_import(
                    actor=actor,
                    round_=round_,
                    direction=o["side"],
                    path=o["file"],
                    encoding=o["encoding"],
                    reconcile=o["reconcile"],
                    progress=progress,
                )
            except OSError as exc:
                raise CommandError(f"{o['file'].name}: {exc.strerror or exc}") from exc
        self.stdout.write(
            f"Imported {lst.entries.count()} entries as {o['side']} list version {lst.version}."
        )
        job = lst.jobs.order_by("-created_at").first()
        if job is not None and job.reconcile:
            self.stdout.write(job.message or self._summary(job.counts))

    @staticmethod
    def _summary(counts: dict[str, int]) -> str:
        return "Reconciled: " + (", ".join(f"{k} {v}" for k, v in counts.items() if v) or "no entries") + "."

    def _job(self, ref: str) -> ImportJob:
        found = ImportJob.objects.filter(pk=ref).first() if len(ref) == 36 else None
        if found is None:
            raise CommandError(ERR_NO_JOB.format(job=ref))
        return found

    def do_jobs(self, actor: Any, o: dict[str, Any]) -> None:
        found = ImportJob.objects.select_related("round").order_by("created_at")
        if o["round"]:
            found = found.filter(round=self._round(o["round"]))
        for job in found:
            state = job.get_status_display()
            progress = f"{job.done} of {job.total}" if job.total else f"{job.done}"
            when = f"finished {job.finished_at:%Y-%m-%d %H:%M}" if job.finished_at else "UNFINISHED"
            line = f"{job.pk}: {job.kind} {job.direction} of {job.round.name}, {state}, {progress}, {when}"
            self.stdout.write(line + (f": {job.message}" if job.message else ""))

    def do_job(self, actor: Any, o: dict[str, Any]) -> None:
        job = self._job(o["job"])
        try:
            if o["cancel"]:
                imports.job_cancel(actor=actor, job=job)
                self.stdout.write(f"Job {job.pk} cancelled.")
                return
            with self._progress(o) as progress:
                done = imports.job_run(job, progress=progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if done.status == JobStatus.FAILED:
            raise CommandError(f"Job {done.pk} failed: {done.message}")
        self.stdout.write(f"Job {done.pk} done: {self._summary(done.counts)}")

    def do_reconcile(self, actor: Any, o: dict[str, Any]) -> None:
        round_ = self._round(o["round"])
        for side in [o["side"]] if o["side"] else ["outgoing", "incoming"]:
            lst = services.latest_list(round_, side)
            if lst is None:
                continue
            with self._progress(o) as progress:
                counts = services.list_reconcile(actor=actor, exchange_list=lst, progress=progress)
            summary = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
            self.stdout.write(f"{side} v{lst.version}: {summary}.")

    def do_finalize(self, actor: Any, o: dict[str, Any]) -> None:
        done = services.round_finalize(actor=actor, round_=self._round(o["round"]))
        self.stdout.write(f"Round {done.name} finalised with {done.finalised_list.entries.count()} entries.")

    def do_execute(self, actor: Any, o: dict[str, Any]) -> None:
        done = services.round_execute(actor=actor, round_=self._round(o["round"]))
        self.stdout.write(f"Round {done.name} executed.")

    def do_manifest(self, actor: Any, o: dict[str, Any]) -> None:
        round_ = self._round(o["round"])
        lst = round_.finalised_list or services.latest_list(round_, "outgoing")
        if lst is None:
            raise CommandError(f"The round {round_.name} has no outgoing list.")
        names = not o["pseudonymous"] and (actor is None or can(actor, "exchange.names"))
        rows = manifest_rows(round_, lst, names=names, reader=actor)
        if not o["pdf"] and not o["csv"]:
            raise CommandError("Give --pdf FILE, --csv FILE or both.")
        if o["csv"]:
            o["csv"].write_text(manifest_csv(rows, names=names), encoding="utf-8")
        if o["pdf"]:
            o["pdf"].write_bytes(manifest_pdf(round_, lst, rows, names=names))
        self.stdout.write(f"Manifest of {len(rows)} entries written.")

    def do_override(self, actor: Any, o: dict[str, Any]) -> None:
        getattr(self, f"do_override_{o['override_action']}")(actor, o)

    def do_override_request(self, actor: Any, o: dict[str, Any]) -> None:
        if actor is None or not can(actor, "exchange.override.request"):
            raise CommandError(ERR_OVERRIDE_AS.format(what="request"))
        round_ = self._round(o["round"])
        person = Person.objects.filter(case_number=o["case_number"]).first()
        if person is None:
            raise CommandError(ERR_NO_CASE.format(case=o["case_number"]))
        interview = Interview.objects.filter(person=person, pk=o["interview"]).first()
        if interview is None:
            raise CommandError(ERR_NO_INTERVIEW.format(case=person.case_number, interview=o["interview"]))
        made = services.override_request(
            actor=actor, round_=round_, person=person, interview=interview, reason=o["reason"]
        )
        self.stdout.write(
            f"Override {made.pk} requested for {person.case_number} in {round_.name}: "
            "a second legal officer must approve it."
        )

    def do_override_approve(self, actor: Any, o: dict[str, Any]) -> None:
        if actor is None or not can(actor, "exchange.override.approve"):
            raise CommandError(ERR_OVERRIDE_AS.format(what="approve"))
        found = GuardOverride.objects.filter(pk=o["override"]).first() if len(o["override"]) == 36 else None
        if found is None:
            raise CommandError(ERR_NO_OVERRIDE.format(override=o["override"]))
        done = services.override_approve(actor=actor, override=found)
        self.stdout.write(
            f"Override {done.pk} approved: {done.person.case_number} can go on {done.round.name}."
        )

    def do_override_list(self, actor: Any, o: dict[str, Any]) -> None:
        round_ = self._round(o["round"])
        found = round_.overrides.select_related("person", "requested_by", "approved_by").order_by(
            "created_at"
        )
        for override in found:
            approved = (
                f"approved by {override.approved_by} {override.approved_at:%Y-%m-%d %H:%M}"
                if override.approved_by_id
                else "AWAITING APPROVAL"
            )
            self.stdout.write(
                f"{override.pk}: {override.person.case_number}, requested by {override.requested_by} "
                f"{override.created_at:%Y-%m-%d %H:%M}, {approved}"
            )

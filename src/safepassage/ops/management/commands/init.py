"""`safepassage init`: compile translations, create or upgrade the database, create missing keys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from safepassage.home import ensure_home
from safepassage.i18n import catalogue_files, compile_catalogues
from safepassage.ops.dbroles import OWNER_ALIAS, RoleSetupError, as_owner, install_context_key, setup_roles
from safepassage.ops.rotation import settle_legacy_audit_events


class Command(BaseCommand):
    help = "Create or upgrade the database and create any missing key in SAFEPASSAGE_HOME."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--keys-only", action="store_true", help="create keys, touch no database")
        parser.add_argument("--no-static", action="store_true", help="skip collecting static files")
        parser.add_argument(
            "--no-refresh",
            action="store_true",
            help="after an engine upgrade, only record the re-assessment job; run it later with "
            "`safepassage determinations refresh --resume`",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        home = ensure_home(settings.SAFEPASSAGE_HOME)
        self._compile_translations()
        if options["keys_only"]:
            return
        # With DATABASE_OWNER_URL the owner migrates, then grants the application role (core.dbroles).
        with as_owner():
            call_command("migrate", interactive=False, verbosity=max(0, options["verbosity"] - 1))
            # The shared cache (sign-in rate limits, used TOTP codes) lives in the database.
            call_command("createcachetable", verbosity=0)
            if connection.vendor == "postgresql":
                # Row-level security trusts only contexts signed with this key (core.rls).
                try:
                    install_context_key(connection)
                except RoleSetupError as exc:
                    raise CommandError(str(exc)) from exc
        connection.close()
        legacy = settle_legacy_audit_events()
        if legacy is not None:
            self.stdout.write(
                f"Audit chain keyed from event #{legacy + 1}; the {legacy} before keep the old rule."
            )
        if OWNER_ALIAS in settings.DATABASES:
            try:
                report = setup_roles()
            except RoleSetupError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Application role {report.app!r} granted; it owns no table.")
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self._engine_refresh(run=not options["no_refresh"])
        db = settings.DATABASES["default"]
        where = db["NAME"] if db["ENGINE"].endswith("sqlite3") else f"{db['ENGINE']} {db['NAME']}"
        self.stdout.write(f"SafePassage initialised: home {home}, database {where}.")

    def _engine_refresh(self, *, run: bool) -> None:
        """Determinations stored by an older legal engine are re-assessed by the new one."""
        from safepassage.progress import Progress, wanted
        from safepassage.protection.refresh import caseload_refresh_run, engine_refresh_start

        job = engine_refresh_start()
        if job is None:
            return
        if not run:
            self.stdout.write(
                f"Legal engine {job.engine_version}: {job.total} persons to re-assess (caseload refresh "
                f"{job.pk}); run `safepassage determinations refresh --resume`."
            )
            return
        stream = getattr(self.stderr, "_out", None)
        with Progress(wanted(None, stream), stream) as progress:
            done = caseload_refresh_run(job, progress=progress)
        self.stdout.write(
            f"Legal engine {done.engine_version}: {done.done} persons re-assessed, "
            f"{done.stored} new determinations stored (caseload refresh {done.pk})."
        )

    def _compile_translations(self) -> None:
        """The .mo files are build output (git-ignored): made here from the committed .po files."""
        try:
            compile_catalogues()
        except OSError as exc:
            # A read-only install that ships its .mo files is fine; one without them is not.
            if not all(po.with_suffix(".mo").is_file() for po in catalogue_files()):
                raise CommandError(str(exc)) from exc
            self.stderr.write(f"Translations not recompiled: {exc}")

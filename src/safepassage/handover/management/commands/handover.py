"""`safepassage handover keys|trust|list|untrust|export|import|sent`: hand a case to another installation."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safepassage.accounts.models import Unit
from safepassage.crypto.dossier import DossierError, fingerprint_groups, read_public
from safepassage.handover import errors, services
from safepassage.handover.identity import identity_create, identity_exists, identity_load
from safepassage.handover.models import HandoverExport, TrustedInstallation
from safepassage.handover.receive import HandoverRefused, dossier_check, dossier_import, preview, with_matches
from safepassage.registry.models import Person

ERR_EXISTS = "{path} already exists: choose a new file name, an export never overwrites one."
ERR_NAME_NEEDED = "This installation has no handover keys yet: give its name with --name to create them."
ERR_UNREADABLE = "{path}: {detail}"
REFUSED = 2


def _write_new(path: Path, raw: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CommandError(ERR_EXISTS.format(path=path)) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(ERR_UNREADABLE.format(path=path, detail=exc.strerror or exc)) from exc


class Command(BaseCommand):
    help = "Hand a case to another installation: keys, trusted installations, export and import of dossiers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        keys = sub.add_parser(
            "keys", help="create this installation's keys if missing; show their fingerprint"
        )
        keys.add_argument("--name", help="this installation's name (needed the first time)")
        keys.add_argument("--export", type=Path, metavar="PUB", help="write the public keys to this new file")
        trust = sub.add_parser("trust", help="register another installation's public key file")
        trust.add_argument("public", type=Path, metavar="PUB")
        trust.add_argument("--name", required=True, help="the name it is known by here")
        trust.add_argument("--state", default="", help="the state it belongs to (two letters, e.g. KR)")
        trust.add_argument("--yes", action="store_true", help="the fingerprint was compared: do not ask")
        sub.add_parser("list", help="the trusted installations and their fingerprints")
        untrust = sub.add_parser("untrust", help="stop trusting an installation (its history stays)")
        untrust.add_argument("name")
        export = sub.add_parser("export", help="write one case's dossier for a trusted installation")
        export.add_argument("case")
        export.add_argument("--to", required=True, dest="recipient", help="the trusted installation's name")
        export.add_argument("--out", required=True, type=Path, help="the dossier file to create")
        export.add_argument(
            "--reason", default="", help="why the case is handed over (kept with the manifest)"
        )
        imp = sub.add_parser("import", help="check a dossier, show it, and register the person")
        imp.add_argument("file", type=Path)
        imp.add_argument("--yes", action="store_true", help="import without asking (for scripts)")
        imp.add_argument("--unit", help="the unit to keep the person in")
        sent = sub.add_parser("sent", help="the dossiers sent, or one dossier's manifest")
        sent.add_argument("dossier", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['subcommand']}")(options)
        except DossierError as exc:
            raise CommandError(errors.dossier_error_text(exc), returncode=REFUSED) from exc
        except HandoverRefused as exc:
            raise CommandError(str(exc), returncode=REFUSED) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def _ask(self, question: str) -> bool:
        self.stdout.write(question + " [y/N] ", ending="")
        self.stdout.flush()
        answer = sys.stdin.readline().strip().lower() if sys.stdin else ""
        return answer in {"y", "yes"}

    def _keys(self, options: dict[str, Any]) -> None:
        if identity_exists():
            identity = identity_load()
        elif options["name"]:
            identity = identity_create(options["name"])
            self.stdout.write("Handover keys created.")
        else:
            raise CommandError(ERR_NAME_NEEDED)
        public = identity.public
        self.stdout.write(f"Installation: {public.name}")
        self.stdout.write(f"Fingerprint:  {fingerprint_groups(public.fingerprint)}")
        if options["export"] is not None:
            _write_new(options["export"], public.file_bytes())
            self.stdout.write(f"Public keys written to {options['export']}.")

    def _trust(self, options: dict[str, Any]) -> None:
        path: Path = options["public"]
        public = read_public(_read(path), str(path))
        self.stdout.write(f"{path}: installation {public.name!r}")
        self.stdout.write(f"Fingerprint: {fingerprint_groups(public.fingerprint)}")
        if not options["yes"] and not self._ask(
            "Is this the fingerprint the other installation read to you?"
        ):
            raise CommandError("Not trusted: nothing was registered.")
        made = services.trust_add(actor=None, public=public, name=options["name"], state=options["state"])
        self.stdout.write(f"Trusted {made.name} ({made.state or 'no state given'}).")

    def _list(self, options: dict[str, Any]) -> None:
        for row in TrustedInstallation.objects.order_by("name"):
            state = "untrusted" if row.removed_at else "trusted"
            self.stdout.write(
                f"{row.name} [{row.state or '-'}] {state}: {fingerprint_groups(row.fingerprint)}"
            )

    def _installation(self, name: str) -> TrustedInstallation:
        found = TrustedInstallation.objects.filter(name=name).first()
        if found is None:
            raise CommandError(str(errors.ERR_NOT_TRUSTED) % {"name": name})
        return found

    def _untrust(self, options: dict[str, Any]) -> None:
        made = services.trust_remove(actor=None, installation=self._installation(options["name"]))
        self.stdout.write(f"{made.name} is no longer trusted.")

    def _export(self, options: dict[str, Any]) -> None:
        person = Person.objects.filter(case_number=options["case"]).first()
        if person is None:
            raise CommandError(str(errors.ERR_NO_CASE) % {"case": options["case"]})
        out: Path = options["out"]
        if out.exists():
            raise CommandError(ERR_EXISTS.format(path=out))
        reason = options["reason"] or "exported by the operator from the command line"
        export = services.export_now(
            actor=None, person=person, recipient=self._installation(options["recipient"]), reason=reason
        )
        assert export.dossier is not None  # noqa: S101 (a completed export holds its file)
        _write_new(out, bytes(export.dossier))
        counts = json.loads(export.manifest)["counts"]
        listed = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(f"Dossier {export.pk} for {export.recipient.name} written to {out}: {listed}.")
        self.stdout.write(f"SHA-256 {export.file_sha256}; custody: transferred, recorded.")

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        raw = _read(path)
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(name=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit named {options['unit']!r}.")
        shown = preview(with_matches(dossier_check(raw, path.name)))
        self.stdout.write(
            f"Dossier {shown['dossier_id']} from {shown['sender'].name}, created {shown['created_at']}"
        )
        self.stdout.write(f"Sender's fingerprint: {shown['fingerprint']} (signature verified)")
        self.stdout.write(f"Case there: {shown['case_number']}; born {shown['birth'] or 'unknown'}")
        self.stdout.write("Names: " + "; ".join(shown["names"]))
        self.stdout.write("Records: " + ", ".join(f"{n} {kind}" for kind, n in shown["counts"].items()))
        if shown["matches"]:
            self.stdout.write("Possible matches in this registry (not merged, for review):")
            for person, probability in shown["matches"]:
                self.stdout.write(f"  {person.case_number} ({probability:.2f})")
        else:
            self.stdout.write("No possible match in this registry.")
        if not options["yes"] and not self._ask("Register him as a new person?"):
            raise CommandError("Not imported: nothing was written.")
        receipt = dossier_import(actor=None, raw=raw, name=path.name, unit=unit)
        self.stdout.write(
            f"Imported as {receipt.person.case_number}: {receipt.records} records received from "
            f"{receipt.sender.name}."
        )

    def _sent(self, options: dict[str, Any]) -> None:
        if options["dossier"]:
            export = (
                HandoverExport.objects.filter(pk=options["dossier"]).first()
                if len(options["dossier"]) == 36
                else None
            )
            if export is None or not export.manifest:
                raise CommandError(f"No dossier {options['dossier']} was sent.")
            self.stdout.write(json.dumps(json.loads(export.manifest), indent=2, ensure_ascii=False))
            return
        for export in HandoverExport.objects.select_related("person", "recipient").order_by("requested_at"):
            when = export.completed_at.isoformat(timespec="seconds") if export.completed_at else "not yet"
            self.stdout.write(
                f"{export.pk}: {export.person.case_number} to {export.recipient.name}, {export.status}, "
                f"sent {when}, SHA-256 {export.file_sha256 or '-'}"
            )

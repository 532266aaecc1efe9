"""`makemessages`: Django's, plus the engine's rule statements and the texts of our YAML data files."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.management.base import CommandError
from django.core.management.commands import makemessages
from django.core.management.utils import popen_wrapper

from safepassage.i18n import write_data_template

ERR_MSGCAT = "msgcat could not add the data files' messages to {pot}: {error}"


class Command(makemessages.Command):
    # law/ never imports Django, so its rule statements carry no gettext call: name `rule` instead.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=rule:2"]

    def build_potfiles(self) -> list[str]:
        potfiles = super().build_potfiles()
        # Run from the package directory (as `make messages` does): data file paths are relative to it.
        with tempfile.TemporaryDirectory() as scratch:
            extra = Path(scratch) / "data.pot"
            write_data_template(extra, Path.cwd())
            for potfile in potfiles:
                # --use-first: xgettext's header and flags win; a text in both keeps both locations.
                _out, errors, status = popen_wrapper(
                    ["msgcat", "--use-first", "--add-location=file", "-o", potfile, potfile, str(extra)]
                )
                if status:
                    raise CommandError(ERR_MSGCAT.format(pot=potfile, error=errors))
        return potfiles

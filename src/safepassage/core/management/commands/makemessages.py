"""`makemessages`: Django's, also extracting the legal engine's rule statements from `rule(id, statement)`."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # law/ never imports Django, so its rule statements carry no gettext call: name `rule` instead.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=rule:2"]

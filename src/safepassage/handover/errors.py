"""Error texts of the handover services: each says what was wrong and what to do."""

from django.utils.translation import gettext_lazy as _

ERR_NOT_ADDRESSED = _(
    "%(file)s is addressed to %(recipient)s (fingerprint %(theirs)s), not to this installation "
    "(%(ours)s): nothing was imported."
)
ERR_UNKNOWN_SENDER = _(
    "%(file)s comes from %(sender)s (fingerprint %(fingerprint)s), which is not a registered sender: "
    "compare its fingerprint out of band, then `safepassage handover trust`. Nothing was imported."
)
ERR_SENDER_KEY = _(
    "%(file)s carries a signing key that is not the one registered for %(sender)s: it was altered or "
    "forged. Nothing was imported."
)
ERR_REPLAYED = _(
    "%(file)s (dossier %(dossier)s) was already imported on %(date)s as case %(case)s: a dossier is "
    "imported once. Nothing was imported."
)
ERR_RECORD_HASH = _(
    "%(file)s: record %(type)s %(id)s does not match its hash: the dossier was altered. Nothing was imported."
)
ERR_PAYLOAD = _("%(file)s: the dossier's contents are not valid (%(detail)s). Nothing was imported.")
ERR_RECORD_INVALID = _(
    "%(file)s: record %(type)s %(id)s is not valid here (%(detail)s). Nothing was imported."
)
ERR_OWN_KEY = _("%(name)s holds this installation's own keys: trust another installation's file.")
ERR_ALREADY_TRUSTED = _("The installation with fingerprint %(fingerprint)s is already trusted as %(name)s.")
ERR_NAME_TAKEN = _("Another trusted installation is already named %(name)s: choose another name.")
ERR_NOT_TRUSTED = _("No trusted installation is named %(name)s: `safepassage handover list` shows them.")
ERR_RECIPIENT_REMOVED = _("%(name)s is no longer trusted: a dossier cannot be sent to it.")
ERR_SECOND_APPROVER = _("A handover needs a second legal officer: its requester cannot approve it.")
ERR_NOT_REQUESTED = _("This handover is not awaiting approval (it is %(status)s).")
ERR_REASON = _("Say why the case is handed over.")
ERR_NO_CASE = _("No person with case number %(case)s.")

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
ERR_REFOULEMENT = _(
    "%(case)s must not be handed over to %(state)s: an approved risk assessment found substantial "
    "grounds for a real risk there (non-refoulement)."
)
ERR_NO_CASE = _("No person with case number %(case)s.")

# The pure core's faults (crypto.dossier.DossierError codes), in the user's language.
DOSSIER_ERRORS = {
    "not_json": _("%(name)s is not a handover dossier, or was altered: it is not UTF-8 JSON (%(detail)s)."),
    "not_canonical": _(
        "%(name)s has been altered: its bytes are not those its sender wrote (the file must be the "
        "canonical JSON of docs/handover.md, byte for byte)."
    ),
    "shape": _("%(name)s is not a handover dossier: %(detail)s."),
    "version": _(
        "%(name)s is format %(found)s version %(version)s; "
        "this installation reads %(format)s version %(ours)s."
    ),
    "signature": _(
        "%(name)s has been altered or was not signed by the sender it names: the signature does not verify."
    ),
    "decrypt": _(
        "%(name)s cannot be opened with this installation's key: the ciphertext was altered or is not for us."
    ),
    "public": _("%(name)s is not an installation's public key file: %(detail)s."),
    "fingerprint": _(
        "%(name)s: the fingerprint written in it does not match its keys; the file was altered."
    ),
    "too_big": _("%(name)s is larger than %(limit)s bytes: not a dossier this installation reads."),
}


def dossier_error_text(exc: Exception) -> str:
    """A DossierError in the user's language (its English text where no translation is kept)."""
    text = DOSSIER_ERRORS.get(getattr(exc, "code", ""))
    return str(text) % exc.params if text is not None else str(exc)  # type: ignore[attr-defined]

"""Error texts of the exchange services."""

from django.utils.translation import gettext_lazy as _

ERR_NOT_NEGOTIATING = _("The round %(name)s is %(status)s: its lists can no longer change.")
ERR_NOT_FINALISED = _("The round %(name)s must be finalised before it is executed.")
ERR_NO_OUTGOING = _("The round %(name)s has no outgoing list to finalise.")
ERR_OVERRIDE_INTERVIEW = _(
    "An override needs a verified private interview, held in the last 14 days, recording his wish to return."
)
ERR_OVERRIDE_EXECUTED = _(
    "The round %(name)s is executed: its manifest has been handed over, nothing is overridden."
)
ERR_OVERRIDE_OTHER_PERSON = _("The interview belongs to another person.")
ERR_SECOND_APPROVER = _("An override needs a second approver: its requester cannot approve it.")
ERR_ALREADY_APPROVED = _("This override is already approved.")
ERR_ENTRY_DECIDED = _("Only an entry for review can be accepted or rejected.")
ERR_DIRECTION = _("Unknown list side %(value)s: use one of %(allowed)s.")
ERR_JOB_UNDER_WAY = _(
    "A list of the round %(name)s is still being imported or reconciled: wait until that job is done."
)
ERR_JOB_FINISHED = "Job {job} finished at {at}: there is nothing left to do."
ERR_JOB_UNEXPECTED = _(
    "The job stopped on an unexpected error; the operator finds the details in the job's log (job %(job)s)."
)
ERR_JOB_CANCELLED = _("Cancelled by the operator.")
ERR_ROUND_CLOSED = _("The round %(name)s was closed while its list was being read: nothing was imported.")
ERR_ENTRY_VALUE = "{file}: row {row}, column '{column}': {message}"

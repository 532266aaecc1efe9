"""Error texts of the protection services, as users see them."""

from django.utils.translation import gettext_lazy as _

ERR_VERIFY_ROLE = _("Only a neutral monitor can mark an interview as a verified private interview.")
ERR_VERIFY_PRIVATE = _("A verified private interview has nobody else present: clear 'others present'.")
ERR_VERIFY_CONSENT = _("A verified private interview needs the person's consent to the interview.")
ERR_VERIFY_VOLUNTARY = _("A verified private interview needs every point of the voluntariness checklist.")
ERR_FUTURE = _("This date is in the future.")
ERR_WITHDRAWS_OTHER = _("The interview withdrawn must be one of this person's interviews.")
ERR_RISK_KIND = _(
    "Unknown kind of risk %(value)s: use torture, ill_treatment, arbitrary_killing, "
    "death_penalty or persecution."
)
ERR_RISK_KINDS_NEEDED = _("A finding of substantial risk must name at least one kind of risk.")
ERR_NOT_EDITABLE = _("This risk assessment is %(status)s and can no longer be changed.")
ERR_NOT_AUTHOR = _("Only the author of a risk assessment can change or submit it.")
ERR_NO_EVIDENCE = _("Add at least one evidence item before submitting the assessment.")
ERR_NOT_SUBMITTED = _("Only a submitted risk assessment can be reviewed.")
ERR_OWN_REVIEW = _("A risk assessment needs a second reviewer: its author cannot approve it.")
ERR_REVIEW_ROLE = _("Only a legal officer can review a risk assessment.")
ERR_PROCEDURE = _("Unknown procedure %(value)s.")
ERR_KIND_FOR_PROCEDURE = _("The procedure %(procedure)s does not take %(kind)s applications.")
ERR_STEP = _("The procedure has no step %(value)s.")
ERR_STEP_DONE = _("The step %(value)s is already recorded.")
ERR_BEFORE_FILING = _("A step cannot be done before the application was filed (%(filed)s).")
ERR_NOT_PENDING = _("This application is already %(status)s.")
ERR_OUTCOME = _("The outcome must be granted, refused or withdrawn.")
ERR_SCOPE_PERSON = _("A statement about one case must name the person; a caseload statement must not.")
ERR_EXCLUSION = _("Unknown exclusion reason %(value)s.")

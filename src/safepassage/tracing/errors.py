"""Error texts of the tracing services and pages."""

from django.utils.translation import gettext_lazy as _

ERR_NO_NAMES = _("Give at least one name of the person sought.")
ERR_WITHHOLD_REASON = _("Say why the reply is withheld.")
ERR_WITHHOLD_ROLE = _("Only a legal officer can withhold a reply.")
ERR_MATCH_DECIDED = _("Only an entry for review can be accepted or rejected.")

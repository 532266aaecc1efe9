"""What the duplicate review tells a legal officer when a decision cannot be made."""

from django.utils.translation import gettext_lazy as _

ERR_NOT_OPEN = _("This pair was already decided (%(status)s): reload the list of possible duplicates.")
ERR_SURVIVOR = _("Choose which of the two case numbers is kept: %(a)s or %(b)s.")
ERR_ALREADY_MERGED = _("%(case)s was already merged into another person: review that person instead.")
ERR_UNDONE = _("This merge was already undone.")
ERR_LATER_MERGE = _("%(case)s was merged again after this merge: undo the later merge first.")

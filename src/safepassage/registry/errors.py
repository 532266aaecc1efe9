"""Error texts of the registry services, as users see them."""

from django.utils.translation import gettext_lazy as _

ERR_FULL_DATE_NEEDED = _("A full birth date is needed when the precision is 'full date'.")
ERR_YEAR_NEEDED = _("A birth year is needed when the precision is 'year only'.")
ERR_DATE_WITHOUT_PRECISION = _("Leave the birth date and year empty when the date is unknown.")
ERR_YEAR_RANGE = _("The birth year must be between 1900 and this year.")
ERR_FUTURE_DATE = _("This date is in the future.")
ERR_ICRC_DATE_NEEDED = _("Give the date on which ICRC access was granted or refused.")
ERR_ICRC_DATE_WITHOUT_ACCESS = _(
    "Say whether ICRC access was granted or refused on this date, or leave the date empty."
)
ERR_EMPTY_NAME = _("The name may not be empty.")
ERR_SCAN_TYPE = _("The file %(name)s is not an accepted scan: upload a PDF, PNG, JPEG or TIFF file.")
ERR_SCAN_SIZE = _("The file %(name)s is %(size)s bytes; the limit is %(limit)s bytes.")
ERR_SCAN_EMPTY = _("The file %(name)s is empty.")
ERR_STALE = _(
    "This record was changed by someone else since you opened it. Reload it and apply your change again."
)
ERR_OWN_UNIT = _(
    "A caseworker keeps his cases in his own unit (%(unit)s): choose it, or leave the unit empty."
)
ERR_NO_UNIT = _(
    "Your account belongs to no unit: ask an administrator to assign one before you register persons."
)
ERR_EMPTY_REGISTRY = _("The registry has no person with a recorded name to reconcile against.")

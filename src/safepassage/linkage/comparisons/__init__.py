"""The comparisons of the linkage model, each a small class of labelled levels."""

from safepassage.linkage.comparisons.dates import BirthDateComparison
from safepassage.linkage.comparisons.names import NameComparison
from safepassage.linkage.comparisons.unit import UnitComparison

# The order of the model's comparisons, in its JSON and in the review file.
COMPARISONS = (NameComparison, BirthDateComparison, UnitComparison)

__all__ = ["COMPARISONS", "BirthDateComparison", "NameComparison", "UnitComparison"]

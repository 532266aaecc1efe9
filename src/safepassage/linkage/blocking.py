"""Which pairs are scored at all: shared name keys, or shared Hangul parts with birth facts."""

from __future__ import annotations

from splink import block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

# Distinct full birth dates in the lists (about 23 birth years of soldiers).
_BIRTH_DATES = 8_400
# Above this many pairs, a birth-date-only block costs more than the renamed men it finds.
_MOST_DATE_PAIRS = 5_000_000


def blocking_rules(pairs_in_product: float = 0.0) -> list[BlockingRuleCreator]:
    """Pairs sharing a name key, or part of a Hangul reading and a birth fact, or birth facts.

    Name keys (the names core's comparison keys) and Hangul readings come as arrays per
    record and are exploded, so a pair is found through whichever script pivot they share.
    A given name's reading alone would pair every Yong-chol with every other at scale, so
    it comes with the birth year (a typo in the surname); the surname with the month or
    unit (a typo in the given name). Birth date alone finds men whose names do not meet
    at all (false Russian papers); it is used while the lists are small enough that it
    stays cheap (`pairs_in_product` is the size of the full cross product).
    """
    rules = [
        block_on("name_keys", arrays_to_explode=["name_keys"]),
        block_on("givens", "birth_year", arrays_to_explode=["givens"]),
        block_on("surnames", "birth_year", "birth_month", arrays_to_explode=["surnames"]),
        block_on("surnames", "unit_key", arrays_to_explode=["surnames"]),
        block_on("birth_year", "unit_key"),
    ]
    if pairs_in_product / _BIRTH_DATES <= _MOST_DATE_PAIRS:
        rules.append(block_on("birth_year", "birth_month", "birth_day"))
    return rules

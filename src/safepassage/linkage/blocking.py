"""Which pairs are scored at all: shared name keys, or shared Hangul parts with birth facts."""

from __future__ import annotations

from splink import block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

# Distinct full birth dates in the lists (about 23 birth years of soldiers).
_BIRTH_DATES = 8_400
# Above this many pairs, a birth-date-only block costs more than the renamed men it finds.
_MOST_DATE_PAIRS = 5_000_000
# Above this many pairs in the full product (a registry of about 450,000 rows, or two
# lists of 300,000), the loose blocks grow past what two cores score in minutes: a
# shared name key pairs every Kim Yong-chol with every other. Each block then also asks
# for one more birth fact (measured on the synthetic registry: from about 200 million
# candidate pairs at 1,000,000 rows down to about 10 million).
LARGE_PRODUCT = 1e11
# The unit alone is a block only while it pairs each record with few others: a service
# number in the unit column does, a unit of soldiers does not (and its extra candidates
# would only crowd the one-man-per-list probabilities).
MOST_UNIT_PAIRS_PER_ROW = 2.0


def unit_blocks_alone(unit_pairs_per_row: float | None) -> bool:
    """Whether the unit alone is a block (see `blocking_rules`)."""
    return unit_pairs_per_row is not None and unit_pairs_per_row <= MOST_UNIT_PAIRS_PER_ROW


def date_blocks_alone(pairs_in_product: float) -> bool:
    """Whether the full birth date alone is a block (see `blocking_rules`)."""
    return pairs_in_product <= LARGE_PRODUCT and pairs_in_product / _BIRTH_DATES <= _MOST_DATE_PAIRS


def blocking_rules(
    pairs_in_product: float = 0.0, unit_pairs_per_row: float | None = None
) -> list[BlockingRuleCreator]:
    """Pairs sharing a name key, or part of a Hangul reading and a birth fact, or birth facts.

    Name keys (the names core's comparison keys) and Hangul readings come as arrays per
    record and are exploded, so a pair is found through whichever script pivot they share.
    A given name's reading alone would pair every Yong-chol with every other at scale, so
    it comes with the birth year (a typo in the surname); the surname with the month or
    unit (a typo in the given name). Birth date alone finds men whose names do not meet
    at all (false Russian papers); it is used while the lists are small enough that it
    stays cheap (`pairs_in_product` is the size of the full cross product). Past
    LARGE_PRODUCT every name block also needs the birth year or the unit. The unit alone
    is a block when `unit_pairs_per_row` (pairs sharing a unit per record, counted by
    the caller) is at most MOST_UNIT_PAIRS_PER_ROW.
    """
    by_unit = [block_on("unit_key")] if unit_blocks_alone(unit_pairs_per_row) else []
    if pairs_in_product > LARGE_PRODUCT:
        return [
            block_on("name_keys", "birth_year", arrays_to_explode=["name_keys"]),
            block_on("name_keys", "unit_key", arrays_to_explode=["name_keys"]),
            block_on("givens", "birth_year", "birth_month", arrays_to_explode=["givens"]),
            block_on("surnames", "birth_year", "birth_month", "birth_day", arrays_to_explode=["surnames"]),
            block_on("surnames", "unit_key", arrays_to_explode=["surnames"]),
            block_on("birth_year", "unit_key"),
            *by_unit,
        ]
    rules = [
        block_on("name_keys", arrays_to_explode=["name_keys"]),
        block_on("givens", "birth_year", arrays_to_explode=["givens"]),
        block_on("surnames", "birth_year", "birth_month", arrays_to_explode=["surnames"]),
        block_on("surnames", "unit_key", arrays_to_explode=["surnames"]),
        block_on("birth_year", "unit_key"),
        *by_unit,
    ]
    if date_blocks_alone(pairs_in_product):
        rules.append(block_on("birth_year", "birth_month", "birth_day"))
    return rules

"""Which pairs are scored: looser blocks for lists, tighter ones at a million rows."""

from __future__ import annotations

import pandas as pd

from safepassage.linkage.blocking import LARGE_PRODUCT, blocking_rules
from safepassage.linkage.engine import unit_pairs_per_row


def _sql(rules) -> list[str]:
    return [r.get_blocking_rule("duckdb").blocking_rule_sql for r in rules]


def test_two_lists_of_a_thousand_block_on_a_name_key_alone_and_on_the_birth_date():
    rules = _sql(blocking_rules(1000.0 * 1000))
    assert 'l."name_keys" = r."name_keys"' in rules
    assert any("birth_day" in r and "surnames" not in r for r in rules)


def test_a_million_rows_ask_every_name_block_for_a_birth_fact_or_the_unit():
    rules = _sql(blocking_rules(LARGE_PRODUCT * 5))
    named = [r for r in rules if "name_keys" in r or "givens" in r or "surnames" in r]
    assert named and all("birth_year" in r or "unit_key" in r for r in named)


def test_the_unit_alone_blocks_only_when_it_pairs_few_records():
    assert 'l."unit_key" = r."unit_key"' in _sql(blocking_rules(1e6, unit_pairs_per_row=1.0))
    assert 'l."unit_key" = r."unit_key"' not in _sql(blocking_rules(1e6, unit_pairs_per_row=40.0))
    assert 'l."unit_key" = r."unit_key"' not in _sql(blocking_rules(1e6))


def test_unit_pairs_are_counted_across_two_lists_and_within_one():
    left = pd.DataFrame({"unit_key": ["1", "1", "2", None]})
    right = pd.DataFrame({"unit_key": ["1", "3", None, None]})
    assert (2 / 4, 1 / 4) == (unit_pairs_per_row(left, right), unit_pairs_per_row(left))

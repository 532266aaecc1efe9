"""Jaro-Winkler levels put every pair on the same side on DuckDB and on Spark."""

from __future__ import annotations

import random
import unicodedata

import duckdb
import pandas as pd
import pytest
from splink.internals.dialects import SplinkDialect

from safepassage.linkage.comparisons.similarity import TIE, JaroWinklerAtLeast, spark_jaro_winkler
from safepassage.linkage.features import bmp, name_forms

# The jamo of 김룡준 and 김륜룡: three out-of-order matches, which DuckDB halves to one and
# the Commons function of Splink's Spark jar to one and a half.
KIM_A, KIM_B = (unicodedata.normalize("NFD", name) for name in ("김룡준", "김륜룡"))
THRESHOLDS = (0.88, 0.92, 0.95)
ONE_ULP = 2.3e-16


def duckdb_similarity(left: str | None, right: str | None) -> float | None:
    return duckdb.connect().execute("SELECT jaro_winkler_similarity(?, ?)", [left, right]).fetchall()[0][0]


def test_duckdb_halves_an_odd_count_of_transpositions_rounding_down():
    # m = 7 matches, 3 out of order, a common prefix of 4: ((7/9 + 7/9 + (7 - 1)/7) / 3, boosted.
    jaro = (7 / 9 + 7 / 9 + 6 / 7) / 3
    assert duckdb_similarity(KIM_A, KIM_B) == pytest.approx(jaro + 0.4 * (1 - jaro), abs=1e-15)
    assert duckdb_similarity(KIM_A, KIM_B) == pytest.approx(0.8825, abs=1e-4)


def test_a_level_asks_for_its_threshold_less_the_tie_on_both_engines():
    duck = JaroWinklerAtLeast("jamo", 0.88).create_sql(SplinkDialect.from_string("duckdb"))
    spark = JaroWinklerAtLeast("jamo", 0.88).create_sql(SplinkDialect.from_string("spark"))
    assert duck == f'jaro_winkler_similarity("jamo_l", "jamo_r") >= {0.88 - TIE!r}'
    assert spark.endswith(f">= {0.88 - TIE!r} END)")
    with pytest.raises(ValueError, match="between 0 and 1"):
        JaroWinklerAtLeast("jamo", 1.5)


def test_compared_features_keep_to_the_basic_multilingual_plane():
    assert bmp("Kim\U0001f600 Il\U00020000") == "Kim Il"
    assert all(ord(ch) < 0x10000 for ch in name_forms("김일성\U0001f600").jamo)


def random_pairs(count: int, seed: int) -> list[tuple[str | None, str | None]]:
    rng = random.Random(seed)  # noqa: S311 - test data
    jamo = unicodedata.normalize("NFD", "김룡준륜이박최정")
    alphabets = ["ab", "abcde", "abcdefghijklmnop", jamo]
    pairs: list[tuple[str | None, str | None]] = [
        ("", ""),
        ("a", ""),
        ("a", "a"),
        ("a", "b"),
        ("ab", "ba"),
        (None, "a"),
        (KIM_A, KIM_B),
        ("\U0001f600a\U0001f600b", "\U0001f600a\U0001f600c"),
    ]
    for _ in range(count):
        alphabet = rng.choice(alphabets)
        left = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        right = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        if left and rng.random() < 0.5:
            # A near miss: neighbours swapped and a letter changed, as a clerk's slip.
            letters = list(left)
            i = rng.randrange(len(letters))
            letters[i : i + 2] = letters[i : i + 2][::-1]
            letters[rng.randrange(len(letters))] = rng.choice(alphabet)
            right = "".join(letters)
        pairs.append((left, right))
    return pairs


@pytest.mark.slow
@pytest.mark.spark
def test_spark_computes_duckdbs_similarity_and_levels():
    from safepassage.linkage.backends import SparkBackend

    pairs = pd.DataFrame(random_pairs(3000, seed=11), columns=["jamo_l", "jamo_r"])
    pairs["n"] = range(len(pairs))
    connection = duckdb.connect()
    connection.register("pairs", pairs)
    expected = connection.sql("SELECT jaro_winkler_similarity(jamo_l, jamo_r) AS jw FROM pairs ORDER BY n")
    expected = expected.df()["jw"]
    duck_levels = {
        t: connection.sql(
            f"SELECT {JaroWinklerAtLeast('jamo', t).create_sql(SplinkDialect.from_string('duckdb'))} AS hit"
            " FROM pairs ORDER BY n"
        ).df()["hit"]
        for t in THRESHOLDS
    }
    spark = SparkBackend(partitions=2)
    try:
        spark.database_api()  # registers the similarity jar's functions, as a linkage job does
        frame = spark.session.createDataFrame(pairs)
        frame.createOrReplaceTempView("jw_pairs")
        levels = ", ".join(
            f"{JaroWinklerAtLeast('jamo', t).create_sql(SplinkDialect.from_string('spark'))} AS hit_{i}"
            for i, t in enumerate(THRESHOLDS)
        )
        actual = spark.session.sql(
            f"SELECT n, {spark_jaro_winkler('jamo_l', 'jamo_r')} AS jw, {levels} FROM jw_pairs ORDER BY n"
        ).toPandas()
    finally:
        spark.close()
    both = pd.DataFrame({"duckdb": expected, "spark": actual["jw"]})
    assert both.isna().eq(both["duckdb"].isna(), axis=0).all().all()
    known = both.dropna()
    # Equal but for the last place: DuckDB may fuse the prefix bonus's multiply and add.
    assert (known["duckdb"] - known["spark"]).abs().max() <= ONE_ULP
    assert known["duckdb"].round(4).loc[6] == 0.8825
    # The levels read the jar first, which needs what the features guarantee: no code
    # point above U+FFFF (the one pair with emoji is left out here).
    sides = zip(pairs["jamo_l"], pairs["jamo_r"], strict=True)
    basic = [all(bmp(s) == s for s in pair if s) for pair in sides]
    assert basic.count(False) == 1
    for i, t in enumerate(THRESHOLDS):
        on_duckdb = duck_levels[t].fillna(False)[basic]
        assert on_duckdb.tolist() == actual[f"hit_{i}"].fillna(False)[basic].tolist(), t
        assert on_duckdb.sum() > 10, "the level must be reached for the test to mean anything"

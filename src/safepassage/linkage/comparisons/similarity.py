"""Jaro-Winkler that gives the same number on DuckDB and on Spark.

DuckDB's `jaro_winkler_similarity` counts the transpositions the way Winkler's own code
does: half the out-of-order matches, rounded down. The `jaro_winkler` Spark gets from
Splink's similarity jar (Apache Commons Text) halves them exactly. With an odd count the
two disagree (0.8825 against 0.8683 for the jamo of 김룡준 and 김륜룡, 0.0143 apart, either
side of a 0.88 level), so a pair could land on another level on Spark than on DuckDB.

On DuckDB the level keeps the engine's own function; on Spark it is written out in Spark
SQL below, step for step DuckDB's: code points, the window of half the longer string less
one, matches taken greedily left to right, transpositions halved rounded down, the score
summed in DuckDB's order, the prefix bonus (up to 4 code points, 0.1 each) only above
0.7, and 0.0 when either string is empty. Plain Spark SQL: executors need no Python and
no jar for it.

One rounding differs: DuckDB adds the prefix bonus with a fused multiply-add where the
processor has one, Spark rounds the product first, so the two can end one unit in the
last place apart. A level therefore asks for the threshold less `TIE` on both engines:
for strings of up to 100 code points, a similarity that is not exactly the threshold is
at least 3e-10 away from it (its denominator is at most 3000 times the product of the
two lengths and the matches), so both engines put every pair on the same side, and a
pair exactly at the threshold counts as reaching it, however either engine rounds.

Written out, the Spark function costs about ten times the jar's, so the jar's answers
it first where they settle the level: the Commons similarity of the same strings is
never above DuckDB's (it halves the transpositions without rounding down) and at most
`JAR_GAP` below it (a sixth of a match less, which may also lose the prefix bonus of at
most 0.12). Most candidate pairs are far below a level's threshold and stop there. This
needs the two to see the same characters: Java compares UTF-16 units, which are the
code points only below U+10000, so the features compared this way keep only those
(`features.bmp`).
"""

from __future__ import annotations

from typing import Union

from splink.internals.column_expression import ColumnExpression
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect

# Winkler's bonus: per common leading code point, at most this many, above this score.
PREFIX_WEIGHT = "0.1D"
PREFIX_MAX = 4
BOOST_ABOVE = "0.7D"
TIE = 1e-12
# How far the jar's Jaro-Winkler can fall below DuckDB's (1/6 + 0.4 * 0.3, rounded up),
# and a margin above it that no rounding of either crosses.
JAR_GAP = 0.29
JAR_SURE = 1e-9


def spark_jaro_winkler(left: str, right: str) -> str:
    """Spark SQL for DuckDB's jaro_winkler_similarity(left, right); NULL if either is NULL.

    `left` and `right` are column references (they are repeated in the expression).
    Lambda variables carry a `jw_` prefix so they cannot shadow a column.
    """
    a, b = left, right
    n_a, n_b = f"char_length({a})", f"char_length({b})"
    window = f"greatest(CAST(greatest({n_a}, {n_b}) DIV 2 AS INT) - 1, 0)"
    char_a = f"substring({a}, jw_i + 1, 1)"
    # The first code point of b within the window of a's i-th that no earlier one took.
    found = (
        f"coalesce(array_min(filter(sequence(jw_i - {window}, jw_i + {window}),"
        f" jw_j -> IF(jw_j >= 0 AND jw_j < {n_b},"
        f" NOT jw_s.taken[jw_j] AND substring({b}, jw_j + 1, 1) = {char_a}, false))), -1)"
    )
    take = (
        f"aggregate(array({found}), jw_s, (jw_t, jw_j) -> IF(jw_j < 0, jw_t, named_struct("
        f"'taken', transform(jw_t.taken, (jw_u, jw_k) -> jw_u OR jw_k = jw_j),"
        f" 'order', concat(jw_t.order, array({char_a})))))"
    )
    start = f"named_struct('taken', array_repeat(false, {n_b}), 'order', CAST(array() AS ARRAY<STRING>))"
    matched = f"aggregate(sequence(0, {n_a} - 1), {start}, (jw_s, jw_i) -> {take})"
    # b's matched code points in b's order, against a's in a's: the out-of-order pairs.
    b_order = (
        f"filter(transform(jw_m.taken, (jw_u, jw_k) -> IF(jw_u, substring({b}, jw_k + 1, 1), NULL)),"
        " jw_c -> jw_c IS NOT NULL)"
    )
    jaro_of = (
        f"transform(array({matched}), jw_m -> named_struct('m', size(jw_m.order), 't',"
        f" size(filter(zip_with(jw_m.order, {b_order}, (jw_x, jw_y) -> jw_x <> jw_y), jw_d -> jw_d))))"
    )
    # DuckDB's order of operations: m/|a| + m/|b| + (m - t div 2)/m, then / 3.
    jaro = (
        f"transform({jaro_of}, jw_r -> IF(jw_r.m = 0, 0.0D,"
        f" (jw_r.m / {n_a} + jw_r.m / {n_b} + (jw_r.m - jw_r.t DIV 2) / jw_r.m) / 3.0D))[0]"
    )
    prefix = (
        f"aggregate(sequence(1, least({PREFIX_MAX}, {n_a}, {n_b})), 0, (jw_p, jw_k) ->"
        f" IF(jw_p = jw_k - 1 AND substring({a}, jw_k, 1) = substring({b}, jw_k, 1), jw_k, jw_p))"
    )
    boosted = (
        f"transform(array({jaro}), jw_x -> IF(jw_x > {BOOST_ABOVE},"
        f" jw_x + {prefix} * {PREFIX_WEIGHT} * (1.0D - jw_x), jw_x))[0]"
    )
    return f"(CASE WHEN {n_a} = 0 OR {n_b} = 0 THEN 0.0D ELSE {boosted} END)"


class JaroWinklerAtLeast(ComparisonLevelCreator):
    """`col` on the two sides has a Jaro-Winkler similarity of at least `threshold`, as DuckDB computes it."""

    def __init__(self, col_name: Union[str, ColumnExpression], threshold: float) -> None:  # noqa: UP007
        if not 0 <= threshold <= 1:
            raise ValueError(f"a Jaro-Winkler threshold is between 0 and 1, not {threshold!r}")
        self.col_expression = ColumnExpression.instantiate_if_str(col_name)
        self.threshold = float(threshold)

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        self.col_expression.sql_dialect = sql_dialect
        left, right = self.col_expression.name_l, self.col_expression.name_r
        at_least = repr(self.threshold - TIE)
        if sql_dialect.sql_dialect_str == "spark":
            jar = f"{sql_dialect.jaro_winkler_function_name}({left}, {right})"
            return (
                f"(CASE WHEN char_length({left}) = 0 OR char_length({right}) = 0 THEN false"
                f" WHEN {jar} >= {self.threshold - TIE + JAR_SURE!r} THEN true"
                f" WHEN {jar} < {self.threshold - TIE - JAR_GAP!r} THEN false"
                f" ELSE {spark_jaro_winkler(left, right)} >= {at_least} END)"
            )
        return f"{sql_dialect.jaro_winkler_function_name}({left}, {right}) >= {at_least}"

    def create_label_for_charts(self) -> str:
        return f"Jaro-Winkler similarity of {self.col_expression.label} >= {self.threshold}"

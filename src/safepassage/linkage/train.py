"""Training the model on labelled synthetic lists: m from true pairs, u from random pairs.

`python -m safepassage.linkage.train` rewrites the shipped default model.
"""

from __future__ import annotations

import argparse
import logging
from importlib import resources
from pathlib import Path

import pandas as pd
from splink import Linker, SettingsCreator

from safepassage.linkage.backends import Backend, DuckDBBackend
from safepassage.linkage.blocking import blocking_rules
from safepassage.linkage.comparisons import COMPARISONS
from safepassage.linkage.engine import LEFT_TABLE, RIGHT_TABLE, engine_frame, link_prior
from safepassage.linkage.features import record_features
from safepassage.linkage.model import DEFAULT_MODEL, Level, Model
from safepassage.linkage.records import people_from_rows
from safepassage.linkage.synthetic import LinkedLists, linked_lists

# No level is ever impossible among true pairs: a zero m would let one field veto all
# others. A u of zero only means the level never came up among the random pairs drawn,
# so it is put at less than one in that sample.
M_FLOOR = 1e-4


def _people(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    rows = [(1, list(frame.columns))] + [
        (n, ["" if pd.isna(v) else str(v) for v in row])
        for n, row in enumerate(frame.itertuples(index=False), start=2)
    ]
    return people_from_rows(rows, name).frame


def _smoothed(values: list[float], floor: float) -> list[float]:
    floored = [max(floor, v) for v in values]
    total = sum(floored)
    return [v / total for v in floored]


def train_on(lists: LinkedLists, backend: Backend | None = None, u_pairs: float = 1e7) -> Model:
    """m and u for every level of every comparison, from lists with known true pairs."""
    backend = backend or DuckDBBackend()
    left = record_features(_people(lists.left, "left"))
    right = record_features(_people(lists.right, "right"))
    db_api = backend.database_api()
    tables = [
        backend.register(db_api, engine_frame(left), LEFT_TABLE),
        backend.register(db_api, engine_frame(right), RIGHT_TABLE),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[c() for c in COMPARISONS],
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=link_prior(len(left), len(right)),
    )
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    labels = pd.DataFrame(
        [(LEFT_TABLE, lid, RIGHT_TABLE, rid) for lid, rid in sorted(lists.truth)],
        columns=["source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"],
    )
    linker.training.estimate_m_from_pairwise_labels(backend.register(db_api, labels, "labels"))
    trained = linker.misc.save_model_to_json()
    levels: dict[str, list[Level]] = {}
    for comparison in trained["comparisons"]:
        non_null = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        m = _smoothed([lv.get("m_probability") or 0.0 for lv in non_null], M_FLOOR)
        u = _smoothed([lv.get("u_probability") or 0.0 for lv in non_null], 0.5 / u_pairs)
        levels[comparison["output_column_name"]] = [
            Level(lv["label_for_charts"], mi, ui) for lv, mi, ui in zip(non_null, m, u, strict=True)
        ]
    return Model(levels, trained_on="", metadata={})


def _joined(parts: list[LinkedLists]) -> LinkedLists:
    """One training set from several lists, their ids made distinct."""
    lefts, rights, truth = [], [], set()
    for n, part in enumerate(parts):
        left_map = {old: f"L{n}.{old}" for old in part.left["id"]}
        right_map = {old: f"R{n}.{old}" for old in part.right["id"]}
        lefts.append(part.left.assign(id=part.left["id"].map(left_map)))
        rights.append(part.right.assign(id=part.right["id"].map(right_map)))
        truth |= {(left_map[a], right_map[b]) for a, b in part.truth}
    return LinkedLists(pd.concat(lefts, ignore_index=True), pd.concat(rights, ignore_index=True), truth)


def train_default(size: int = 5000, seed: int = 20250501) -> Model:
    """The shipped model: good-date, poor-date and clerical-slip synthetic lists, so all are seen."""
    kinds = (("good", size, seed), ("poor", size // 2, seed + 1), ("slips", size // 2, seed + 2))
    both = _joined([linked_lists(n, s, dates=dates) for dates, n, s in kinds])
    model = train_on(both)
    model.trained_on = "safepassage.linkage.synthetic: " + " and ".join(
        f"linked_lists({n}, seed={s}, dates={dates!r})" for dates, n, s in kinds
    )
    model.metadata = {"true_pairs": len(both.truth), "rows_per_side": len(both.left)}
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the default linkage model.")
    default_path = resources.files("safepassage.linkage.data").joinpath(DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, default=Path(str(default_path)))
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args(argv)
    model = train_default(args.size)
    model.save(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

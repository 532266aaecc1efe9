"""The memo caches of the name code are found and bounded (names/caches.py)."""

from __future__ import annotations

import functools
import sys
import types
from collections.abc import Iterator

import pytest

from safepassage.names import caches
from safepassage.names.analysis import folded_words


@pytest.fixture
def package() -> Iterator[types.ModuleType]:
    """A loaded module `sp_cache_probe.words` with two memoised functions and a plain one."""
    module = types.ModuleType("sp_cache_probe.words")
    exec(  # noqa: S102 (source written here, to give the functions the module's name)
        "import functools\n"
        "@functools.lru_cache(maxsize=1000)\n"
        "def upper(text): return text.upper()\n"
        "@functools.cache\n"
        "def lower(text): return text.lower()\n"
        "def plain(text): return text\n",
        module.__dict__,
    )
    sys.modules[module.__name__] = module
    yield module
    del sys.modules[module.__name__]


def test_every_memoised_function_of_the_package_is_found_and_nothing_else(package: types.ModuleType) -> None:
    found = dict(caches.memo_caches(("sp_cache_probe",)))
    assert {"sp_cache_probe.words.upper", "sp_cache_probe.words.lower"} == set(found)
    assert package.upper is found["sp_cache_probe.words.upper"]


def test_a_cache_past_the_limit_is_emptied_and_one_within_it_kept(package: types.ModuleType) -> None:
    for n in range(50):
        package.upper(f"name {n}")
    for n in range(5):
        package.lower(f"NAME {n}")
    assert ["sp_cache_probe.words.upper"] == caches.trim(("sp_cache_probe",), 10)
    assert 0 == package.upper.cache_info().currsize
    assert 5 == package.lower.cache_info().currsize
    assert [] == caches.trim(("sp_cache_probe",), 10)


def test_the_name_packages_own_caches_are_among_those_found() -> None:
    found = dict(caches.memo_caches(("safepassage.names",)))
    assert found["safepassage.names.analysis.folded_words"] is folded_words
    assert isinstance(folded_words, functools._lru_cache_wrapper)


def test_the_hand_made_memos_are_found_and_emptying_them_keeps_every_score() -> None:
    from safepassage.names import analysis, keys, similarity

    found = {name for name, _f in caches.memo_caches(("safepassage.names",))}
    assert {
        "safepassage.names.analysis._SYLLABLES",
        "safepassage.names.analysis._RUNS",
        "safepassage.names.similarity._PAIRS",
        "safepassage.names.keys._PARTS",
    } <= found
    pairs = [("Ри Мён Хак", "리명학"), ("Kim Chol Nam", "Ким Чхоль Нам"), ("Pak Song Il", "박성일")]
    before = [similarity.name_similarity(a, b) for a, b in pairs]
    before_keys = [keys.comparison_keys(a) for a, _b in pairs]
    # Everything emptied (as a server's trim does, cache by cache, in any order): the syllables
    # made again get new numbers, so no remembered score or key belongs to another syllable.
    assert caches.trim(("safepassage.names",), 0)
    assert 0 == len(analysis._SYLLABLES) == len(similarity._PAIRS)
    assert before == [similarity.name_similarity(a, b) for a, b in pairs]
    assert before_keys == [keys.comparison_keys(a) for a, _b in pairs]
    # Only the syllables re-made: the scores remembered for the old ones are never reused.
    analysis._SYLLABLES.cache_clear()
    analysis._RUNS.cache_clear()
    assert before == [similarity.name_similarity(a, b) for a, b in pairs]


def test_the_collector_is_paused_while_names_are_analysed_and_restored_after() -> None:
    import gc

    from safepassage.names.caches import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
    try:
        with collector_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()

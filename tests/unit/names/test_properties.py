"""Properties that hold for any text: nothing crashes, scores are bounded and symmetric."""

from hypothesis import given, settings
from hypothesis import strategies as st

from safepassage.names import (
    ParsedName,
    comparison_keys,
    hangul_candidates,
    name_key,
    name_similarity,
    parse_name,
    romanize,
    to_cyrillic,
)

# Letters of the three scripts with the separators names are written with, plus
# anything else Unicode has.
NAME_ALPHABET = "김정은박명수리설주 Kim Jong-un,ŏŭ' Ким Чен Ын Кім Ін ё ъ"
names = st.one_of(st.text(alphabet=NAME_ALPHABET, max_size=24), st.text(max_size=12))
hangul = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
                 min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(names)
def test_any_text_parses_and_gets_ascii_keys(text):
    assert isinstance(parse_name(text), ParsedName)
    assert all(key.isascii() for key in comparison_keys(text))
    assert isinstance(name_key(text), str)
    assert isinstance(hangul_candidates(text), list)


@settings(max_examples=300, deadline=None)
@given(names, names)
def test_similarity_is_bounded_and_symmetric_for_any_texts(a, b):
    score = name_similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == name_similarity(b, a)


@settings(max_examples=200, deadline=None)
@given(hangul)
def test_any_hangul_name_is_found_again_from_its_spellings(text):
    for spelled in (romanize(text, "nk"), romanize(text, "rr"), to_cyrillic(text, "ru")):
        assert 0.0 <= name_similarity(spelled, text) <= 1.0
        assert isinstance(comparison_keys(spelled), frozenset)

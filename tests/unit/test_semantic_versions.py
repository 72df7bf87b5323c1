"""The stored precedence key orders versions exactly as the semver library compares them."""

from __future__ import annotations

import functools

import pytest
import semver
from hypothesis import given
from hypothesis import strategies as st

from domain.apps.semantic_versions import parse_version, precedence_key
from domain.errors import InvalidInput

_NUMBER = st.integers(min_value=0, max_value=999_999_999).map(str)
_ALPHANUMERIC = st.from_regex(r"[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*", fullmatch=True).filter(
    lambda s: len(s) <= 8
)
_IDENTIFIER = st.one_of(st.integers(min_value=0, max_value=10**12).map(str), _ALPHANUMERIC)
_VERSION = st.builds(
    lambda core, pre: ".".join(core) + (f"-{'.'.join(pre)}" if pre else ""),
    st.tuples(_NUMBER, _NUMBER, _NUMBER),
    st.lists(_IDENTIFIER, max_size=4),
)


@given(st.lists(_VERSION, min_size=2, max_size=12))
def test_sorting_by_the_key_is_sorting_by_the_library(texts):
    versions = [parse_version(t) for t in texts]
    by_library = sorted(versions, key=functools.cmp_to_key(lambda a, b: a.compare(b)))
    by_key = sorted(versions, key=precedence_key)
    assert [precedence_key(v) for v in by_library] == [precedence_key(v) for v in by_key]


@given(_VERSION, _VERSION)
def test_equal_keys_are_equal_precedence(a, b):
    left, right = parse_version(a), parse_version(b)
    assert (precedence_key(left) == precedence_key(right)) == (left.compare(right) == 0)


def test_the_specs_examples_are_in_order():
    ordered = [
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
        "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.9.0", "1.10.0", "2.0.0",
    ]  # fmt: skip
    keys = [precedence_key(parse_version(v)) for v in ordered]
    assert keys == sorted(keys)
    assert precedence_key(parse_version("1.0.0+build.5")) == precedence_key(
        semver.Version.parse("1.0.0")
    )


@pytest.mark.parametrize(
    "text",
    ["1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "", "1.0.0 ", "x" * 65, "１.0.0", "1.0.0-٣"],
)
def test_what_is_not_a_semantic_version_is_refused_on_the_version_field(text):
    with pytest.raises(InvalidInput) as refused:
        parse_version(text)
    assert refused.value.field == "version"

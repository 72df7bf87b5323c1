"""The bills' one rounding rule: each item rounded once, half to even; totals are sums."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.billing.rounding import minor_unit, round_item, total_of

amounts = st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False, allow_infinity=False)


def test_halves_go_to_the_even_cent():
    assert round_item(Decimal("0.125"), "USD") == Decimal("0.12")
    assert round_item(Decimal("0.135"), "USD") == Decimal("0.14")
    assert round_item(Decimal("1.005"), "USD") == Decimal("1.00")
    assert round_item(Decimal("0.125001"), "USD") == Decimal("0.13")
    assert round_item(Decimal("2.5"), "JPY") == Decimal("2")
    assert round_item(Decimal("3.5"), "JPY") == Decimal("4")


def test_an_item_is_rounded_once_not_record_by_record():
    records = [Decimal("0.004")] * 3  # each would round to 0.00; their sum to 0.01
    assert round_item(sum(records, Decimal(0)), "USD") == Decimal("0.01")


@given(st.lists(amounts, max_size=30), st.sampled_from(["USD", "EUR", "JPY"]))
def test_a_rounded_item_is_within_half_a_minor_unit_and_never_negative(records, currency):
    exact = sum(records, Decimal(0))
    rounded = round_item(exact, currency)
    assert rounded >= 0
    assert abs(rounded - exact) <= minor_unit(currency) / 2
    assert rounded == rounded.quantize(minor_unit(currency))


@given(st.lists(st.lists(amounts, max_size=10), max_size=10))
def test_the_total_is_exactly_the_sum_of_the_rounded_items(items):
    rounded = [round_item(sum(records, Decimal(0)), "USD") for records in items]
    total = total_of(rounded, "USD")
    assert total == sum(rounded, Decimal(0))
    assert total >= 0

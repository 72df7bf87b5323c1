"""The one rounding rule of bills.

Each billing item's amount is the exact sum of its ledger amounts (the unrounded usage records'
charges, or the subscription fees), rounded ONCE to the currency's minor unit (cents for USD,
whole yen for JPY) with ROUND_HALF_EVEN (banker's rounding: a half goes to the even digit, so
halves do not drift a bill upward on average). A bill's subtotal and total are the sums of its
rounded items, so the total always equals the sum of the lines shown. Ledger amounts are never
rounded one by one, and a total is never rounded again.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal

from domain.apps.marketplace import CURRENCIES

ROUNDING = ROUND_HALF_EVEN
RULE = (
    "Each item is the exact sum of its charges, rounded once to the currency's minor unit "
    "with ROUND_HALF_EVEN (banker's rounding); the total is the sum of the rounded items."
)


def minor_unit(currency: str) -> Decimal:
    """0.01 for a currency with two minor digits, 1 for one with none (default: two)."""
    return Decimal(1).scaleb(-CURRENCIES.get(currency, 2))


def round_item(exact: Decimal, currency: str) -> Decimal:
    """An item's amount: its exact sum, rounded once by the rule."""
    return exact.quantize(minor_unit(currency), rounding=ROUNDING)


def total_of(rounded: Iterable[Decimal], currency: str) -> Decimal:
    """The bill's total: the sum of its rounded items (exact; no second rounding)."""
    return sum(rounded, Decimal(0)).quantize(minor_unit(currency))

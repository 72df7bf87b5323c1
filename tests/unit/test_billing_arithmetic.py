"""Period arithmetic, month bounds and spending figures: pure functions, no services."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.billing.periods import add_months, month_of, period_end
from domain.billing.revenue import month_bounds
from domain.billing.spending import Spending, check_limit
from domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2026, 1, 31, 12, tzinfo=UTC), 1, datetime(2026, 2, 28, 12, tzinfo=UTC)),
        (datetime(2028, 1, 31, tzinfo=UTC), 1, datetime(2028, 2, 29, tzinfo=UTC)),
        (datetime(2026, 12, 15, tzinfo=UTC), 1, datetime(2027, 1, 15, tzinfo=UTC)),
        (datetime(2026, 3, 31, tzinfo=UTC), 12, datetime(2027, 3, 31, tzinfo=UTC)),
    ],
)
def test_add_months_clamps_to_the_months_last_day(start, months, expected):
    assert add_months(start, months) == expected


def test_a_yearly_period_is_twelve_months_and_monthly_is_the_default():
    start = datetime(2026, 2, 28, tzinfo=UTC)
    assert period_end(start, "YEAR") == datetime(2027, 2, 28, tzinfo=UTC)
    assert (
        period_end(start, None) == period_end(start, "MONTH") == datetime(2026, 3, 28, tzinfo=UTC)
    )


def test_the_month_of_an_instant_is_taken_in_utc():
    from datetime import timedelta, timezone

    late = datetime(2026, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert month_of(late) == date(2027, 1, 1)


def test_month_bounds_parse_a_month_and_refuse_the_rest():
    assert month_bounds("2026-12") == (
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )
    for bad in ("2026-13", "2026-00", "26-12", "2026-12-01", "x" * 5000, "1969-12"):
        with pytest.raises(InvalidInput):
            month_bounds(bad)


def test_spending_figures():
    month = Spending(date(2026, 12, 1), Decimal("7.00"), Decimal("1.00"), Decimal("10.00"))
    assert month.remaining == Decimal("2.00") and month.warning
    assert not Spending(date(2026, 12, 1), Decimal("7.99"), Decimal(0), Decimal("10")).warning
    assert Spending(date(2026, 12, 1), Decimal(5), Decimal(0), None).remaining is None
    over = Spending(date(2026, 12, 1), Decimal(12), Decimal(0), Decimal(10))
    assert over.remaining == 0


def test_limits_are_finite_non_negative_cents():
    assert check_limit("12.5") == Decimal("12.50")
    assert check_limit(None) is None
    for bad in ("NaN", "Infinity", "-1", "1.001", "1e7", "abc"):
        with pytest.raises(InvalidInput):
            check_limit(bad)

"""Property-based: over random usage (Hypothesis), a bill's money is exact.

For random usage records (backends, apps, unrounded charges, instants at the month's edges and
in the neighbouring months) and subscription fees, against the real database:
- each item is the exact sum of its ledger amounts, rounded once (ROUND_HALF_EVEN, cents);
- no record is lost or counted twice: the items' exact sums add up to the month's charges, and
  the runs add up to the month's records;
- the bill's total is the sum of its items, the issued (frozen) bill equals the live one, and
  totals are never negative; a month with nothing in it gives no bill.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import select

from domain.billing import bills, ledger, month_close
from domain.billing.bill_models import Bill
from domain.db import make_engine, make_sessionmaker
from domain.identity.principal import Role
from tests.identity import create_user
from tests.integration import bills_support

CENT = Decimal("0.01")
charges = st.decimals(min_value=0, max_value=1000, places=6, allow_nan=False, allow_infinity=False)
# Where in (or around) the month a record falls: 0 = the first instant, 1 = the last
# microsecond, 2 = somewhere inside, -1 = the last microsecond before it, 3 = the next month's
# first instant (the last two belong to other months' bills).
places = st.sampled_from([0, 1, 2, 2, 2, -1, 3])
record = st.tuples(
    st.integers(0, 2),  # backend
    st.sampled_from([None, 0, 1]),  # app
    charges,  # backend charge
    charges,  # app charge (kept only for app runs)
    st.integers(1, 100_000),  # shots
    places,
)
fees = st.lists(charges, max_size=3)


def _instant(month: date, place: int) -> Any:
    start = ledger.instant(month)
    end = ledger.instant(ledger.next_month(month))
    return {
        0: start,
        1: end - timedelta(microseconds=1),
        2: start + timedelta(days=9, hours=7, seconds=13),
        -1: start - timedelta(microseconds=1),
        3: end,
    }[place]


def _every_charge(inside: list[dict[str, Any]], fee_amounts: list[Decimal]) -> Decimal:
    charged = sum((r["backend_charge"] + r["app_charge"] for r in inside), Decimal(0))
    return charged + sum(fee_amounts, Decimal(0))


async def _check_lines(
    sessionmaker: Any,
    key: ledger.BillKey,
    inside: list[dict[str, Any]],
    fee_amounts: list[Decimal],
    sub: Any,
) -> list[ledger.Item]:
    # what the ledger says, summed here independently
    expected: dict[tuple[str, Any], list[Decimal]] = defaultdict(list)
    for r in inside:
        expected[("BACKEND", r["backend_id"])].append(r["backend_charge"])
        if r["app_id"] is not None:
            expected[("APP", r["app_id"])].append(r["app_charge"])
    for amount in fee_amounts:
        expected[("SUBSCRIPTION_FEE", sub.subscription_id)].append(amount)

    async with sessionmaker() as session:
        [live] = await ledger.lines_for(session, [key])
    ref = {"BACKEND": "backend_id", "APP": "app_id", "SUBSCRIPTION_FEE": "subscription_id"}
    found = {(i.kind, getattr(i, ref[i.kind])): i for i in live}
    assert len(found) == len(live)  # one item per backend, app and subscription
    assert set(found) == set(expected)
    for group, amounts in expected.items():
        item = found[group]
        exact = sum(amounts, Decimal(0))
        assert item.exact == exact
        assert item.amount == exact.quantize(CENT, rounding=ROUND_HALF_EVEN)
        assert item.quantity == len(amounts)
    # no record lost or counted twice
    every_charge = _every_charge(inside, fee_amounts)
    assert sum((i.exact or Decimal(0) for i in live), Decimal(0)) == every_charge
    runs = sum(i.quantity for i in live if i.kind == "BACKEND")
    assert runs == len(inside)
    shots = sum(i.shots for i in live if i.kind == "BACKEND")
    assert shots == sum(r["shots"] for r in inside)

    return live


async def _check_bill(
    sessionmaker: Any,
    key: ledger.BillKey,
    live: list[ledger.Item],
    inside: list[dict[str, Any]],
    fee_amounts: list[Decimal],
) -> None:
    # the bill: issued once, frozen equal to live, total = sum of items, never negative
    async with sessionmaker() as session, session.begin():
        issued = await month_close.issue(session, key)
    if not live:
        assert issued is None  # an empty month gives no bill
        return
    assert issued is not None
    async with sessionmaker() as session:
        bill = await session.scalar(select(Bill).where(Bill.id == issued[0]))
        assert bill is not None
        [frozen] = await bills.items_of(session, [bill])
    assert [(i.kind, i.amount, i.quantity, i.shots) for i in frozen] == [
        (i.kind, i.amount, i.quantity, i.shots) for i in live
    ]
    subtotal, total = bills.totals(bill, frozen)
    assert total == subtotal == sum((i.amount for i in frozen), Decimal(0))
    assert total >= 0 and all(i.amount >= 0 for i in frozen)
    assert abs(total - _every_charge(inside, fee_amounts)) <= CENT / 2 * len(frozen)


def test_money_is_exact_over_random_usage(settings):
    loop = asyncio.new_event_loop()
    engine = make_engine(settings.database_url, pool_size=2)
    sessionmaker = make_sessionmaker(engine)
    shim = SimpleNamespace(
        state=SimpleNamespace(services=SimpleNamespace(sessionmaker=sessionmaker))
    )

    async def given_world() -> tuple[Any, list[int], list[Any], Any]:
        owner = await create_user(sessionmaker, "s" * 40, Role.CONSUMER, Role.DEVELOPER)
        buyer = await create_user(sessionmaker, "s" * 40)
        backends = await bills_support.backend_ids(
            shim, "aer_simulator", "fake_sherbrooke", "aer_simulator_statevector"
        )
        subs = [await bills_support.subscription(shim, owner.id, buyer.id) for _ in range(2)]
        return buyer, backends, subs, owner

    buyer, backend_ids, subs, _ = loop.run_until_complete(given_world())
    apps = [sub.app_id for sub in subs]
    months = (date(2001 + i // 12, i % 12 + 1, 1) for i in itertools.count(0, 3))

    async def check(rows: list[tuple[Any, ...]], fee_amounts: list[Decimal]) -> None:
        month = next(months)
        key = ledger.BillKey(buyer.id, month, "USD")
        inside = []
        records = []
        for backend, app, backend_charge, drawn_app_charge, shots, place in rows:
            app_id = apps[app] if app is not None else None
            app_charge = drawn_app_charge if app is not None else Decimal(0)
            records.append(
                {
                    "job_id": None,
                    "user_id": buyer.id,
                    "backend_id": backend_ids[backend],
                    "app_id": app_id,
                    "subscription_id": subs[app].subscription_id if app is not None else None,
                    "shots": shots,
                    "backend_charge": backend_charge,
                    "app_charge": app_charge,
                    "currency": "USD",
                    "recorded_at": _instant(month, place),
                }
            )
            if place in (0, 1, 2):
                inside.append(records[-1])
        if records:
            await bills_support.record_many(shim, records)
        for index, amount in enumerate(fee_amounts):
            at = ledger.instant(month) + timedelta(hours=index + 1)
            await bills_support.charge_fee(shim, buyer.id, subs[0], at=at, amount=amount)

        live = await _check_lines(sessionmaker, key, inside, fee_amounts, subs[0])
        await _check_bill(sessionmaker, key, live, inside, fee_amounts)

    @hypothesis_settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(rows=st.lists(record, max_size=25), fee_amounts=fees)
    def run(rows: list[tuple[Any, ...]], fee_amounts: list[Decimal]) -> None:
        loop.run_until_complete(check(rows, fee_amounts))

    try:
        run()
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()

"""The month close: issue every bill of every past month that is not issued yet (and open the
running month's bills, so they are listed before their owners look).

Idempotent and catching up: each run finds every (user, month, currency) with usage records or
subscription fees in a closed month and no ISSUED or PAID bill, and issues each in its own
transaction, so running it twice, or after missed runs, issues each bill exactly once. A month
is closed `grace` after it ends (a job's record written in a transaction that began just before
midnight is committed by then). A month without usage or fees gives no bill.

Bills are issued in month order, so a run reads the ledger only from the newest issued month
on. A record committed after its month was closed (a transaction open for longer than the grace)
is not billed; the grace makes that a transaction's length of more than an hour.

Issuing locks the invoice counter row, so issues are serialised and the numbers follow each
other with no gaps: a rolled-back issue gives its number back. Under that lock the bill's
status is read again, so two concurrent closes cannot both issue it.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.billing.bill_models import BillingItem, BillStatus
from domain.billing.bills import invoice_label
from domain.billing.ledger import BillKey, instant, lines_for, month_start
from domain.billing.rounding import total_of
from domain.db import AsyncSession
from domain.events import Event
from domain.notifications.models import NotificationKind
from domain.notifications.send import notify

COUNTER = "invoice"
DEFAULT_GRACE = timedelta(hours=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_DUE = text(
    """
    SELECT l.user_id, l.month, l.currency FROM (
      SELECT user_id, (date_trunc('month', recorded_at AT TIME ZONE 'UTC'))::date AS month,
             currency
      FROM usage_records WHERE recorded_at >= :since AND recorded_at < :cutoff
      UNION
      SELECT user_id, (date_trunc('month', charged_at AT TIME ZONE 'UTC'))::date, currency
      FROM subscription_charges WHERE charged_at >= :since AND charged_at < :cutoff
    ) AS l
    WHERE NOT EXISTS (
      SELECT 1 FROM bills b WHERE b.user_id = l.user_id AND b.month = l.month
        AND b.currency = l.currency AND b.status <> 'OPEN')
    ORDER BY l.month, l.user_id, l.currency
    """
)
# The running month's OPEN bills, for every user with usage or fees in it (so admins' `bills`
# lists them before their owners look); idempotent.
_OPEN_RUNNING = text(
    """
    INSERT INTO bills (id, user_id, month, currency, status)
    SELECT gen_random_uuid(), l.user_id, :month, l.currency, 'OPEN' FROM (
      SELECT user_id, currency FROM usage_records WHERE recorded_at >= :since
      UNION
      SELECT user_id, currency FROM subscription_charges WHERE charged_at >= :since
    ) AS l
    ON CONFLICT (user_id, month, currency) DO NOTHING
    """
)
# Runs issue in month order, so every month before the newest issued one was closed in full:
# a run scans the ledger from that month on, not the whole history.
_WATERMARK = text("SELECT max(month) FROM bills WHERE status IN ('ISSUED', 'PAID')")
_LOCK_COUNTER = text(
    "INSERT INTO invoice_counters (name, last_number) VALUES (:name, 0) "
    "ON CONFLICT (name) DO UPDATE SET last_number = invoice_counters.last_number "
    "RETURNING last_number"
)
_BILL = text(
    """
    INSERT INTO bills (id, user_id, month, currency, status)
    VALUES (gen_random_uuid(), :user_id, :month, :currency, 'OPEN')
    ON CONFLICT (user_id, month, currency) DO UPDATE SET updated_at = bills.updated_at
    RETURNING id, status
    """
)
_ISSUE = text(
    """
    UPDATE bills SET status = 'ISSUED', invoice_number = :number, subtotal = :subtotal,
      total = :total, issued_at = now(), updated_at = now()
    WHERE id = :id AND status = 'OPEN'
    """
)


@dataclass
class CloseReport:
    issued: int = 0
    skipped: int = 0  # already issued by another run
    events: list[Event] = field(default_factory=list)


def bill_global_id(bill_id: uuid.UUID) -> str:
    """The Bill's Relay global ID, as a notification's link."""
    return base64.b64encode(f"Bill:{bill_id}".encode()).decode()


def cutoff_for(now: datetime, grace: timedelta = DEFAULT_GRACE) -> datetime:
    """Months that began before this instant's month are closed."""
    return instant(month_start(now - grace))


async def issue(session: AsyncSession, key: BillKey) -> tuple[uuid.UUID, Event] | None:
    """Issue one bill in the caller's transaction; None when it was issued already or has
    nothing to bill."""
    # The counter row is the lock that serialises issuing (an upsert, so a lost row is remade).
    last = int((await session.execute(_LOCK_COUNTER, {"name": COUNTER})).scalar_one())
    found = (
        await session.execute(
            _BILL, {"user_id": key.user_id, "month": key.month, "currency": key.currency}
        )
    ).one()
    if found.status != BillStatus.OPEN:
        return None
    [items] = await lines_for(session, [key])
    if not items:
        return None
    number = last + 1
    session.add_all(
        BillingItem(
            bill_id=found.id,
            position=position,
            kind=item.kind,
            backend_id=item.backend_id,
            app_id=item.app_id,
            subscription_id=item.subscription_id,
            description=item.description,
            quantity=item.quantity,
            shots=item.shots,
            amount=item.amount,
            currency=item.currency,
        )
        for position, item in enumerate(items)
    )
    total = total_of((item.amount for item in items), key.currency)
    await session.execute(
        _ISSUE, {"id": found.id, "number": number, "subtotal": total, "total": total}
    )
    await session.execute(
        text("UPDATE invoice_counters SET last_number = :n WHERE name = :name"),
        {"n": number, "name": COUNTER},
    )
    event = await notify(
        session,
        user_id=key.user_id,
        kind=NotificationKind.BILL_ISSUED,
        title=f"Your bill for {key.month:%B %Y} is ready: {total} {key.currency}",
        body=(
            f"Invoice {invoice_label(number)} for {key.month:%B %Y}, {len(items)} item(s), "
            f"total {total} {key.currency}."
        ),
        link=bill_global_id(found.id),
    )
    return found.id, event


async def close_months(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
) -> CloseReport:
    """Issue every due bill, each in its own transaction; returns the events to publish."""
    report = CloseReport()
    running = month_start(now)
    async with sessionmaker() as session, session.begin():
        since = {"month": running, "since": instant(running)}
        await session.execute(_OPEN_RUNNING, since)
        newest = (await session.execute(_WATERMARK)).scalar_one()
        window = {
            "since": instant(newest) if newest is not None else EPOCH,
            "cutoff": cutoff_for(now, grace),
        }
        due = (await session.execute(_DUE, window)).all()
    for row in due:
        month: date = row.month
        async with sessionmaker() as session, session.begin():
            issued = await issue(session, BillKey(row.user_id, month, row.currency))
        if issued is None:
            report.skipped += 1
        else:
            report.issued += 1
            report.events.append(issued[1])
    return report

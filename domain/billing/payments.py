"""Marking bills paid, through a payment-provider port.

`PaymentProvider` is the seam for a real provider later (a card processor would confirm the
payment and return its reference); `ManualPayments` is the one used now: an admin says the bill
was paid, and the reference records who. No card is processed here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select

from domain.billing.bill_models import Bill, BillStatus
from domain.billing.errors import BillStatusRefused
from domain.db import AsyncSession
from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal


@dataclass(frozen=True, slots=True)
class PaymentConfirmation:
    reference: str  # the provider's name for the payment


class PaymentProvider(Protocol):
    """Confirms that an issued bill was paid; raises a DomainError to refuse."""

    async def confirm(self, bill: Bill, *, principal: Principal) -> PaymentConfirmation: ...


class ManualPayments:
    """An admin records a payment received outside Qraph (a bank transfer)."""

    async def confirm(self, bill: Bill, *, principal: Principal) -> PaymentConfirmation:
        if not principal.is_admin:
            raise Forbidden("Only admins mark bills paid.")
        return PaymentConfirmation(reference=f"manual:{principal.user_id}")


async def mark_paid(
    session: AsyncSession,
    *,
    principal: Principal,
    bill_id: uuid.UUID,
    provider: PaymentProvider | None = None,
) -> Bill:
    """ISSUED -> PAID. An OPEN bill is not payable yet; a PAID one is not paid twice."""
    if not principal.is_admin:
        raise Forbidden("Only admins mark bills paid.")
    bill = await session.scalar(select(Bill).where(Bill.id == bill_id).with_for_update())
    if bill is None:
        raise NotFound("No such bill.")
    if bill.status == BillStatus.OPEN:
        raise BillStatusRefused(
            "This bill is still OPEN: it is paid after the month close issues it.",
            status=bill.status,
        )
    if bill.status == BillStatus.PAID:
        raise BillStatusRefused("This bill is paid already.", status=bill.status)
    confirmation = await (provider or ManualPayments()).confirm(bill, principal=principal)
    bill.status = BillStatus.PAID.value
    bill.paid_at = func.now()
    bill.payment_reference = confirmation.reference[:200]
    await session.flush()
    await session.refresh(bill, ["paid_at", "updated_at"])
    return bill

"""Invoice PDFs, made with fpdf2: the issuer, the customer, the invoice number, the period,
the items and the totals.

Only ISSUED or PAID bills have invoices. Rendering is CPU work: callers run `render` in a
worker thread (`render_off_loop`), never on the event loop. The PDF's core font covers
Latin-1; a character outside it prints as `?`.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from fpdf import FPDF
from sqlalchemy import select

from domain.billing import bills
from domain.billing.bill_models import Bill, BillStatus
from domain.billing.errors import BillStatusRefused
from domain.billing.ledger import Item, next_month
from domain.billing.rounding import RULE
from domain.db import AsyncSession
from domain.errors import NotFound
from domain.identity.models import User
from domain.identity.principal import Principal

MEDIA_TYPE = "application/pdf"


@dataclass(frozen=True, slots=True)
class Invoice:
    issuer: str
    customer_name: str
    customer_email: str
    number: str
    month: date
    issued_at: datetime | None
    paid_at: datetime | None
    status: str
    currency: str
    items: tuple[Item, ...]
    subtotal: Decimal
    total: Decimal

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"

    @property
    def period(self) -> str:
        last = date.fromordinal(next_month(self.month).toordinal() - 1)
        return f"{self.month:%Y-%m-%d} to {last:%Y-%m-%d} (UTC)"


def check_invoiced(bill: Bill) -> None:
    if bill.status == BillStatus.OPEN:
        raise BillStatusRefused(
            "This bill is still OPEN: its invoice exists once the month close issues it.",
            status=bill.status,
        )


async def load(
    session: AsyncSession, *, principal: Principal | None, bill_id: uuid.UUID, issuer: str
) -> Invoice:
    """The invoice of an issued bill; NotFound for a bill the principal may not see (None: a
    signed link, checked already)."""
    bill = await session.get(Bill, bill_id)
    if bill is None or (principal is not None and bills.visible(principal, bill) is None):
        raise NotFound("No such bill.")
    check_invoiced(bill)
    user = await session.scalar(select(User).where(User.id == bill.user_id))
    [items] = await bills.items_of(session, [bill])
    subtotal, total = bills.totals(bill, items)
    return Invoice(
        issuer=issuer,
        customer_name=user.username if user else "(deleted account)",
        customer_email=user.email if user else "",
        number=bills.invoice_label(bill.invoice_number) or "",
        month=bill.month,
        issued_at=bill.issued_at,
        paid_at=bill.paid_at,
        status=bill.status,
        currency=bill.currency,
        items=tuple(items),
        subtotal=subtotal,
        total=total,
    )


def _latin1(value: str) -> str:
    return value.encode("latin-1", "replace").decode("latin-1")


def render(invoice: Invoice) -> bytes:
    """The invoice as a PDF (CPU work: call it off the event loop)."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"Invoice {invoice.number}"))
    pdf.set_author(_latin1(invoice.issuer))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, _latin1(f"Invoice {invoice.number}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    lines = [
        f"Issuer: {invoice.issuer}",
        f"Customer: {invoice.customer_name} <{invoice.customer_email}>",
        f"Period: {invoice.period}",
        f"Issued: {invoice.issued_at:%Y-%m-%d}" if invoice.issued_at else "Issued: -",
        f"Status: {invoice.status}" + (f" ({invoice.paid_at:%Y-%m-%d})" if invoice.paid_at else ""),
    ]
    for line in lines:
        pdf.cell(0, 6, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (100, 25, 25, 40)
    pdf.set_font("Helvetica", "B", 10)
    for width, head in zip(widths, ("Item", "Runs", "Shots", "Amount"), strict=True):
        pdf.cell(width, 7, head, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for item in invoice.items:
        cells = (
            item.description,
            str(item.quantity),
            str(item.shots),
            f"{item.amount} {item.currency}",
        )
        for width, value in zip(widths, cells, strict=True):
            pdf.cell(width, 6, _latin1(value[:60]))
        pdf.ln()
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(
        0, 7, f"Subtotal: {invoice.subtotal} {invoice.currency}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.cell(0, 7, f"Total: {invoice.total} {invoice.currency}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(0, 5, _latin1(f"Rounding: {RULE}"))
    return bytes(pdf.output())


async def render_off_loop(invoice: Invoice) -> bytes:
    """`render` in a worker thread, so the event loop keeps serving."""
    return await asyncio.to_thread(render, invoice)

"""Bills and invoices: the Bill node and its items, myBills, bill, bills, markBillPaid and
downloadInvoice."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay
from strawberry.permission import BasePermission

from domain.billing import bill_models
from domain.billing.bills import invoice_label
from domain.billing.ledger import instant, next_month
from domain.billing.rounding import RULE
from domain.identity.principal import Scope
from resolvers.billing import bills as resolve
from schema.billing.bill_inputs import BillingItemKind, BillStatus
from schema.errors import BillStatusError, ForbiddenError, NotFoundError
from schema.identity.users import User
from schema.jobs.types import Money
from schema.lazy import of_row, reads_row
from schema.permissions import HAS_SCOPE, IsAdmin, IsAuthenticated
from schema.relay import Connection

if TYPE_CHECKING:
    from strawberry.types import Info

READ: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.BILLING_READ]]
ADMIN: list[type[BasePermission]] = [IsAdmin]


@strawberry.type(
    description=f"One line of a bill. Amounts are exact decimals. {RULE}",
)
class BillingItem:
    row: strawberry.Private[Any]
    kind: BillingItemKind = strawberry.field(description="Backend, app or subscription fee.")  # type: ignore[valid-type]
    description: str = strawberry.field(description="The backend, app or subscription billed.")
    quantity: int = strawberry.field(description="Runs (completed jobs), or fee periods.")
    shots: int = strawberry.field(description="Shots of those runs (0 for fees).")
    amount: Money = strawberry.field(description="The exact sum of its charges, rounded once.")

    @classmethod
    def from_item(cls, item: Any) -> Self:
        return cls(
            row=item,
            kind=bill_models.BillingItemKind(item.kind),
            description=item.description,
            quantity=item.quantity,
            shots=item.shots,
            amount=Money(amount=item.amount, currency=item.currency),
        )


@reads_row(
    key=lambda row: str(row.id),
    month="month",
    period_start=lambda row: instant(row.month),
    period_end=lambda row: instant(next_month(row.month)),
    status=lambda row: bill_models.BillStatus(row.status),
    invoice_number=lambda row: invoice_label(row.invoice_number),
    currency="currency",
    issued_at="issued_at",
    paid_at="paid_at",
)
@strawberry.type(
    description=(
        "A user's bill for one calendar month (UTC) and one currency. A usage record is "
        "billed in the month its job COMPLETED (a job running across midnight goes to the "
        "month it completed in); a month without usage or fees has no bill. "
        f"{RULE} There are no taxes, so `total` equals `subtotal`."
    )
)
class Bill(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[bill_models.Bill]
    month: date = strawberry.field(description="The first day of the month billed.")
    period_start: datetime = strawberry.field(description="The month's start, UTC.")
    period_end: datetime = strawberry.field(description="The next month's start (exclusive).")
    status: BillStatus = strawberry.field(description="OPEN, ISSUED or PAID.")  # type: ignore[valid-type]
    invoice_number: str | None = strawberry.field(
        description="Sequential with no gaps, e.g. INV-000042; null while OPEN."
    )
    currency: str = strawberry.field(description="ISO 4217 code of every amount on it.")
    issued_at: datetime | None = strawberry.field(description="When the month close issued it.")
    paid_at: datetime | None = strawberry.field(description="When it was marked paid.")
    items: list[BillingItem] = strawberry.field(
        resolver=resolve.bill_items,
        description=(
            "Its lines, grouped by backend, app and subscription fee: live while OPEN, "
            "frozen once ISSUED."
        ),
    )
    subtotal: Money = strawberry.field(
        resolver=resolve.bill_subtotal, description="The sum of the items' amounts."
    )
    total: Money = strawberry.field(
        resolver=resolve.bill_total,
        description="What is owed: the sum of the items' amounts (no taxes here).",
    )
    customer: User | None = strawberry.field(
        resolver=resolve.bill_customer, description="Whose bill it is."
    )

    @classmethod
    def from_model(cls, row: bill_models.Bill) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_bills(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(description="The bill is marked PAID.")
class MarkBillPaidSuccess:
    bill: Bill = strawberry.field(description="The bill, PAID.")


@strawberry.type(
    description=(
        "A link to the bill's invoice PDF. It works for a few minutes, for whoever holds it."
    )
)
class InvoiceLink:
    url: str = strawberry.field(description="GET it; signed, short-lived.")
    expires_at: datetime = strawberry.field(description="When the link stops working.")
    bill: Bill = strawberry.field(description="The bill invoiced.")


MarkBillPaidResult = Annotated[
    MarkBillPaidSuccess | NotFoundError | ForbiddenError | BillStatusError,
    strawberry.union("MarkBillPaidResult", description="The outcome of `markBillPaid`."),
]
DownloadInvoiceResult = Annotated[
    InvoiceLink | NotFoundError | BillStatusError,
    strawberry.union("DownloadInvoiceResult", description="The outcome of `downloadInvoice`."),
]


@strawberry.type
class BillQuery:
    my_bills: Connection[Bill] = strawberry.field(
        resolver=resolve.my_bills,
        permission_classes=READ,
        description=(
            "Your bills, newest month first: this month's OPEN bill (live) and every issued one."
        ),
    )
    bill: Bill | None = strawberry.field(
        resolver=resolve.bill,
        permission_classes=READ,
        description="One bill by ID: yours (admins: any); null otherwise.",
    )
    bills: Connection[Bill] = strawberry.field(
        resolver=resolve.all_bills,
        permission_classes=ADMIN,
        description="Every user's bills, newest month first, filtered (admins only).",
    )


@strawberry.type
class BillMutation:
    mark_bill_paid: MarkBillPaidResult = strawberry.field(
        resolver=resolve.mark_bill_paid,
        permission_classes=ADMIN,
        description=(
            "Record that an ISSUED bill was paid (admins; a manual payment: no card is "
            "charged here)."
        ),
    )
    download_invoice: DownloadInvoiceResult = strawberry.field(
        resolver=resolve.download_invoice,
        permission_classes=READ,
        description=(
            "A short-lived signed link to the PDF invoice of your ISSUED or PAID bill: issuer, "
            "customer, invoice number, period, items and totals."
        ),
    )

"""Bills: myBills, bill, bills (admins), a bill's items and totals, markBillPaid and
downloadInvoice."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry

from domain.apps import download_links
from domain.billing import bills, invoices, payments
from domain.billing.bill_models import Bill as BillRow
from domain.billing.bill_models import BillStatus
from domain.errors import DomainError, InvalidInput, NotFound
from qraph.context import Context
from resolvers.apps.changes import in_transaction, parse_id
from resolvers.apps.reads import After, First
from resolvers.billing.loaders import bill_loaders
from resolvers.jobs.loaders import job_loaders
from resolvers.loaders import now_or_later
from resolvers.pages import page_size
from schema.billing.bill_inputs import BillFilter
from schema.errors import to_error
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.billing.bills import (
        Bill,
        BillingItem,
        DownloadInvoiceResult,
        MarkBillPaidResult,
    )
    from schema.identity.users import User
    from schema.jobs.types import Money
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
BillId = Annotated[strawberry.ID, strawberry.argument(description="The Bill's global ID.")]
MY_BILLS = "bills:month:desc"


def _uuids(keys: Iterable[Any]) -> list[uuid.UUID]:
    found = []
    for key in keys:
        try:
            found.append(uuid.UUID(str(key)))
        except ValueError:
            found.append(uuid.UUID(int=0))
    return found


async def visible_bills(info: Info, node_ids: Iterable[Any]) -> list[BillRow | None]:
    rows = await bill_loaders(info.context).bill_by_id.load_many(_uuids(node_ids))
    principal = info.context.principal
    return [bills.visible(principal, row) for row in rows]


async def bill_items(root: strawberry.Parent[Bill], info: Info) -> list[BillingItem]:
    from schema.billing.bills import BillingItem

    items = await bill_loaders(info.context).items_by_bill.load(root.row)
    return [BillingItem.from_item(item) for item in items]


async def _totals(root: Bill, info: Info) -> tuple[Money, Money]:
    from schema.jobs.types import Money

    items = await bill_loaders(info.context).items_by_bill.load(root.row)
    subtotal, total = bills.totals(root.row, items)
    currency = root.row.currency
    return Money(amount=subtotal, currency=currency), Money(amount=total, currency=currency)


async def bill_subtotal(root: strawberry.Parent[Bill], info: Info) -> Money:
    return (await _totals(root, info))[0]


async def bill_total(root: strawberry.Parent[Bill], info: Info) -> Money:
    return (await _totals(root, info))[1]


def bill_customer(root: strawberry.Parent[Bill], info: Info) -> User | None:
    from schema.identity.users import User

    found = job_loaders(info.context).user_by_id.load(root.row.user_id)
    return cast("User | None", now_or_later(found, lambda r: User.from_model(r) if r else None))


async def my_bills(info: Info, first: First = None, after: After = None) -> Connection[Bill]:
    from schema.billing.bills import Bill

    user_id = info.context.principal.user_id
    assert user_id is not None  # IsAuthenticated ran first
    request = page_request(
        ordering=MY_BILLS, keys=bills.BILL_KEYS, first=first, after=after, last=None, before=None
    )
    size = page_size(info.context, request)
    given = bills.BillFilter()
    async with info.context.session() as session, session.begin():
        # This month's OPEN bill exists once there is usage in it (idempotent, one statement).
        await bills.open_current(session, user_id=user_id, now=datetime.now(UTC))
        page = await bills.list_bills(
            session, user_id=user_id, given=given, request=request, size=size
        )

    async def count() -> int:
        async with info.context.session() as session:
            return await bills.count_bills(session, user_id=user_id, given=given)

    return to_connection(page, ordering=MY_BILLS, node=Bill.from_model, count=count)


async def bill(info: Info, id: BillId) -> Bill | None:
    from schema.billing.bills import Bill

    try:
        bill_id = parse_id(id, "Bill")
    except NotFound:
        return None
    [row] = await visible_bills(info, [bill_id])
    return Bill.from_model(row) if row is not None else None


def _filter(given: BillFilter | None) -> bills.BillFilter:
    if given is None:
        return bills.BillFilter()
    currency = given.currency
    if currency is not None and not (len(currency) == 3 and currency.isalpha()):
        raise InvalidInput("`currency` is a 3-letter ISO 4217 code.", field="currency")
    return bills.BillFilter(
        status=BillStatus(given.status.value) if given.status is not None else None,
        user_id=parse_id(given.user_id, "User") if given.user_id is not None else None,
        month=bills.check_month(given.month),
        currency=currency.upper() if currency else None,
    )


async def all_bills(
    info: Info, filter: BillFilter | None = None, first: First = None, after: After = None
) -> Connection[Bill]:
    from schema.billing.bills import Bill

    try:
        given = _filter(filter)
    except NotFound:  # a user ID that names nobody: no bills
        given = bills.BillFilter(user_id=uuid.UUID(int=0))
    request = page_request(
        ordering=MY_BILLS, keys=bills.BILL_KEYS, first=first, after=after, last=None, before=None
    )
    size = page_size(info.context, request)
    async with info.context.session() as session:
        page = await bills.list_bills(
            session, user_id=None, given=given, request=request, size=size
        )

    async def count() -> int:
        async with info.context.session() as session:
            return await bills.count_bills(session, user_id=None, given=given)

    return to_connection(page, ordering=MY_BILLS, node=Bill.from_model, count=count)


async def mark_bill_paid(info: Info, bill_id: BillId) -> MarkBillPaidResult:
    from schema.billing.bills import Bill, MarkBillPaidSuccess

    principal = info.context.principal
    try:
        parsed = parse_id(bill_id, "Bill")
        row = await in_transaction(
            info,
            lambda s: payments.mark_paid(
                s, principal=principal, bill_id=parsed, provider=payments.ManualPayments()
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return MarkBillPaidSuccess(bill=Bill.from_model(row))


async def download_invoice(info: Info, bill_id: BillId) -> DownloadInvoiceResult:
    from schema.billing.bills import Bill, InvoiceLink

    context = info.context
    try:
        parsed = parse_id(bill_id, "Bill")
        [row] = await visible_bills(info, [parsed])
        if row is None:
            raise NotFound("No such bill.")
        invoices.check_invoiced(row)
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    key = download_links.signing_key(context.services.jwt_secret)
    link = download_links.sign(key, row.id, path=download_links.INVOICE_PATH)
    base = str(context.request.base_url).rstrip("/")
    if base.startswith("ws"):  # asked over a WebSocket: the link is still plain HTTP(S)
        base = "http" + base[2:]
    return InvoiceLink(
        url=f"{base}{link.path}",
        expires_at=datetime.fromtimestamp(link.expires_at, UTC),
        bill=Bill.from_model(row),
    )

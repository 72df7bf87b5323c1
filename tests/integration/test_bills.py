"""Bills: the month close (twice, an empty month, a job across midnight), live OPEN bills,
ownership, markBillPaid, the invoice PDF read back, and myBills' statement count."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import insert, select
from strawberry import relay

from domain.billing.bill_models import Bill, BillingItem
from domain.billing.ledger import BillKey
from domain.billing.month_close import close_months, issue
from domain.identity.principal import Role
from domain.jobs.models import Job
from domain.notifications.models import Notification
from tests.identity import make_user
from tests.integration import bills_support as ledger
from workers import bills as workers_bills

MY_BILLS = """
query MyBills($first: Int) {
  myBills(first: $first) {
    totalCount
    edges { node { id month status invoiceNumber currency issuedAt paidAt
      periodStart periodEnd
      items { kind description quantity shots amount { amount currency } }
      subtotal { amount currency } total { amount currency } } }
  }
}
"""
BILL = """
query Bill($id: ID!) { bill(id: $id) { id status total { amount } } }
"""
NODE = "query Node($id: ID!) { node(id: $id) { __typename id } }"
MARK_PAID = """
mutation Pay($id: ID!) { markBillPaid(billId: $id) {
  __typename
  ... on MarkBillPaidSuccess { bill { id status paidAt } }
  ... on BillStatusError { code message status }
  ... on Error { code message } } }
"""
DOWNLOAD = """
mutation Invoice($id: ID!) { downloadInvoice(billId: $id) {
  __typename
  ... on InvoiceLink { url expiresAt bill { id invoiceNumber } }
  ... on BillStatusError { code status }
  ... on Error { code message } } }
"""
ALL_BILLS = """
query All($filter: BillFilter) { bills(filter: $filter, first: 50) {
  totalCount edges { node { id status customer { username } total { amount } } } } }
"""

OCTOBER = datetime(2026, 10, 1, tzinfo=UTC)
AFTER_OCTOBER = datetime(2026, 11, 2, tzinfo=UTC)


async def post(client, query, variables, user=None):
    headers = user.headers if user is not None else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return response.json()


async def october_usage(app, user_id) -> Decimal:
    """Usage and a fee in October 2026 whose rounded total is 22.11 USD."""
    aer, other = await ledger.backend_ids(app, "aer_simulator", "fake_sherbrooke")
    owner = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    sub = await ledger.subscription(app, owner.id, user_id)
    at = ledger.month_of(2026, 10)
    for _ in range(3):  # 0.999999 -> 1.00
        await ledger.record_usage(
            app, user_id, backend_id=aer, at=at, backend_charge=Decimal("0.333333")
        )
    # 0.125 -> 0.12 (half to even); the app's charge 1.005 -> 1.00 (half to even)
    await ledger.record_usage(
        app,
        user_id,
        backend_id=other,
        at=at,
        backend_charge=Decimal("0.125"),
        app_charge=Decimal("1.005"),
        app_id=sub.app_id,
        subscription_id=sub.subscription_id,
    )
    await ledger.charge_fee(app, user_id, sub, at=at, amount=Decimal("19.99"))
    return Decimal("22.11")


async def bills_of(app, user_id) -> list[Bill]:
    async with app.state.services.sessionmaker() as session:
        rows = await session.scalars(select(Bill).where(Bill.user_id == user_id))
        return list(rows)


async def test_the_month_close_cron_run_twice_issues_one_bill_with_the_right_total(app, client):
    # given a user with usage and a subscription fee in October
    user = await make_user(app)
    expected = await october_usage(app, user.id)
    sessionmaker = app.state.services.sessionmaker
    # when the worker's cron runs twice (now: October is long closed)
    ctx = {"sessionmaker": sessionmaker, "redis": app.state.services.redis}
    first = await workers_bills.close_months(ctx)
    second = await workers_bills.close_months(ctx)
    # then one bill is issued, once, with number 1, and one BILL_ISSUED notification
    assert (first["issued"], second["issued"]) == (1, 0)
    [bill] = await bills_of(app, user.id)
    assert (bill.status, bill.invoice_number, bill.total) == ("ISSUED", 1, expected)
    async with sessionmaker() as session:
        items = list(
            await session.scalars(select(BillingItem).where(BillingItem.bill_id == bill.id))
        )
        kinds = sorted((i.kind, i.amount) for i in items)
        notes = list(
            await session.scalars(
                select(Notification.link).where(
                    Notification.user_id == user.id, Notification.kind == "BILL_ISSUED"
                )
            )
        )
    assert kinds == [
        ("APP", Decimal("1.00")),
        ("BACKEND", Decimal("0.12")),
        ("BACKEND", Decimal("1.00")),
        ("SUBSCRIPTION_FEE", Decimal("19.99")),
    ]
    assert notes == [relay.to_base64("Bill", bill.id)]  # linked to the bill
    # and the graph shows it frozen, its total the sum of its items
    body = await post(client, MY_BILLS, {"first": 10}, user)
    [edge] = body["data"]["myBills"]["edges"]
    node = edge["node"]
    assert (node["status"], node["invoiceNumber"], node["month"]) == (
        "ISSUED",
        "INV-000001",
        "2026-10-01",
    )
    assert node["total"] == {"amount": "22.11", "currency": "USD"}
    assert sum(Decimal(i["amount"]["amount"]) for i in node["items"]) == expected
    assert node["periodStart"].startswith("2026-10-01T00:00:00")
    assert node["periodEnd"].startswith("2026-11-01T00:00:00")


async def test_invoice_numbers_follow_each_other_across_users_and_runs(app):
    sessionmaker = app.state.services.sessionmaker
    aer = (await ledger.backend_ids(app, "aer_simulator"))[0]
    users = [await make_user(app) for _ in range(3)]
    for user in users[:2]:
        await ledger.record_usage(
            app, user.id, backend_id=aer, at=ledger.month_of(2026, 9), backend_charge=Decimal(1)
        )
    await close_months(sessionmaker, now=AFTER_OCTOBER)
    # a missed run: September and October are closed together by the next one
    await ledger.record_usage(
        app, users[2].id, backend_id=aer, at=ledger.month_of(2026, 10), backend_charge=Decimal(2)
    )
    await ledger.record_usage(
        app, users[0].id, backend_id=aer, at=ledger.month_of(2026, 10), backend_charge=Decimal(3)
    )
    report = await close_months(sessionmaker, now=AFTER_OCTOBER)
    assert report.issued == 2
    async with sessionmaker() as session:
        numbers = list(
            await session.scalars(select(Bill.invoice_number).order_by(Bill.invoice_number))
        )
    assert numbers == [1, 2, 3, 4]


async def test_concurrent_closes_issue_each_bill_once_with_no_gaps(app):
    sessionmaker = app.state.services.sessionmaker
    aer = (await ledger.backend_ids(app, "aer_simulator"))[0]
    users = [await make_user(app) for _ in range(4)]
    for user in users:
        await ledger.record_usage(
            app, user.id, backend_id=aer, at=ledger.month_of(2026, 10), backend_charge=Decimal(1)
        )
    reports = await asyncio.gather(
        *(close_months(sessionmaker, now=AFTER_OCTOBER) for _ in range(3))
    )
    assert sum(r.issued for r in reports) == 4
    async with sessionmaker() as session:
        numbers = list(await session.scalars(select(Bill.invoice_number)))
    assert sorted(numbers) == [1, 2, 3, 4]


async def test_a_rolled_back_issue_gives_its_number_back(app):
    sessionmaker = app.state.services.sessionmaker
    aer = (await ledger.backend_ids(app, "aer_simulator"))[0]
    first, second = await make_user(app), await make_user(app)
    for user in (first, second):
        await ledger.record_usage(
            app, user.id, backend_id=aer, at=ledger.month_of(2026, 10), backend_charge=Decimal(1)
        )
    # an issue that fails after taking number 1 (a crash before the commit)
    with pytest.raises(RuntimeError):
        async with sessionmaker() as session, session.begin():
            key = BillKey(first.id, date(2026, 10, 1), "USD")
            assert await issue(session, key) is not None
            raise RuntimeError("crash before commit")
    await close_months(sessionmaker, now=AFTER_OCTOBER)
    async with sessionmaker() as session:
        numbers = list(await session.scalars(select(Bill.invoice_number)))
    assert sorted(numbers) == [1, 2]


async def test_an_empty_month_gives_no_bill(app):
    # given usage in September and November, none in October, and a user with none at all
    sessionmaker = app.state.services.sessionmaker
    aer = (await ledger.backend_ids(app, "aer_simulator"))[0]
    user, idle = await make_user(app), await make_user(app)
    for month in (9, 11):
        await ledger.record_usage(
            app, user.id, backend_id=aer, at=ledger.month_of(2026, month), backend_charge=Decimal(1)
        )
    # when every month up to November is closed
    await close_months(sessionmaker, now=datetime(2026, 12, 2, tzinfo=UTC))
    # then there are bills for September and November only, and none for the idle user
    assert sorted(b.month.month for b in await bills_of(app, user.id)) == [9, 11]
    assert await bills_of(app, idle.id) == []


async def test_a_job_running_across_midnight_is_billed_in_the_month_it_completed(app):
    # given a job that started on October 31 and completed on November 1 (UTC), and its usage
    # record, written as the worker writes it: at completion
    sessionmaker = app.state.services.sessionmaker
    aer = (await ledger.backend_ids(app, "aer_simulator"))[0]
    user = await make_user(app)
    started = datetime(2026, 10, 31, 23, 58, tzinfo=UTC)
    completed = datetime(2026, 11, 1, 0, 3, tzinfo=UTC)
    job_id = uuid.uuid4()
    async with sessionmaker() as session, session.begin():
        await session.execute(
            insert(Job).values(
                id=job_id,
                owner_id=user.id,
                backend_id=aer,
                name="across midnight",
                circuit="OPENQASM 3.0;",
                circuit_format="QASM3",
                qubits=2,
                depth=3,
                shots=100,
                priority="STANDARD",
                tags=[],
                status="COMPLETED",
                created_at=started,
                started_at=started,
                finished_at=completed,
                cost_estimate=Decimal("0.5"),
                actual_cost=Decimal("0.5"),
                currency="USD",
                attempts=1,
                details={},
            )
        )
    await ledger.record_usage(
        app, user.id, backend_id=aer, at=completed, backend_charge=Decimal("0.5"), job_id=job_id
    )
    await ledger.record_usage(
        app, user.id, backend_id=aer, at=ledger.month_of(2026, 10), backend_charge=Decimal("0.25")
    )
    # when October is closed (after the grace hour), and later November
    assert (
        await close_months(sessionmaker, now=datetime(2026, 11, 1, 0, 30, tzinfo=UTC))
    ).issued == 0
    await close_months(sessionmaker, now=datetime(2026, 11, 1, 1, 30, tzinfo=UTC))
    october = await bills_of(app, user.id)
    await close_months(sessionmaker, now=datetime(2026, 12, 1, 1, 30, tzinfo=UTC))
    # then October holds only the October run, and the job is on November's bill
    assert sorted((b.month.month, b.status, b.total) for b in october) == [
        (10, "ISSUED", Decimal("0.25")),
        (11, "OPEN", None),  # the running month's bill, live
    ]
    by_month = {b.month.month: b.total for b in await bills_of(app, user.id)}
    assert by_month == {10: Decimal("0.25"), 11: Decimal("0.50")}


async def test_this_months_bill_is_open_and_follows_usage_live(app, client):
    aer = (await ledger.backend_ids(app, "aer_simulator"))[0]
    user = await make_user(app)
    now = datetime.now(UTC)
    await ledger.record_usage(
        app, user.id, backend_id=aer, at=now, backend_charge=Decimal("0.004"), shots=10
    )
    # the hourly close opens it (admins list it) before its owner looks
    await close_months(app.state.services.sessionmaker, now=now)
    assert [b.status for b in await bills_of(app, user.id)] == ["OPEN"]
    body = await post(client, MY_BILLS, {"first": 5}, user)
    [edge] = body["data"]["myBills"]["edges"]
    assert edge["node"]["status"] == "OPEN"
    assert edge["node"]["invoiceNumber"] is None
    assert edge["node"]["total"]["amount"] == "0.00"
    # a second run in the month: the same OPEN bill, its item and total follow
    await ledger.record_usage(
        app, user.id, backend_id=aer, at=now, backend_charge=Decimal("0.003"), shots=20
    )
    body = await post(client, MY_BILLS, {"first": 5}, user)
    [edge2] = body["data"]["myBills"]["edges"]
    assert edge2["node"]["id"] == edge["node"]["id"]
    [item] = edge2["node"]["items"]
    assert (item["kind"], item["quantity"], item["shots"]) == ("BACKEND", 2, 30)
    assert item["amount"]["amount"] == "0.01"  # 0.007 rounded once, not 0.00 + 0.00
    assert edge2["node"]["total"]["amount"] == "0.01"


async def _issued_bill(app, user) -> str:
    await october_usage(app, user.id)
    await close_months(app.state.services.sessionmaker, now=AFTER_OCTOBER)
    [bill] = await bills_of(app, user.id)
    return relay.to_base64("Bill", bill.id)


async def test_another_users_bill_reads_as_not_found(app, client):
    owner, other = await make_user(app), await make_user(app)
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    bill_id = await _issued_bill(app, owner)
    # the owner and admins see it
    assert (await post(client, BILL, {"id": bill_id}, owner))["data"]["bill"]["id"] == bill_id
    assert (await post(client, BILL, {"id": bill_id}, admin))["data"]["bill"]["id"] == bill_id
    # another user reads null, through bill and node, and cannot get its invoice
    assert (await post(client, BILL, {"id": bill_id}, other))["data"]["bill"] is None
    assert (await post(client, NODE, {"id": bill_id}, other))["data"]["node"] is None
    download = (await post(client, DOWNLOAD, {"id": bill_id}, other))["data"]["downloadInvoice"]
    assert download["__typename"] == "NotFoundError"
    assert (await post(client, MY_BILLS, {"first": 5}, other))["data"]["myBills"]["edges"] == []
    # a wrong ID is not found, never an error
    assert (await post(client, BILL, {"id": "not-an-id"}, owner))["data"]["bill"] is None
    # and only admins mark bills paid
    refused = await post(client, MARK_PAID, {"id": bill_id}, owner)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await bills_of(app, owner.id))[0].status == "ISSUED"


async def test_admins_mark_issued_bills_paid_once(app, client):
    owner = await make_user(app)
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    bill_id = await _issued_bill(app, owner)
    paid = (await post(client, MARK_PAID, {"id": bill_id}, admin))["data"]["markBillPaid"]
    assert paid["__typename"] == "MarkBillPaidSuccess"
    assert paid["bill"]["status"] == "PAID" and paid["bill"]["paidAt"]
    again = (await post(client, MARK_PAID, {"id": bill_id}, admin))["data"]["markBillPaid"]
    assert (again["__typename"], again["status"]) == ("BillStatusError", "PAID")
    # an OPEN bill is not payable, and has no invoice yet
    aer = (await ledger.backend_ids(app, "aer_simulator"))[0]
    await ledger.record_usage(
        app, owner.id, backend_id=aer, at=datetime.now(UTC), backend_charge=Decimal(1)
    )
    body = await post(client, MY_BILLS, {"first": 5}, owner)
    open_id = next(
        e["node"]["id"] for e in body["data"]["myBills"]["edges"] if e["node"]["status"] == "OPEN"
    )
    refused = (await post(client, MARK_PAID, {"id": open_id}, admin))["data"]["markBillPaid"]
    assert (refused["__typename"], refused["status"]) == ("BillStatusError", "OPEN")
    no_pdf = (await post(client, DOWNLOAD, {"id": open_id}, owner))["data"]["downloadInvoice"]
    assert (no_pdf["__typename"], no_pdf["status"]) == ("BillStatusError", "OPEN")
    # and admins list every bill, filtered
    listed = await post(client, ALL_BILLS, {"filter": {"status": "PAID"}}, admin)
    [node] = [e["node"] for e in listed["data"]["bills"]["edges"]]
    assert node["id"] == bill_id and node["customer"]["username"] == owner.username


async def test_the_invoice_pdf_holds_the_totals(app, client, monkeypatch):
    owner = await make_user(app)
    bill_id = await _issued_bill(app, owner)
    result = (await post(client, DOWNLOAD, {"id": bill_id}, owner))["data"]["downloadInvoice"]
    assert result["__typename"] == "InvoiceLink"
    response = await client.get(result["url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    issuer = app.state.services.settings.invoice_issuer
    for expected in (
        issuer,
        owner.username,
        owner.email,
        "Invoice INV-000001",
        "2026-10-01 to 2026-10-31",
        "Backend aer_simulator",
        "Backend fake_sherbrooke",
        "19.99 USD",
        "Subtotal: 22.11 USD",
        "Total: 22.11 USD",
    ):
        assert expected in text, (expected, text)
    # a tampered link is refused
    forged = result["url"].replace("signature=", "signature=0")
    assert (await client.get(forged)).status_code == 403


@pytest.mark.parametrize("first", [2, 12])
async def test_my_bills_costs_a_constant_number_of_statements(app, client, sql_statements, first):
    # given a user with twelve months of usage: eleven issued bills and this month's OPEN one
    aer = (await ledger.backend_ids(app, "aer_simulator"))[0]
    user = await make_user(app)
    now = datetime.now(UTC)
    month = now.replace(day=15, hour=12, minute=0, second=0, microsecond=0)
    for _ in range(12):
        await ledger.record_usage(app, user.id, backend_id=aer, at=month, backend_charge=Decimal(1))
        month = (month.replace(day=1) - timedelta(days=1)).replace(day=15)
    await close_months(app.state.services.sessionmaker, now=now)
    sql_statements.statements.clear()
    # when a page of bills is read with their items and totals
    body = await post(client, MY_BILLS, {"first": first}, user)
    edges = body["data"]["myBills"]["edges"]
    assert len(edges) == first and body["data"]["myBills"]["totalCount"] == 12
    # then: open this month's bill, the page, its count, frozen items, live items
    assert sql_statements.count == 5, sql_statements.statements

"""Shot budgets: reserve and record, warn at 80%, refuse past 100%, survive races and flushes."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from domain.budgets import shots
from domain.errors import QuotaExceeded
from domain.identity.models import ShotUsage, User
from domain.identity.principal import Role
from resolvers.identity.usage import shot_budgets
from tests.identity import make_user
from tests.support import graphql

PERIOD_S = 30 * 86400
MY_USAGE = """
query MyUsage { myUsage { shotsUsed shotBudget remaining resetsAt periodStart warning } }
"""


@pytest.fixture
def services(app):
    return app.state.services


@pytest.fixture
async def user_id(app):
    return (await make_user(app)).id


async def _charge(services, user_id, shots_, *, limit=1000, reference=None, now=None):
    async with services.sessionmaker() as session:
        return await shots.charge(
            session,
            services.redis,
            user_id=user_id,
            shots=shots_,
            reference=reference or f"job-{uuid.uuid4()}",
            limit=limit,
            period_s=PERIOD_S,
            now=now,
        )


async def _usage(services, user_id, *, limit=1000, now=None):
    async with services.sessionmaker() as session:
        return await shots.usage(
            session, services.redis, user_id=user_id, limit=limit, period_s=PERIOD_S, now=now
        )


def _to_ms(moment):
    """Redis keeps times in milliseconds."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


async def _rows(services, user_id):
    async with services.sessionmaker() as session:
        query = select(func.count(), func.coalesce(func.sum(ShotUsage.shots), 0))
        return tuple((await session.execute(query.where(ShotUsage.user_id == user_id))).one())


async def test_charges_add_up_warn_at_80_percent_and_refuse_past_the_limit(services, user_id):
    first = await _charge(services, user_id, 500)
    assert (first.usage.used, first.usage.remaining, first.warning) == (500, 500, False)
    second = await _charge(services, user_id, 300)
    assert (second.usage.used, second.warning) == (800, True)
    # one shot too many is refused, with the numbers a client needs
    with pytest.raises(QuotaExceeded) as refused:
        await _charge(services, user_id, 201)
    assert (refused.value.limit, refused.value.used, refused.value.requested) == (1000, 800, 201)
    assert "201 shots" in refused.value.message
    # exactly the rest still fits
    last = await _charge(services, user_id, 200)
    assert (last.usage.used, last.usage.remaining) == (1000, 0)
    assert await _rows(services, user_id) == (3, 1000)


async def test_charging_a_reference_twice_counts_it_once(services, user_id):
    await _charge(services, user_id, 100, reference="job-1")
    again = await _charge(services, user_id, 100, reference="job-1")
    assert (again.new, again.usage.used) == (False, 100)
    assert await _rows(services, user_id) == (1, 100)


async def test_concurrent_submissions_cannot_overspend_the_last_of_the_budget(services, user_id):
    # given 10 submissions of 150 shots racing for a budget of 1,000 (Redis not yet loaded)
    results = await asyncio.gather(
        *(_charge(services, user_id, 150) for _ in range(10)), return_exceptions=True
    )
    # then exactly six fit, the other four are refused, and the record agrees
    charged = [r for r in results if isinstance(r, shots.Charge)]
    refused = [r for r in results if isinstance(r, QuotaExceeded)]
    assert (len(charged), len(refused)) == (6, 4)
    assert await _rows(services, user_id) == (6, 900)
    assert (await _usage(services, user_id)).used == 900


async def test_a_failed_transaction_gives_its_reservation_back(services):
    # a user id with no user row: the usage row violates its foreign key at flush
    ghost = uuid.uuid4()
    with pytest.raises(IntegrityError):
        await _charge(services, ghost, 400)
    assert (await _usage(services, ghost)).used == 0


async def test_after_redis_loses_its_data_the_window_is_rebuilt_from_postgres(services, user_id):
    await _charge(services, user_id, 400)
    await _charge(services, user_id, 100)
    # when Redis forgets everything (the test database only)
    await services.redis.flushdb()
    # then the next check counts what PostgreSQL recorded
    assert (await _usage(services, user_id)).used == 500
    with pytest.raises(QuotaExceeded) as refused:
        await _charge(services, user_id, 600)
    assert refused.value.used == 500
    assert (await _charge(services, user_id, 500)).usage.used == 1000


async def test_a_reservation_never_committed_is_released_after_its_deadline(services, user_id):
    # given a reservation whose process died before it recorded anything
    now = datetime.now(UTC)
    async with services.sessionmaker() as session:
        await shots.reserve(
            session,
            services.redis,
            user_id=user_id,
            shots=900,
            reference="job-crashed",
            limit=1000,
            period_s=PERIOD_S,
            now=now,
        )
    with pytest.raises(QuotaExceeded):
        await _charge(services, user_id, 200, now=now)
    # when its deadline has passed, the next reservation settles it against PostgreSQL
    later = now + timedelta(seconds=shots.PENDING_TTL_S + 1)
    assert (await _charge(services, user_id, 200, now=later)).usage.used == 200


async def test_a_reservation_committed_but_never_confirmed_stays_counted(services, user_id):
    # given usage recorded and committed, but the process died before confirming it
    now = datetime.now(UTC)
    async with services.sessionmaker() as session:
        charged = await shots.reserve(
            session,
            services.redis,
            user_id=user_id,
            shots=900,
            reference="job-unconfirmed",
            limit=1000,
            period_s=PERIOD_S,
            now=now,
        )
        await shots.record(
            session, user_id=user_id, shots=900, reference="job-unconfirmed", used_at=charged.at
        )
        await session.commit()
    # then after its deadline it is confirmed from the record, not given back
    later = now + timedelta(seconds=shots.PENDING_TTL_S + 1)
    with pytest.raises(QuotaExceeded) as refused:
        await _charge(services, user_id, 200, now=later)
    assert refused.value.used == 900


async def test_usage_ages_out_of_the_rolling_window(services, user_id):
    # given 700 shots used 29 days and 23 hours ago
    now = datetime.now(UTC)
    used_at = now - timedelta(seconds=PERIOD_S - 3600)
    await _charge(services, user_id, 700, now=used_at)
    usage = await _usage(services, user_id, now=now)
    assert usage.used == 700
    assert usage.resets_at == _to_ms(used_at) + timedelta(seconds=PERIOD_S)
    assert usage.period_start == now - timedelta(seconds=PERIOD_S)
    # an hour and a second later they no longer count
    later = await _usage(services, user_id, now=now + timedelta(seconds=3601))
    assert later.used == 0
    assert later.resets_at == now + timedelta(seconds=3601 + PERIOD_S)


async def test_the_limit_is_the_users_own_else_the_highest_role_default(app, services):
    budgets = shot_budgets(services.settings)
    both = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    async with services.sessionmaker() as session:
        assert await shots.limit_of(session, user_id=both.id, budgets=budgets) == 5_000_000
        await session.execute(update(User).where(User.id == both.id).values(shot_budget=1234))
        await session.commit()
        assert await shots.limit_of(session, user_id=both.id, budgets=budgets) == 1234


async def test_my_usage_reports_the_signed_in_users_budget(app, client, services):
    # given a consumer (1,000,000 shots by default) who used 850,000
    user = await make_user(app, Role.CONSUMER)
    charged = await _charge(services, user.id, 850_000, limit=1_000_000)
    # when they ask for their usage
    asked = datetime.now(UTC)
    response = await client.post("/graphql", json={"query": MY_USAGE}, headers=user.headers)
    answered = datetime.now(UTC)
    # then they see it, with the warning on and the time the oldest usage ages out
    usage = response.json()["data"]["myUsage"]
    assert {k: usage[k] for k in ("shotsUsed", "shotBudget", "remaining", "warning")} == {
        "shotsUsed": 850_000,
        "shotBudget": 1_000_000,
        "remaining": 150_000,
        "warning": True,
    }
    resets_at = datetime.fromisoformat(usage["resetsAt"])
    assert resets_at == _to_ms(charged.at) + timedelta(seconds=PERIOD_S)
    period_start = datetime.fromisoformat(usage["periodStart"])
    # the window is the last PERIOD_S seconds as of the moment the server answered
    period = timedelta(seconds=PERIOD_S)
    earliest = asked - period - timedelta(milliseconds=1)  # the server keeps milliseconds
    latest = answered - period
    assert earliest <= period_start <= latest


async def test_my_usage_needs_a_signed_in_caller(client):
    body = await graphql(client, MY_USAGE)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

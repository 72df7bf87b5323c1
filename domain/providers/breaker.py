"""A circuit breaker per provider, kept in PostgreSQL (`provider_states`), so every worker and
poller sees the same one and losing Redis loses nothing.

- Each failed call to a provider (submit, status, result, cancel) counts; `threshold` failures
  in a row open the breaker: the provider is unreachable, its ONLINE backends go UNAVAILABLE
  (submissions are refused with BackendUnavailable), and no call is made to it until
  `open_until` (`open_s`, doubling with each reopening, capped at `MAX_OPEN_S`).
- When `open_until` passes, the next call is the probe (half-open): a success closes the
  breaker and puts the backends back ONLINE; a failure opens it again, for longer.

Every change returns the backend status events to publish after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from domain.backends.models import Backend, BackendStatus
from domain.db import AsyncSession
from domain.events import Event
from domain.providers.models import ProviderState

MAX_OPEN_S = 600.0
UNREACHABLE_REASON = "Its provider is unreachable; Qraph retries and jobs already sent are kept."


@dataclass(frozen=True, slots=True)
class Breaker:
    threshold: int = 3
    open_s: float = 30.0


def is_open(state: ProviderState | None, now: datetime) -> bool:
    return state is not None and state.open_until is not None and state.open_until > now


async def load(session: AsyncSession, providers: list[str]) -> dict[str, ProviderState]:
    rows = await session.scalars(select(ProviderState).where(ProviderState.provider.in_(providers)))
    return {row.provider: row for row in rows}


async def _set_backends(
    session: AsyncSession, provider: str, *, to: BackendStatus, frm: BackendStatus
) -> list[Event]:
    names = await session.scalars(
        update(Backend)
        .where(Backend.provider == provider, Backend.status == frm)
        .values(
            status=to, status_reason=UNREACHABLE_REASON if to == BackendStatus.UNAVAILABLE else None
        )
        .returning(Backend.name)
    )
    return [Event("backend", name, "status_changed") for name in names]


async def succeeded(
    session: AsyncSession, provider: str, state: ProviderState | None, now: datetime
) -> list[Event]:
    """A call went through: close the breaker; backends back ONLINE if they were UNAVAILABLE."""
    if state is not None and state.failures == 0 and state.reachable:
        return []  # nothing to change: the common case costs no statement
    await session.execute(
        pg_insert(ProviderState)
        .values(provider=provider, reachable=True, failures=0, open_until=None, changed_at=now)
        .on_conflict_do_update(
            index_elements=[ProviderState.provider],
            set_={"reachable": True, "failures": 0, "open_until": None, "changed_at": now},
        )
    )
    if state is not None and not state.reachable:
        return await _set_backends(
            session, provider, to=BackendStatus.ONLINE, frm=BackendStatus.UNAVAILABLE
        )
    return []


async def failed(
    session: AsyncSession,
    provider: str,
    error: BaseException,
    now: datetime,
    breaker: Breaker,
) -> list[Event]:
    """A call failed (unreachable, timed out): count it; open the breaker at the threshold."""
    message = f"{type(error).__name__}: {str(error)[:300]}"
    row = (
        await session.execute(
            pg_insert(ProviderState)
            .values(provider=provider, failures=1, last_error=message, changed_at=now)
            .on_conflict_do_update(
                index_elements=[ProviderState.provider],
                set_={
                    "failures": ProviderState.failures + 1,
                    "last_error": message,
                    "changed_at": now,
                },
            )
            .returning(ProviderState.failures, ProviderState.reachable)
        )
    ).one()
    if row.failures < breaker.threshold:
        return []
    openings = row.failures - breaker.threshold
    open_for = min(MAX_OPEN_S, breaker.open_s * 2**openings)
    await session.execute(
        update(ProviderState)
        .where(ProviderState.provider == provider)
        .values(reachable=False, open_until=now + timedelta(seconds=open_for))
    )
    if row.reachable:
        return await _set_backends(
            session, provider, to=BackendStatus.UNAVAILABLE, frm=BackendStatus.ONLINE
        )
    return []


async def mark_synced(session: AsyncSession, provider: str) -> None:
    """The catalog sync listed this provider's backends just now."""
    now = datetime.now(UTC)
    await session.execute(
        pg_insert(ProviderState)
        .values(provider=provider, last_sync_at=now, changed_at=now)
        .on_conflict_do_update(index_elements=[ProviderState.provider], set_={"last_sync_at": now})
    )

"""Reviews of apps and each app's rating.

- A user who has run an app (a COMPLETED job of theirs with that app) may review it: a rating
  of 1 to 5 stars and a text. One review per user per app; reviewing again updates it
  (INSERT ... ON CONFLICT).
- The app's owner replies to a review once. Admins hide (and unhide) reviews; a hidden review
  counts in no rating and shows only to its author and admins.
- The rating (average, count, histogram by star) lives on the app row and is rewritten by one
  UPDATE computed from the reviews table in the transaction of every review write. Each write
  first locks the app row (SELECT ... FOR UPDATE), so concurrent writes to one app run one after
  the other, and the UPDATE (a new statement, with a new snapshot under READ COMMITTED) sees
  every review committed before it: the aggregate always equals a recomputation.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, exists, func, or_, select, text, true
from sqlalchemy.dialects.postgresql import insert

from domain.apps import access, validation
from domain.apps.models import AppReview, QuantumApp
from domain.db import AsyncSession
from domain.errors import AlreadyExists, Forbidden, InvalidInput, NotFound
from domain.identity.principal import Principal
from domain.jobs.models import Job, JobStatus
from domain.notifications import emitters as notifications
from domain.pagination import Page, PageRequest, SortKey, keyset_page

MAX_REVIEW_TEXT = 5_000
MAX_REPLY_TEXT = 5_000
STARS = range(1, 6)
# Newest first; the id breaks ties.
REVIEW_KEYS = [
    SortKey(AppReview.created_at, datetime, True),
    SortKey(AppReview.id, uuid.UUID, True),
]

# One statement: the app's rating, count and histogram from its visible reviews.
_RECOMPUTE = text(
    """
    UPDATE quantum_apps SET
      rating = s.average, rating_count = s.n, rating_histogram = s.histogram
    FROM (
      SELECT round(avg(rating), 2) AS average, count(*) AS n,
             ARRAY[count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
                   count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4),
                   count(*) FILTER (WHERE rating = 5)]::integer[] AS histogram
      FROM app_reviews WHERE app_id = :app_id AND hidden_at IS NULL
    ) AS s
    WHERE quantum_apps.id = :app_id
    RETURNING quantum_apps.rating, quantum_apps.rating_count, quantum_apps.rating_histogram
    """
)


@dataclass(frozen=True, slots=True)
class RatingSummary:
    """An app's rating: the average (None when unrated), the count and the count per star."""

    average: Decimal | None
    count: int
    histogram: tuple[int, int, int, int, int]

    @classmethod
    def of(cls, app: QuantumApp) -> RatingSummary:
        stars = list(app.rating_histogram or [0, 0, 0, 0, 0])
        return cls(app.rating, app.rating_count, (stars[0], stars[1], stars[2], stars[3], stars[4]))


def check_rating(rating: int) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in STARS:
        raise InvalidInput("A rating is a whole number of stars from 1 to 5.", field="rating")
    return rating


def _check_text(value: str, *, field: str, maximum: int, required: bool) -> str:
    if "\x00" in value:
        raise InvalidInput(f"`{field}` may not contain NUL characters.", field=field)
    return validation.check_text(value.strip(), field=field, maximum=maximum, required=required)


async def _lock_app(session: AsyncSession, app_id: uuid.UUID) -> QuantumApp | None:
    return await session.scalar(select(QuantumApp).where(QuantumApp.id == app_id).with_for_update())


async def _recompute(session: AsyncSession, app: QuantumApp) -> None:
    """Rewrite the app's rating from its reviews; the caller holds the app's row lock."""
    row = (await session.execute(_RECOMPUTE, {"app_id": app.id})).one()
    # Keep the loaded row in step without another SELECT.
    app.rating, app.rating_count, app.rating_histogram = row[0], row[1], list(row[2])


async def has_completed_run(
    session: AsyncSession, *, user_id: uuid.UUID, app_id: uuid.UUID
) -> bool:
    return bool(
        await session.scalar(
            select(
                exists().where(
                    Job.app_id == app_id,
                    Job.owner_id == user_id,
                    Job.status == JobStatus.COMPLETED,
                )
            )
        )
    )


async def review(
    session: AsyncSession,
    *,
    principal: Principal,
    app_id: uuid.UUID,
    rating: int,
    text: str,
) -> tuple[AppReview, QuantumApp]:
    """Write (or rewrite) the caller's review of the app, and the app's rating with it."""
    rating = check_rating(rating)
    body = _check_text(text, field="text", maximum=MAX_REVIEW_TEXT, required=False)
    if principal.user_id is None:
        raise Forbidden("Sign in to review an app.")
    app = await _lock_app(session, app_id)
    if app is None:
        raise NotFound("No such app.")
    ran = await has_completed_run(session, user_id=principal.user_id, app_id=app.id)
    if not ran and not access.may_read_app(principal, app):
        raise NotFound("No such app.")
    if app.owner_id == principal.user_id:
        raise Forbidden("You may not review your own app; reply to its reviews instead.")
    if not ran:
        raise Forbidden("Only a user who has run the app (a completed run) may review it.")
    upsert = (
        insert(AppReview)
        .values(
            id=uuid.uuid4(),
            app_id=app.id,
            author_id=principal.user_id,
            rating=rating,
            text=body,
        )
        .on_conflict_do_update(
            index_elements=[AppReview.app_id, AppReview.author_id],
            set_={"rating": rating, "text": body, "updated_at": func.now()},
        )
        .returning(AppReview)
    )
    found = (
        await session.execute(upsert, execution_options={"populate_existing": True})
    ).scalar_one()
    await _recompute(session, app)
    await notifications.new_review(
        session,
        owner_id=app.owner_id,
        app_id=app.id,
        app_name=app.name,
        review_id=found.id,
        rating=rating,
        text=body,
    )
    return found, app


async def _review_and_app(
    session: AsyncSession, review_id: uuid.UUID
) -> tuple[AppReview, QuantumApp]:
    """The review and its app, the app locked first (the same order as `review`)."""
    app_id = await session.scalar(select(AppReview.app_id).where(AppReview.id == review_id))
    app = await _lock_app(session, app_id) if app_id is not None else None
    found = await session.scalar(
        select(AppReview)
        .where(AppReview.id == review_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if app is None or found is None:
        raise NotFound("No such review.")
    return found, app


def may_read(principal: Principal, found: AppReview, app: QuantumApp) -> bool:
    """Visible with its app; a hidden one only to its author and admins."""
    mine = principal.authenticated and principal.user_id == found.author_id
    if not (access.may_read_app(principal, app) or mine):
        return False
    return found.hidden_at is None or mine or principal.is_admin


async def reply(
    session: AsyncSession, *, principal: Principal, review_id: uuid.UUID, text: str
) -> AppReview:
    """The app owner's one reply to a review."""
    body = _check_text(text, field="text", maximum=MAX_REPLY_TEXT, required=True)
    found, app = await _review_and_app(session, review_id)
    access.check_owner(principal, app.owner_id, visible=may_read(principal, found, app), what="app")
    if found.reply is not None:
        raise AlreadyExists("You replied to this review already; a review gets one reply.")
    found.reply, found.replied_at = body, func.now()
    await session.flush()
    await session.refresh(found, ["replied_at", "updated_at"])
    return found


async def hide(
    session: AsyncSession, *, principal: Principal, review_id: uuid.UUID, hidden: bool
) -> tuple[AppReview, QuantumApp]:
    """Hide (or show again) a review: admins only; the rating follows."""
    if not principal.is_admin:
        raise Forbidden("Only admins hide reviews.")
    found, app = await _review_and_app(session, review_id)
    if (found.hidden_at is not None) != hidden:
        found.hidden_at = func.now() if hidden else None
        await session.flush()
        await session.refresh(found, ["hidden_at", "updated_at"])
        await _recompute(session, app)
    return found, app


def _visible_to(principal: Principal) -> ColumnElement[bool]:
    if principal.is_admin:
        return true()
    if principal.user_id is None:
        return AppReview.hidden_at.is_(None)
    return or_(AppReview.hidden_at.is_(None), AppReview.author_id == principal.user_id)


async def list_for_app(
    session: AsyncSession,
    *,
    principal: Principal,
    app_id: uuid.UUID,
    request: PageRequest,
    size: int,
) -> Page[AppReview]:
    stmt = select(AppReview).where(AppReview.app_id == app_id, _visible_to(principal))
    return await keyset_page(session, stmt, REVIEW_KEYS, request, size=size)


async def count_for_app(session: AsyncSession, *, principal: Principal, app_id: uuid.UUID) -> int:
    stmt = (
        select(func.count())
        .select_from(AppReview)
        .where(AppReview.app_id == app_id, _visible_to(principal))
    )
    return int((await session.execute(stmt)).scalar_one())


async def get_many(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[AppReview | None]:
    rows = await session.scalars(select(AppReview).where(AppReview.id.in_(ids)))
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]

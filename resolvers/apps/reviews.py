"""Reviews (write, reply, hide, list), the app's rating summary and its metrics."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry

from domain.apps import access, metrics, reviews
from domain.apps.feed import AppChangeKind
from domain.apps.models import AppReview as ReviewRow
from domain.apps.models import QuantumApp as AppRow
from domain.errors import DomainError
from domain.notifications import send as notifications
from domain.notifications.send import notification_event
from qraph.context import Context
from resolvers.apps.changes import AppId, announce, in_transaction, parse_id
from resolvers.apps.loaders import app_loaders
from resolvers.apps.reads import After, First
from resolvers.jobs.loaders import job_loaders
from resolvers.loaders import now_or_later
from resolvers.pages import page_size
from schema.errors import to_error
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.apps.reviews import (
        AppMetrics,
        HideReviewResult,
        RatingSummary,
        ReplyToReviewResult,
        Review,
        ReviewAppResult,
    )
    from schema.apps.types import QuantumApp
    from schema.identity.users import User
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
REVIEWS = "reviews:created:desc"
ReviewId = Annotated[strawberry.ID, strawberry.argument(description="The Review's global ID.")]


@strawberry.input(description="A review: stars and what you think.")
class ReviewAppInput:
    rating: int = strawberry.field(description="Stars, 1 to 5.")
    text: str = strawberry.field(default="", description="At most 5,000 characters.")


def summary_of(app: AppRow) -> RatingSummary:
    from schema.apps.reviews import RatingBucket, RatingSummary

    found = reviews.RatingSummary.of(app)
    return RatingSummary(
        average=found.average,
        count=found.count,
        histogram=[
            RatingBucket(stars=stars, count=n)
            for stars, n in zip(reviews.STARS, found.histogram, strict=True)
        ],
    )


def _uuids(keys: Iterable[Any]) -> list[uuid.UUID]:
    found = []
    for key in keys:
        try:
            found.append(uuid.UUID(str(key)))
        except ValueError:
            found.append(uuid.UUID(int=0))
    return found


async def visible_reviews(info: Info, node_ids: Iterable[Any]) -> list[ReviewRow | None]:
    loaders = app_loaders(info.context)
    rows = await loaders.review_by_id.load_many(_uuids(node_ids))
    apps = await loaders.app_by_id.load_many([r.app_id if r else uuid.UUID(int=0) for r in rows])
    principal = info.context.principal
    return [
        row
        if row is not None and app is not None and reviews.may_read(principal, row, app)
        else None
        for row, app in zip(rows, apps, strict=True)
    ]


def review_author(root: strawberry.Parent[Review], info: Info) -> User | None:
    from schema.identity.users import User

    found = job_loaders(info.context).user_by_id.load(root.row.author_id)
    return cast("User | None", now_or_later(found, lambda r: User.from_model(r) if r else None))


def review_app(root: strawberry.Parent[Review], info: Info) -> QuantumApp | None:
    from schema.apps.types import QuantumApp

    found = app_loaders(info.context).app_by_id.load(root.row.app_id)
    principal = info.context.principal
    app = now_or_later(
        found,
        lambda r: QuantumApp.from_model(r) if r and access.may_read_app(principal, r) else None,
    )
    return cast("QuantumApp | None", app)


async def app_reviews(
    root: strawberry.Parent[QuantumApp], info: Info, first: First = None, after: After = None
) -> Connection[Review]:
    from schema.apps.reviews import Review

    principal = info.context.principal
    # Who sees hidden reviews changes the list, so it is part of the cursor's ordering.
    viewer = "admin" if principal.is_admin else str(principal.user_id or "")
    ordering = f"{REVIEWS}:{viewer}"
    request = page_request(
        ordering=ordering,
        keys=reviews.REVIEW_KEYS,
        first=first,
        after=after,
        last=None,
        before=None,
    )
    size = page_size(info.context, request)
    app_id = root.row.id
    async with info.context.session() as session:
        page = await reviews.list_for_app(
            session, principal=principal, app_id=app_id, request=request, size=size
        )

    async def count() -> int:
        async with info.context.session() as session:
            return await reviews.count_for_app(session, principal=principal, app_id=app_id)

    return to_connection(page, ordering=ordering, node=Review.from_model, count=count)


def app_rating_summary(root: strawberry.Parent[QuantumApp]) -> RatingSummary:
    return summary_of(root.row)


async def app_metrics(
    root: strawberry.Parent[QuantumApp],
    info: Info,
    days: Annotated[int, strawberry.argument(description="The window in days (1 to 366).")] = 30,
) -> AppMetrics | None:
    from schema.apps.reviews import AppMetrics, RunsOnDay

    if not info.context.principal.owns(root.row.owner_id):
        return None
    window = metrics.check_days(days)  # an InvalidInput is a field error with its code
    async with info.context.session() as session:
        found = await metrics.for_app(session, app_id=root.row.id, days=window)
    if found is None:
        return None
    return AppMetrics(
        runs=found.runs,
        distinct_users=found.distinct_users,
        downloads=found.downloads,
        average_rating=found.average_rating,
        runs_per_day=[RunsOnDay(day=day, runs=n) for day, n in found.days()],
        app_id=root.row.id,
    )


async def review_app_mutation(
    info: Info,
    app_id: AppId,
    input: Annotated[ReviewAppInput, strawberry.argument(description="The review.")],
) -> ReviewAppResult:
    from schema.apps.reviews import Review, ReviewAppSuccess

    principal = info.context.principal
    try:
        parsed = parse_id(app_id, "QuantumApp")
        row, app = await in_transaction(
            info,
            lambda s: reviews.review(
                s, principal=principal, app_id=parsed, rating=input.rating, text=input.text
            ),
            rate_limited=True,
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    await announce(info, app.id, AppChangeKind.RATING)
    await notifications.publish(info.context.services.redis, notification_event(app.owner_id))
    return ReviewAppSuccess(review=Review.from_model(row), rating=summary_of(app))


async def reply_to_review(
    info: Info,
    review_id: ReviewId,
    text: Annotated[str, strawberry.argument(description="At most 5,000 characters.")],
) -> ReplyToReviewResult:
    from schema.apps.reviews import ReplyToReviewSuccess, Review

    principal = info.context.principal
    try:
        parsed = parse_id(review_id, "Review")
        row = await in_transaction(
            info, lambda s: reviews.reply(s, principal=principal, review_id=parsed, text=text)
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return ReplyToReviewSuccess(review=Review.from_model(row))


async def hide_review(
    info: Info,
    review_id: ReviewId,
    hidden: Annotated[bool, strawberry.argument(description="False shows it again.")] = True,
) -> HideReviewResult:
    from schema.apps.reviews import HideReviewSuccess, Review

    principal = info.context.principal
    try:
        parsed = parse_id(review_id, "Review")
        row, app = await in_transaction(
            info,
            lambda s: reviews.hide(s, principal=principal, review_id=parsed, hidden=hidden),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    await announce(info, app.id, AppChangeKind.RATING)
    return HideReviewSuccess(review=Review.from_model(row), rating=summary_of(app))

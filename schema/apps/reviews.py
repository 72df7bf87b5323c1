"""Reviews, the app's rating summary and its metrics; reviewApp, replyToReview, hideReview."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay
from strawberry.permission import BasePermission

from domain.apps import models
from domain.identity.principal import Scope
from resolvers.apps import reviews as resolve
from resolvers.billing import revenue as resolve_revenue
from schema.apps.types import QuantumApp
from schema.errors import ForbiddenError, InvalidInputError, NotFoundError, RateLimitedError
from schema.identity.users import User
from schema.lazy import of_row, reads_row
from schema.permissions import HAS_SCOPE, IsAdmin, IsAuthenticated

if TYPE_CHECKING:
    from strawberry.types import Info

    from schema.billing.types import AppRevenue

# Reviewing is reading's side of the area: any signed-in user with `apps:read` who ran the app.
REVIEW: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.APPS_READ]]
# Replying is the developer's (the app's owner, checked in the domain); hiding the admins'.
WRITE: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.APPS_WRITE]]
MODERATE: list[type[BasePermission]] = [IsAdmin]


@reads_row(
    key=lambda row: str(row.id),
    rating="rating",
    text="text",
    reply="reply",
    replied_at="replied_at",
    hidden=lambda row: row.hidden_at is not None,
    created_at="created_at",
    updated_at="updated_at",
)
@strawberry.type(description="One user's review of an app: stars, text and the owner's reply.")
class Review(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.AppReview]
    rating: int = strawberry.field(description="Stars, 1 to 5.")
    text: str = strawberry.field(description="What the reviewer wrote (may be empty).")
    reply: str | None = strawberry.field(description="The app owner's reply; null before.")
    replied_at: datetime | None = strawberry.field(description="When the owner replied.")
    hidden: bool = strawberry.field(
        description="Hidden by an admin: in no rating, seen only by its author and admins."
    )
    created_at: datetime = strawberry.field(description="When it was first written.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    author: User | None = strawberry.field(
        resolver=resolve.review_author, description="Its author."
    )
    app: QuantumApp | None = strawberry.field(resolver=resolve.review_app, description="The app.")

    @classmethod
    def from_model(cls, row: models.AppReview) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_reviews(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(description="How many visible reviews gave this many stars.")
class RatingBucket:
    stars: int = strawberry.field(description="1 to 5.")
    count: int = strawberry.field(description="Reviews with that many stars.")


@strawberry.type(description="An app's rating, over its visible reviews.")
class RatingSummary:
    average: Decimal | None = strawberry.field(description="Mean stars (2 decimals); null if none.")
    count: int = strawberry.field(description="How many reviews it averages.")
    histogram: list[RatingBucket] = strawberry.field(description="Counts by star, 1 to 5.")


@strawberry.type(description="Runs of an app started on one day (UTC).")
class RunsOnDay:
    day: date = strawberry.field(description="The day, UTC.")
    runs: int = strawberry.field(description="Runs started that day, in any state.")


@strawberry.type(description="An app's figures, for its owner and admins.")
class AppMetrics:
    runs: int = strawberry.field(description="Runs that completed.")
    distinct_users: int = strawberry.field(description="Users who ran it (in any state).")
    downloads: int = strawberry.field(description="Registry packages served, all versions.")
    average_rating: Decimal | None = strawberry.field(description="Mean stars; null if unrated.")
    runs_per_day: list[RunsOnDay] = strawberry.field(
        description="Runs started per day over the window, oldest first, days without runs as 0."
    )
    app_id: strawberry.Private[uuid.UUID | None] = None
    revenue: Annotated[AppRevenue, strawberry.lazy("schema.billing.types")] | None = (
        strawberry.field(
            resolver=resolve_revenue.metrics_revenue,
            description="The app's revenue over a calendar month (this one by default).",
        )
    )


@strawberry.type(description="The review is written (or rewritten); the app's rating follows.")
class ReviewAppSuccess:
    review: Review = strawberry.field(description="The review.")
    rating: RatingSummary = strawberry.field(description="The app's rating now.")


@strawberry.type(description="The reply is on the review.")
class ReplyToReviewSuccess:
    review: Review = strawberry.field(description="The review with its reply.")


@strawberry.type(description="The review is hidden (or shown again); the app's rating follows.")
class HideReviewSuccess:
    review: Review = strawberry.field(description="The review.")
    rating: RatingSummary = strawberry.field(description="The app's rating now.")


ReviewAppResult = Annotated[
    ReviewAppSuccess | NotFoundError | ForbiddenError | InvalidInputError | RateLimitedError,
    strawberry.union("ReviewAppResult", description="The outcome of `reviewApp`."),
]
ReplyToReviewResult = Annotated[
    ReplyToReviewSuccess | NotFoundError | ForbiddenError | InvalidInputError,
    strawberry.union("ReplyToReviewResult", description="The outcome of `replyToReview`."),
]
HideReviewResult = Annotated[
    HideReviewSuccess | NotFoundError | ForbiddenError,
    strawberry.union("HideReviewResult", description="The outcome of `hideReview`."),
]


@strawberry.type
class ReviewMutation:
    review_app: ReviewAppResult = strawberry.field(
        resolver=resolve.review_app_mutation,
        permission_classes=REVIEW,
        description=(
            "Rate an app you have run (a completed run) 1 to 5 stars, with a text; once per "
            "app: a second call updates your review. Not your own app."
        ),
    )
    reply_to_review: ReplyToReviewResult = strawberry.field(
        resolver=resolve.reply_to_review,
        permission_classes=WRITE,
        description="Reply to a review of your app, once.",
    )
    hide_review: HideReviewResult = strawberry.field(
        resolver=resolve.hide_review,
        permission_classes=MODERATE,
        description="Hide a review (or show it again with `hidden: false`); admins only.",
    )

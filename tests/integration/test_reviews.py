"""Reviews over HTTP: only users with a completed run review, once per app (a second review
updates the first); the owner replies once; admins hide. The app's rating (average, count,
histogram) equals a recomputation from the reviews, also under concurrent reviews; the owner's
metrics; hostile input writes nothing."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, update

from domain.apps.models import AppReview, QuantumApp
from domain.identity.principal import Role
from domain.jobs.models import Job
from tests.identity import make_user
from tests.integration import apps_support as support

RUN = """
mutation Run($input: RunAppInput!) {
  runApp(input: $input) { __typename ... on SubmitJobSuccess { job { id } } }
}
"""
REVIEW = """
mutation Review($appId: ID!, $input: ReviewAppInput!) {
  reviewApp(appId: $appId, input: $input) {
    __typename
    ... on ReviewAppSuccess { review { id rating text hidden author { username } app { slug } }
      rating { average count histogram { stars count } } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""
REPLY = """
mutation Reply($id: ID!, $text: String!) {
  replyToReview(reviewId: $id, text: $text) {
    __typename
    ... on ReplyToReviewSuccess { review { id reply repliedAt } }
    ... on Error { code message }
  }
}
"""
HIDE = """
mutation Hide($id: ID!, $hidden: Boolean!) {
  hideReview(reviewId: $id, hidden: $hidden) {
    __typename
    ... on HideReviewSuccess { review { id hidden } rating { average count } }
    ... on Error { code message }
  }
}
"""
APP = """
query App($slug: String!, $days: Int! = 30) {
  app(slug: $slug) { rating ratingCount
    ratingSummary { average count histogram { stars count } }
    reviews(first: 50) { totalCount edges { node { id rating text hidden reply } } }
    metrics(days: $days) { runs distinctUsers downloads averageRating
      runsPerDay { day runs } } }
}
"""
NODE = "query N($id: ID!) { node(id: $id) { ... on Review { id rating hidden } } }"


async def _app(app, client, slug: str):
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    found = await support.release(client, developer.headers, slug)
    version_id = await support.published(client, developer.headers, found["id"], "1.0.0")
    await support.in_registry(client, developer.headers, version_id)
    return developer, found


async def _runner(app, client, slug: str, *, complete: bool = True):
    """A user with a run of the app (COMPLETED unless told)."""
    user = await make_user(app, Role.CONSUMER)
    run = {"appSlug": slug, "inputs": {"theta": 0.5, "phi": 0.25}, "backend": "aer_simulator"}
    body = await support.post(client, RUN, {"input": run}, user.headers)
    assert body["data"]["runApp"]["__typename"] == "SubmitJobSuccess", body
    if complete:
        async with app.state.services.sessionmaker() as session, session.begin():
            await session.execute(
                update(Job)
                .where(Job.owner_id == user.id, Job.status == "QUEUED")
                .values(status="COMPLETED")
            )
    return user


async def _review(client, headers, app_id: str, rating: Any, text: str = "") -> dict[str, Any]:
    variables = {"appId": app_id, "input": {"rating": rating, "text": text}}
    body = await support.post(client, REVIEW, variables, headers)
    assert "errors" not in body, body
    return body["data"]["reviewApp"]


async def _recomputed(app, slug: str) -> tuple[Any, ...]:
    """(stored average, count, histogram) and the same recomputed from the visible reviews."""
    async with app.state.services.sessionmaker() as session:
        row = (
            await session.execute(select(QuantumApp).where(QuantumApp.slug == slug))
        ).scalar_one()
        ratings = list(
            await session.scalars(
                select(AppReview.rating).where(
                    AppReview.app_id == row.id, AppReview.hidden_at.is_(None)
                )
            )
        )
    average = (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01")) if ratings else None
    histogram = [ratings.count(stars) for stars in range(1, 6)]
    return (row.rating, row.rating_count, row.rating_histogram), (
        average,
        len(ratings),
        histogram,
    )


async def _count_reviews(app) -> int:
    async with app.state.services.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(AppReview)))


async def test_a_runner_reviews_once_and_a_second_review_updates_the_first(app, client):
    developer, found = await _app(app, client, "reviewed-app")
    user = await _runner(app, client, "reviewed-app")
    # when they review it
    first = await _review(client, user.headers, found["id"], 4, "Nice circuit.")
    assert first["__typename"] == "ReviewAppSuccess", first
    assert first["review"]["author"]["username"] == user.username
    assert first["rating"] == {
        "average": "4.00",
        "count": 1,
        "histogram": [{"stars": s, "count": int(s == 4)} for s in range(1, 6)],
    }
    # and again
    second = await _review(client, user.headers, found["id"], 2, "It broke on 1.0.0.")
    # then it is the same review, updated, and the rating follows
    assert second["review"]["id"] == first["review"]["id"]
    assert second["review"]["rating"] == 2 and second["review"]["text"] == "It broke on 1.0.0."
    assert second["rating"]["average"] == "2.00" and second["rating"]["count"] == 1
    assert await _count_reviews(app) == 1
    body = await support.post(client, APP, {"slug": "reviewed-app"}, None)
    read = body["data"]["app"]
    assert read["rating"] == "2.00" and read["ratingCount"] == 1
    assert read["reviews"]["totalCount"] == 1
    assert read["reviews"]["edges"][0]["node"]["text"] == "It broke on 1.0.0."
    assert read["metrics"] is None  # not the owner's
    assert developer


async def test_only_a_user_with_a_completed_run_may_review_and_not_the_owner(app, client):
    developer, found = await _app(app, client, "gated-reviews")
    stranger = await make_user(app, Role.CONSUMER)
    queued = await _runner(app, client, "gated-reviews", complete=False)
    cases = [
        (stranger.headers, "FORBIDDEN"),
        (queued.headers, "FORBIDDEN"),
        (developer.headers, "FORBIDDEN"),
    ]
    for headers, code in cases:
        result = await _review(client, headers, found["id"], 5)
        assert result["__typename"] == "ForbiddenError" and result["code"] == code, result
    # an unknown or malformed app reads as not found
    for app_id in ("UXVhbnR1bUFwcDpub3Bl", "nonsense", found["id"].replace("Q", "R")):
        result = await _review(client, stranger.headers, app_id, 5)
        assert result["__typename"] == "NotFoundError", (app_id, result)
    # anonymous callers are refused before the resolver
    body = await support.post(client, REVIEW, {"appId": found["id"], "input": {"rating": 5}}, None)
    assert body["data"] is None or body["data"]["reviewApp"] is None, body
    assert await _count_reviews(app) == 0


async def test_hostile_review_input_gets_typed_errors_and_writes_nothing(app, client):
    _, found = await _app(app, client, "hostile-reviews")
    user = await _runner(app, client, "hostile-reviews")
    for rating, text, field in [
        (0, "", "rating"),
        (6, "", "rating"),
        (-1, "", "rating"),
        (2**31 - 1, "", "rating"),
        (3, "x" * 5_001, "text"),
    ]:
        result = await _review(client, user.headers, found["id"], rating, text)
        assert result["__typename"] == "InvalidInputError", (rating, result)
        assert result["field"] == field, result
    # wrong types, out-of-range integers and NUL bytes are refused before the resolver
    for rating, text in [
        ("five", ""),
        (4.5, ""),
        (None, ""),
        ([5], ""),
        (2**40, ""),
        (3, "a\x00b"),
    ]:
        variables = {"appId": found["id"], "input": {"rating": rating, "text": text}}
        body = await support.post(client, REVIEW, variables, user.headers)
        assert body.get("errors") and "Traceback" not in str(body), body
    assert await _count_reviews(app) == 0
    stored, _ = await _recomputed(app, "hostile-reviews")
    assert stored == (None, 0, [0, 0, 0, 0, 0])


async def test_the_rating_equals_a_recomputation_under_concurrent_reviews(app, client):
    # given 24 users who ran the app
    _, found = await _app(app, client, "busy-reviews")
    users = [await _runner(app, client, "busy-reviews") for _ in range(24)]
    # when they all review it at once
    stars = [1 + (i * 7) % 5 for i in range(len(users))]
    results = await asyncio.gather(
        *(_review(client, u.headers, found["id"], s) for u, s in zip(users, stars, strict=True))
    )
    assert {r["__typename"] for r in results} == {"ReviewAppSuccess"}, results
    # then the stored rating equals one recomputed from the reviews
    stored, expected = await _recomputed(app, "busy-reviews")
    assert stored == expected
    assert stored[1] == 24 and sum(stored[2]) == 24
    # and when half of them change their reviews at once, it still does
    changed = await asyncio.gather(
        *(_review(client, u.headers, found["id"], 5) for u in users[::2]),
    )
    assert {r["__typename"] for r in changed} == {"ReviewAppSuccess"}
    stored, expected = await _recomputed(app, "busy-reviews")
    assert stored == expected and stored[1] == 24
    assert await _count_reviews(app) == 24


async def test_the_owner_replies_once_and_admins_hide_reviews(app, client):
    developer, found = await _app(app, client, "moderated-reviews")
    author = await _runner(app, client, "moderated-reviews")
    other = await _runner(app, client, "moderated-reviews")
    review = (await _review(client, author.headers, found["id"], 1, "Spam spam"))["review"]
    await _review(client, other.headers, found["id"], 5, "Great")
    # another developer may not reply; the owner replies once
    intruder = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    body = await support.post(client, REPLY, {"id": review["id"], "text": "Hi"}, intruder.headers)
    assert body["data"]["replyToReview"]["__typename"] == "ForbiddenError", body
    # an empty or oversized reply is refused and writes nothing
    for text in ("  ", "x" * 5_001):
        variables = {"id": review["id"], "text": text}
        body = await support.post(client, REPLY, variables, developer.headers)
        assert body["data"]["replyToReview"]["code"] == "INVALID_INPUT", body
    body = await support.post(
        client, REPLY, {"id": review["id"], "text": "Sorry"}, developer.headers
    )
    assert body["data"]["replyToReview"]["review"]["reply"] == "Sorry", body
    body = await support.post(
        client, REPLY, {"id": review["id"], "text": "Again"}, developer.headers
    )
    assert body["data"]["replyToReview"]["code"] == "ALREADY_EXISTS", body
    # the owner may not hide it; an admin does, and the rating drops it
    body = await support.post(client, HIDE, {"id": review["id"], "hidden": True}, developer.headers)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    admin = await make_user(app, Role.ADMIN)
    body = await support.post(client, HIDE, {"id": review["id"], "hidden": True}, admin.headers)
    hidden = body["data"]["hideReview"]
    assert hidden["review"]["hidden"] is True, body
    assert hidden["rating"] == {"average": "5.00", "count": 1}
    stored, expected = await _recomputed(app, "moderated-reviews")
    assert stored == expected
    # then others no longer see it, its author and admins do
    for headers, seen in [(None, 1), (other.headers, 1), (author.headers, 2), (admin.headers, 2)]:
        body = await support.post(client, APP, {"slug": "moderated-reviews"}, headers)
        assert body["data"]["app"]["reviews"]["totalCount"] == seen, (headers, body)
        by_node = await support.post(client, NODE, {"id": review["id"]}, headers)
        assert (by_node["data"]["node"] is not None) == (seen == 2), by_node
    # and unhiding brings it back into the rating
    body = await support.post(client, HIDE, {"id": review["id"], "hidden": False}, admin.headers)
    assert body["data"]["hideReview"]["rating"] == {"average": "3.00", "count": 2}


async def test_metrics_are_the_owners_with_runs_per_day(app, client):
    developer, found = await _app(app, client, "measured-app")
    first = await _runner(app, client, "measured-app")
    await _runner(app, client, "measured-app", complete=False)
    await _review(client, first.headers, found["id"], 4)
    body = await support.post(client, APP, {"slug": "measured-app", "days": 7}, developer.headers)
    metrics = body["data"]["app"]["metrics"]
    assert metrics["runs"] == 1 and metrics["distinctUsers"] == 2
    assert metrics["downloads"] == 0 and metrics["averageRating"] == "4.00"
    assert len(metrics["runsPerDay"]) == 7
    assert [d["runs"] for d in metrics["runsPerDay"]] == [0] * 6 + [2]
    # out of range windows are a clear error
    for days in (0, 367, -5):
        body = await support.post(
            client, APP, {"slug": "measured-app", "days": days}, developer.headers
        )
        assert body["errors"][0]["message"].startswith("`days`"), body
    assert isinstance(developer.id, uuid.UUID)


REVIEWS_PAGE = """
query Page($slug: String!, $first: Int!) {
  app(slug: $slug) { ratingSummary { average count histogram { stars count } }
    reviews(first: $first) { totalCount edges { node { rating text author { username } } } } }
}
"""
METRICS = """
query M($slug: String!) { app(slug: $slug) { metrics(days: 90) { runs distinctUsers downloads
  averageRating runsPerDay { day runs } } } }
"""


@pytest.mark.parametrize("first", [1, 8])
async def test_a_page_of_reviews_and_the_metrics_cost_constant_statements(
    app, client, sql_statements, first
):
    # given an app with 8 reviews, written straight to the database
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    await support.insert_apps(app, developer.id, 1)
    reviewers = [await make_user(app, Role.CONSUMER) for _ in range(8)]
    async with app.state.services.sessionmaker() as session, session.begin():
        found = (await session.execute(select(QuantumApp))).scalar_one()
        for index, reviewer in enumerate(reviewers):
            session.add(
                AppReview(app_id=found.id, author_id=reviewer.id, rating=1 + index % 5, text="ok")
            )
    sql_statements.statements.clear()
    # when a page of reviews is read with their authors and the rating
    body = await support.post(client, REVIEWS_PAGE, {"slug": found.slug, "first": first}, None)
    reviews = body["data"]["app"]["reviews"]
    assert len(reviews["edges"]) == first and reviews["totalCount"] == 8, body
    assert all(e["node"]["author"]["username"] for e in reviews["edges"])
    # then the app, the page, its count and the authors: four statements, whatever the size
    assert sql_statements.count == 4, sql_statements.statements
    # and the owner's metrics over 90 days cost one statement on top of the app's
    sql_statements.statements.clear()
    body = await support.post(client, METRICS, {"slug": found.slug}, developer.headers)
    assert len(body["data"]["app"]["metrics"]["runsPerDay"]) == 90, body
    assert sql_statements.count == 2, sql_statements.statements

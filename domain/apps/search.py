"""Finding apps: the marketplace's listings and the registry's entries, by words and filters.

Words are matched with PostgreSQL full text: `quantum_apps.search_vector` (a stored, generated
tsvector with a GIN index) weights the name (A) over the summary (B) over the description
(C), and the query is read by `websearch_to_tsquery` ("quoted phrases", `or`, `-not`).

Typos: when the words find nothing, each word of the query that no app uses is replaced by
the closest word of an app's name or summary (`app_words`, kept by a trigger) by trigram
similarity (at least 0.3, pg_trgm's default), computed by our own SQL function
(`qraph_similarity`, migration 0006) because the embedded PostgreSQL has no pg_trgm; an unknown
word with nothing close is left out, and the search runs again with the corrected words.

Ratings: `quantum_apps.rating` is null until the reviews part maintains it; `minRating`
filters on it (an unrated app never passes a minRating) and RATING orders unrated apps last.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Float, and_, cast, exists, func, literal, select, text
from sqlalchemy.dialects.postgresql import distinct_on

from domain.apps.models import (
    AppCategory,
    AppVersion,
    AppVisibility,
    ListingStatus,
    MarketplaceListing,
    QuantumApp,
    RegistryEntry,
    Tag,
    VersionStatus,
    app_tags,
)
from domain.db import AsyncSession
from domain.errors import InvalidInput
from domain.pagination import Page, PageRequest, SortKey, keyset_page

MAX_QUERY = 200
MIN_SIMILARITY = 0.3
_TERM = re.compile(r"[a-z0-9]{3,64}")


class SearchOrder(StrEnum):
    RELEVANCE = "RELEVANCE"
    RATING = "RATING"
    DOWNLOADS = "DOWNLOADS"
    NEWEST = "NEWEST"


@dataclass(frozen=True, slots=True)
class SearchFilter:
    category: AppCategory | None = None
    tags: tuple[str, ...] = ()
    free: bool | None = None
    max_price: tuple[Decimal, str] | None = None  # (amount, currency)
    min_rating: Decimal | None = None
    nothing: bool = False  # the caller may read no app (an API key without `apps:read`)


@dataclass(slots=True)
class Found:
    """A page of (listing or entry, app) pairs, and the words actually searched for."""

    page: Page[tuple[Any, QuantumApp]]
    query: str | None
    corrected: bool = False
    filters: list[Any] = field(default_factory=list)


def check_query(query: str | None) -> str | None:
    if query is None or not query.strip():
        return None
    if len(query) > MAX_QUERY:
        raise InvalidInput(f"A search has at most {MAX_QUERY} characters.", field="query")
    if "\x00" in query:
        raise InvalidInput("A search holds no NUL characters.", field="query")
    return query.strip()


def _tsquery(query: str) -> Any:
    return func.websearch_to_tsquery(text("'english'::regconfig"), query)


def _rank(query: str | None) -> Any:
    if query is None:
        return literal(0.0, Float)
    return cast(func.ts_rank_cd(QuantumApp.search_vector, _tsquery(query)), Float)


def sort_keys(order: SearchOrder, query: str | None, newest: Any, key: Any) -> list[SortKey]:
    """The keyset ordering; RELEVANCE without words is NEWEST."""
    tail = [SortKey(key, uuid.UUID, True)]
    if order is SearchOrder.RELEVANCE and query is not None:
        return [SortKey(_rank(query), float, True), SortKey(newest, datetime, True), *tail]
    if order is SearchOrder.RATING:
        rating = cast(func.coalesce(QuantumApp.rating, 0), Float)
        return [SortKey(rating, float, True), *tail]
    if order is SearchOrder.DOWNLOADS:
        return [SortKey(QuantumApp.downloads, int, True), *tail]
    return [SortKey(newest, datetime, True), *tail]


def _app_filters(given: SearchFilter, query: str | None) -> list[Any]:
    where: list[Any] = [
        QuantumApp.archived_at.is_(None),
        QuantumApp.visibility == AppVisibility.PUBLIC,
    ]
    if given.nothing:
        where.append(literal(False))
    if query is not None:
        where.append(QuantumApp.search_vector.op("@@")(_tsquery(query)))
    if given.category is not None:
        where.append(QuantumApp.category == given.category)
    for name in given.tags:
        where.append(
            exists()
            .where(app_tags.c.app_id == QuantumApp.id, app_tags.c.tag_id == Tag.id)
            .where(Tag.name == name)
        )
    if given.min_rating is not None:
        where.append(QuantumApp.rating >= given.min_rating)
    return where


def _listing_filters(given: SearchFilter) -> list[Any]:
    where: list[Any] = [MarketplaceListing.status == ListingStatus.LISTED]
    flat = func.coalesce(MarketplaceListing.flat_price, 0)
    per_run = func.coalesce(MarketplaceListing.per_run_price, 0)
    if given.free is not None:
        free = and_(flat == 0, per_run == 0)
        where.append(free if given.free else ~free)
    if given.max_price is not None:
        amount, currency = given.max_price
        where.append(
            and_(MarketplaceListing.currency == currency, flat <= amount, per_run <= amount)
        )
    return where


def _marketplace(query: str | None, given: SearchFilter) -> Any:
    return (
        select(MarketplaceListing, QuantumApp)
        .join(QuantumApp, QuantumApp.id == MarketplaceListing.app_id)
        .where(*_app_filters(given, query), *_listing_filters(given))
    )


def _registry(query: str | None, given: SearchFilter) -> Any:
    # Each app once: its registry entry of highest precedence that is not yanked.
    latest = (
        select(RegistryEntry.id)
        .join(AppVersion, AppVersion.id == RegistryEntry.version_id)
        .where(AppVersion.status != VersionStatus.YANKED)
        .ext(distinct_on(RegistryEntry.app_id))
        .order_by(RegistryEntry.app_id, AppVersion.precedence.desc())
    )
    stmt = (
        select(RegistryEntry, QuantumApp)
        .join(QuantumApp, QuantumApp.id == RegistryEntry.app_id)
        .where(RegistryEntry.id.in_(latest.scalar_subquery()), *_app_filters(given, query))
    )
    # Registry apps are free: `free: false` or a price cap in no currency finds nothing else.
    if given.free is False:
        stmt = stmt.where(literal(False))
    return stmt


SOURCES = {
    "marketplace": (_marketplace, MarketplaceListing.listed_at, MarketplaceListing.id),
    "registry": (_registry, RegistryEntry.published_at, RegistryEntry.id),
}


def keys_for(where: str, order: SearchOrder, query: str | None) -> list[SortKey]:
    _, newest, key = SOURCES[where]
    return sort_keys(order, query, newest, key)


async def search(
    session: AsyncSession,
    *,
    where: str,
    query: str | None,
    given: SearchFilter,
    order: SearchOrder,
    request: PageRequest,
    size: int,
) -> Found:
    """One page of listings or entries with their apps; typo-corrected when nothing matched."""
    build, _, _ = SOURCES[where]
    page = await keyset_page(
        session, build(query, given), keys_for(where, order, query), request, size=size,
        whole_rows=True,
    )  # fmt: skip
    if page.items or query is None:
        return Found(page, query)
    corrected = await correct(session, query)
    if corrected is None:
        return Found(page, query)
    page = await keyset_page(
        session, build(corrected, given), keys_for(where, order, corrected), request, size=size,
        whole_rows=True,
    )  # fmt: skip
    return Found(page, corrected, corrected=True)


async def count(
    session: AsyncSession, *, where: str, query: str | None, given: SearchFilter
) -> int:
    build, _, _ = SOURCES[where]
    stmt = build(query, given).with_only_columns(func.count(), maintain_column_froms=True)
    return int((await session.execute(stmt)).scalar_one())


_CORRECTIONS = text(
    """
    SELECT t.term, (
      SELECT w.word FROM app_words AS w
      WHERE length(w.word) BETWEEN length(t.term) - 2 AND length(t.term) + 2
        AND qraph_similarity(t.term, w.word) >= :minimum
      ORDER BY qraph_similarity(t.term, w.word) DESC, w.word LIMIT 1
    ) AS word
    FROM unnest(CAST(:terms AS text[])) AS t(term)
    WHERE NOT EXISTS (SELECT 1 FROM app_words AS k WHERE k.word = t.term)
    """
)


async def correct(session: AsyncSession, query: str) -> str | None:
    """The query with each word no app uses replaced by the closest one, and words with none
    close left out (the words as given found nothing); None when nothing is left to search."""
    words = query.lower().split()
    terms = sorted({w for w in words if _TERM.fullmatch(w)})
    if not terms:
        return None
    rows = (await session.execute(_CORRECTIONS, {"terms": terms, "minimum": MIN_SIMILARITY})).all()
    unknown = {term for term, _ in rows}
    fixes = {term: word for term, word in rows if word is not None}
    if not fixes:
        return None
    kept = [fixes.get(w, w) for w in words if w not in unknown or w in fixes]
    return " ".join(kept)

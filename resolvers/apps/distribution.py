"""Distribution: the registry (publish, download links), the marketplace (list, change,
delist) and their searches, with the relations of RegistryEntry and MarketplaceListing."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry

from domain.apps import access, download_links, marketplace, registry, search
from domain.apps.models import MarketplaceListing as ListingRow
from domain.apps.models import RegistryEntry as EntryRow
from domain.errors import DomainError, InvalidInput, NotFound
from domain.pagination import Page
from qraph.context import Context
from resolvers.apps.changes import AppId, VersionId, in_transaction, parse_id
from resolvers.apps.loaders import app_loaders
from resolvers.apps.reads import After, First, prefetch_apps, version_columns
from resolvers.loaders import now_or_later
from resolvers.lookahead import selected, selected_once
from resolvers.pages import page_size
from schema.apps.distribution_inputs import (
    AppSearchFilter,
    MarketplaceListingInput,
    SearchOrder,
    UpdateMarketplaceListingInput,
)
from schema.errors import to_error
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.apps.distribution import MarketplaceListing, RegistryEntry
    from schema.apps.distribution_operations import (
        DownloadAppVersionResult,
        MarketplaceListingResult,
        PublishToRegistryResult,
    )
    from schema.apps.types import AppVersion, QuantumApp
    from schema.relay import Connection

Info = strawberry.Info[Context, None]
ListingId = Annotated[
    strawberry.ID, strawberry.argument(description="The MarketplaceListing's global ID.")
]
Query = Annotated[
    str | None,
    strawberry.argument(
        description='Words, "quoted phrases", `or`, `-excluded` (websearch syntax); typos are '
        "corrected when nothing matches."
    ),
]


def _uuids(keys: Iterable[Any]) -> list[uuid.UUID]:
    found = []
    for key in keys:
        try:
            found.append(uuid.UUID(str(key)))
        except ValueError:
            found.append(uuid.UUID(int=0))
    return found


async def visible_entries(info: Info, node_ids: Iterable[Any]) -> list[EntryRow | None]:
    loaders = app_loaders(info.context)
    rows = await loaders.entry_by_id.load_many(_uuids(node_ids))
    apps = await loaders.app_by_id.load_many([r.app_id if r else uuid.UUID(int=0) for r in rows])
    principal = info.context.principal
    return [
        row if row is not None and app is not None and access.may_read_app(principal, app) else None
        for row, app in zip(rows, apps, strict=True)
    ]


async def visible_listings(info: Info, node_ids: Iterable[Any]) -> list[ListingRow | None]:
    loaders = app_loaders(info.context)
    rows = await loaders.listing_by_id.load_many(_uuids(node_ids))
    apps = await loaders.app_by_id.load_many([r.app_id if r else uuid.UUID(int=0) for r in rows])
    principal = info.context.principal
    return [
        row
        if row is not None and app is not None and marketplace.may_read(principal, row, app)
        else None
        for row, app in zip(rows, apps, strict=True)
    ]


def _app_of(info: Info, app_id: uuid.UUID) -> QuantumApp | None:
    from schema.apps.types import QuantumApp

    found = app_loaders(info.context).app_by_id.load(app_id)
    principal = info.context.principal
    app = now_or_later(
        found,
        lambda r: QuantumApp.from_model(r) if r and access.may_read_app(principal, r) else None,
    )
    return cast("QuantumApp | None", app)


def entry_app(root: strawberry.Parent[RegistryEntry], info: Info) -> QuantumApp | None:
    return _app_of(info, root.row.app_id)


def listing_app(root: strawberry.Parent[MarketplaceListing], info: Info) -> QuantumApp | None:
    return _app_of(info, root.row.app_id)


async def entry_version(root: strawberry.Parent[RegistryEntry], info: Info) -> AppVersion | None:
    from schema.apps.types import AppVersion

    columns = version_columns(selected_once(info))
    loader = app_loaders(info.context).version_by_id_with(columns)
    row = await loader.load(root.row.version_id)
    return AppVersion.from_model(row) if row is not None else None


async def app_listing(root: strawberry.Parent[QuantumApp], info: Info) -> MarketplaceListing | None:
    from schema.apps.distribution import MarketplaceListing

    row = await app_loaders(info.context).listing_by_app.load(root.row.id)
    if row is None or not marketplace.may_read(info.context.principal, row, root.row):
        return None
    return MarketplaceListing.from_model(row)


async def version_registry_entry(
    root: strawberry.Parent[AppVersion], info: Info
) -> RegistryEntry | None:
    from schema.apps.distribution import RegistryEntry

    row = await app_loaders(info.context).entry_by_version.load(root.row.id)
    return RegistryEntry.from_model(row) if row is not None else None


async def publish_to_registry(info: Info, version_id: VersionId) -> PublishToRegistryResult:
    from schema.apps.distribution import RegistryEntry
    from schema.apps.distribution_operations import PublishToRegistrySuccess

    principal = info.context.principal
    try:
        parsed = parse_id(version_id, "AppVersion")
        row = await in_transaction(
            info, lambda s: registry.publish(s, principal=principal, version_id=parsed)
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return PublishToRegistrySuccess(entry=RegistryEntry.from_model(row))


async def download_app_version(info: Info, version_id: VersionId) -> DownloadAppVersionResult:
    from schema.apps.distribution import RegistryEntry
    from schema.apps.distribution_operations import DownloadLink

    context = info.context
    try:
        parsed = parse_id(version_id, "AppVersion")
        [version] = await app_loaders(context).version_by_id_with(frozenset()).load_many([parsed])
        app = await app_loaders(context).app_by_id.load(version.app_id) if version else None
        if version is None or app is None:
            raise NotFound("No such version.")
        if not access.may_read_version(context.principal, app, version):
            raise NotFound("No such version.")
        entry = await app_loaders(context).entry_by_version.load(version.id)
        if entry is None:
            raise NotFound(f"Version {version.version} of {app.slug} is not in the registry.")
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    link = download_links.sign(download_links.signing_key(context.services.jwt_secret), entry.id)
    base = str(context.request.base_url).rstrip("/")
    if base.startswith("ws"):  # asked over a WebSocket: the link is still plain HTTP(S)
        base = "http" + base[2:]
    return DownloadLink(
        url=f"{base}{link.path}",
        expires_at=datetime.fromtimestamp(link.expires_at, UTC),
        sha256=entry.package_sha256,
        size=entry.package_size,
        entry=RegistryEntry.from_model(entry),
    )


async def publish_to_marketplace(
    info: Info,
    app_id: AppId,
    input: Annotated[MarketplaceListingInput, strawberry.argument(description="The terms.")],
) -> MarketplaceListingResult:
    principal = info.context.principal
    try:
        parsed = parse_id(app_id, "QuantumApp")
        terms = input.to_domain()
        row = await in_transaction(
            info,
            lambda s: marketplace.publish(
                s, principal=principal, app_id=parsed, terms=terms, draft=input.draft
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return _listing_changed(row)


async def update_marketplace_listing(
    info: Info,
    id: ListingId,
    input: Annotated[UpdateMarketplaceListingInput, strawberry.argument(description="Changes.")],
) -> MarketplaceListingResult:
    principal = info.context.principal
    try:
        parsed = parse_id(id, "MarketplaceListing")
        terms = input.to_domain()
        row = await in_transaction(
            info,
            lambda s: marketplace.update(
                s, principal=principal, listing_id=parsed, terms=terms, listed=input.listed
            ),
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return _listing_changed(row)


async def delist_marketplace_listing(info: Info, id: ListingId) -> MarketplaceListingResult:
    principal = info.context.principal
    try:
        parsed = parse_id(id, "MarketplaceListing")
        row = await in_transaction(
            info, lambda s: marketplace.delist(s, principal=principal, listing_id=parsed)
        )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return _listing_changed(row)


def _listing_changed(row: ListingRow) -> MarketplaceListingResult:
    from schema.apps.distribution import MarketplaceListing
    from schema.apps.distribution_operations import MarketplaceListingChanged

    return MarketplaceListingChanged(listing=MarketplaceListing.from_model(row))


def _filter(given: AppSearchFilter | None) -> search.SearchFilter:
    if given is None:
        return search.SearchFilter()
    tags = tuple(given.tags or ())
    if len(tags) > 10 or any(len(t) > 32 for t in tags):
        raise InvalidInput("Filter by at most 10 tags of at most 32 characters.", field="tags")
    max_price = None
    if given.max_price is not None:
        amount = marketplace.check_price(given.max_price.to_domain(), field="maxPrice")
        max_price = (amount, given.max_price.currency)
    rating = given.min_rating
    if rating is not None and not (rating.is_finite() and Decimal(0) <= rating <= Decimal(5)):
        raise InvalidInput("`minRating` is between 0 and 5.", field="minRating")
    return search.SearchFilter(
        category=given.category,
        tags=tags,
        free=given.free,
        max_price=max_price,
        min_rating=rating,
    )


async def _search(
    info: Info,
    where: str,
    query: str | None,
    given: AppSearchFilter | None,
    order_by: search.SearchOrder,
    first: int | None,
    after: str | None,
) -> tuple[search.Found, Any, str]:
    words = search.check_query(query)
    domain_filter = _filter(given)
    if not access.may_read(info.context.principal):  # an API key without `apps:read`
        domain_filter = search.SearchFilter(nothing=True)
    order = search.SearchOrder(order_by)
    ordering = f"{where}:{order.value}:{int(words is not None)}"
    keys = search.keys_for(where, order, words)
    request = page_request(
        ordering=ordering, keys=keys, first=first, after=after, last=None, before=None
    )
    size = page_size(info.context, request)
    async with info.context.session() as session:
        found = await search.search(
            session,
            where=where,
            query=words,
            given=domain_filter,
            order=order,
            request=request,
            size=size,
        )
    loaders = app_loaders(info.context)
    apps = [app for _, app in found.page.items]
    for app in apps:
        loaders.app_by_id.prime(app.id, app)
    fields = selected(info, "edges", "node", "app")
    await prefetch_apps(info, apps, fields)

    async def count() -> int:
        async with info.context.session() as session:
            return await search.count(session, where=where, query=found.query, given=domain_filter)

    return found, count, ordering


async def search_marketplace(
    info: Info,
    query: Query = None,
    filter: AppSearchFilter | None = None,
    order_by: SearchOrder = search.SearchOrder.RELEVANCE,  # type: ignore[valid-type]
    first: First = None,
    after: After = None,
) -> Connection[MarketplaceListing]:
    from schema.apps.distribution import MarketplaceListing

    found, count, ordering = await _search(
        info, "marketplace", query, filter, order_by, first, after
    )
    page = cast("Page[Any]", found.page)
    page.items = [listing for listing, _ in page.items]
    return to_connection(page, ordering=ordering, node=MarketplaceListing.from_model, count=count)


async def search_registry(
    info: Info,
    query: Query = None,
    filter: AppSearchFilter | None = None,
    order_by: SearchOrder = search.SearchOrder.RELEVANCE,  # type: ignore[valid-type]
    first: First = None,
    after: After = None,
) -> Connection[RegistryEntry]:
    from schema.apps.distribution import RegistryEntry

    found, count, ordering = await _search(info, "registry", query, filter, order_by, first, after)
    page = cast("Page[Any]", found.page)
    page.items = [entry for entry, _ in page.items]
    return to_connection(page, ordering=ordering, node=RegistryEntry.from_model, count=count)

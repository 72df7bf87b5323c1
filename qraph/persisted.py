"""Persisted operations over HTTP: automatic persisted queries and trusted documents' ids.

Automatic persisted queries follow Apollo's protocol. A client sends only
`extensions.persistedQuery = {version: 1, sha256Hash}`; when the hash is unknown the answer is
the error `PersistedQueryNotFound` (code PERSISTED_QUERY_NOT_FOUND), and the client sends it
again with the query, which is checked against the hash and kept in Redis. Queries may then go
by GET, and their answers carry cache headers, so an HTTP cache can serve them. Redis is only a
cache here: when it is out of reach a lookup is a miss, and the client just registers again.

With trusted documents configured (schema/trusted_documents.py) the manifest answers instead of
Redis, nothing is registered, and `documentId` (the GraphQL-over-HTTP persisted documents
proposal: `"sha256:<hash>"` or the bare hash) names a document as well.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from cross_web import AsyncHTTPRequestAdapter
from graphql import GraphQLError
from redis.asyncio import Redis
from redis.exceptions import RedisError
from strawberry.http import GraphQLRequestData

from qraph.refusals import RequestRefused
from qraph.settings import Settings
from schema.trusted_documents import (
    NOT_IN_LIST,
    SHA256,
    document_hash,
    load_manifest,
    not_in_list,
)

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
KEY_PREFIX = "qraph:apq:"
DOCUMENT_ID = "documentId"  # moved from the request into `extensions` (with_document_id)

log = logging.getLogger("qraph.persisted")


class PersistedDocumentError(Exception):
    """A persisted operation that cannot run: answered as a GraphQL error, not a refusal."""

    def __init__(self, error: GraphQLError) -> None:
        super().__init__(error.message)
        self.error = error


async def with_document_id(
    data: GraphQLRequestData | list[GraphQLRequestData],
    request: AsyncHTTPRequestAdapter,
    decode_json: Callable[[bytes], object],
) -> GraphQLRequestData | list[GraphQLRequestData]:
    """The request with its top-level `documentId` (which Strawberry drops) in `extensions`."""
    if isinstance(data, list):
        return data
    if request.method == "GET":
        document_id: object = request.query_params.get(DOCUMENT_ID)
    else:
        body = await request.get_body()  # read already: Starlette keeps it
        raw = body.encode() if isinstance(body, str) else body
        found = decode_json(raw) if b'"documentId"' in raw else None
        document_id = found.get(DOCUMENT_ID) if isinstance(found, dict) else None
    if document_id is None:
        return data
    return replace(data, extensions={**(data.extensions or {}), DOCUMENT_ID: document_id})


@dataclass(frozen=True)
class Resolved:
    """A request with its document filled in, and whether it was named by hash."""

    request: GraphQLRequestData
    persisted: bool


class PersistedDocuments:
    def __init__(self, settings: Settings, redis: Redis) -> None:
        self.redis = redis
        self.enabled = settings.persisted_queries
        self.max_bytes = settings.persisted_query_max_bytes
        self.ttl_s = settings.persisted_query_ttl_s
        self.max_age_s = settings.persisted_query_max_age_s
        self.manifest: Mapping[str, str] | None = (
            load_manifest(settings.trusted_documents) if settings.trusted_documents else None
        )

    async def resolve(self, request: GraphQLRequestData) -> Resolved:
        """The request with the document its hash names; PersistedDocumentError or
        RequestRefused when that cannot be."""
        extensions = request.extensions or {}
        if DOCUMENT_ID in extensions:
            digest = _digest(extensions[DOCUMENT_ID], DOCUMENT_ID)
            return await self._by_hash(request, digest, extensions)
        if "persistedQuery" not in extensions:
            return Resolved(request, persisted=False)
        persisted = extensions["persistedQuery"]
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise RequestRefused(
                400, "Unsupported persisted query version: send version 1.", "BAD_REQUEST"
            )
        digest = _digest(persisted.get("sha256Hash"), "persistedQuery.sha256Hash")
        return await self._by_hash(request, digest, extensions)

    async def _by_hash(
        self, request: GraphQLRequestData, digest: str, extensions: Mapping[str, Any]
    ) -> Resolved:
        if request.query is not None:
            if document_hash(request.query) != digest:
                raise RequestRefused(
                    400, "provided sha does not match query", "PERSISTED_QUERY_HASH_MISMATCH"
                )
            if self.manifest is None and DOCUMENT_ID not in extensions:
                await self._register(digest, request.query)
            return Resolved(request, persisted=True)
        document = await self._lookup(digest)
        if document is None:
            raise PersistedDocumentError(self._missing())
        return Resolved(replace(request, query=document), persisted=True)

    def _missing(self) -> GraphQLError:
        if self.manifest is not None:
            return not_in_list()
        if not self.enabled:
            return GraphQLError(
                "PersistedQueryNotSupported", extensions={"code": "PERSISTED_QUERY_NOT_SUPPORTED"}
            )
        return GraphQLError("PersistedQueryNotFound", extensions={"code": NOT_FOUND})

    async def _lookup(self, digest: str) -> str | None:
        if self.manifest is not None:
            return self.manifest.get(digest)
        if not self.enabled:
            return None
        try:
            raw = await self.redis.get(KEY_PREFIX + digest)
        except (RedisError, OSError):
            log.warning("persisted queries unavailable; answering as a miss", exc_info=True)
            return None
        if raw is None:
            return None
        document = raw.decode() if isinstance(raw, bytes) else str(raw)
        return document if document_hash(document) == digest else None

    async def _register(self, digest: str, document: str) -> None:
        if not self.enabled or len(document.encode()) > self.max_bytes:
            return  # it runs, but is not kept: the client sends the text next time too
        try:
            await self.redis.set(KEY_PREFIX + digest, document, ex=self.ttl_s)
        except (RedisError, OSError):
            log.warning("could not keep a persisted query", exc_info=True)

    def cache_headers(self, *, anonymous: bool, succeeded: bool) -> dict[str, str]:
        """For a GET of a persisted query: how long caches may keep its answer (errors: not).

        An anonymous caller's answer is the same for everyone (public); anyone else's is theirs
        (private: a browser may keep it, a shared cache may not).
        """
        if self.max_age_s <= 0 or not succeeded:
            return {"Cache-Control": "no-store"}
        scope = "public" if anonymous else "private"
        return {
            "Cache-Control": f"{scope}, max-age={self.max_age_s}",
            "Vary": "Accept, Authorization, X-API-Key",
        }


def _digest(value: object, name: str) -> str:
    digest = value.removeprefix("sha256:").lower() if isinstance(value, str) else ""
    if not SHA256.fullmatch(digest):
        raise RequestRefused(400, f"`{name}` must be a SHA-256 in hex.", "BAD_REQUEST")
    return digest


__all__ = ["NOT_FOUND", "NOT_IN_LIST", "PersistedDocumentError", "PersistedDocuments"]

"""Persisted operations over HTTP: automatic persisted queries (Apollo's protocol) in Redis, GET
with cache headers, and trusted documents from a manifest, against the real app."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.identity.principal import Role
from qraph.persisted import KEY_PREFIX
from qraph.settings import Settings
from schema.trusted_documents import ManifestError, load_manifest
from tests.identity import make_user
from tests.integration.test_http_protocol import running

QUERY = "query Stats { backendStats { total } }"
OTHER = "query Other { backendStats { total } }"
MUTATION = "mutation Sync { syncBackends { __typename } }"
JSON_TYPE = "application/json"


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(document: str, digest: str | None = None) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest or sha(document)}}


async def post(client: httpx.AsyncClient, body: dict[str, Any], **headers: str) -> httpx.Response:
    return await client.post("/graphql", json=body, headers={"accept": JSON_TYPE, **headers})


async def get(client: httpx.AsyncClient, document: str, **headers: str) -> httpx.Response:
    params = {"extensions": json.dumps(persisted(document))}
    return await client.get("/graphql", params=params, headers={"accept": JSON_TYPE, **headers})


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_an_unknown_hash_asks_the_client_to_register_it(client):
    # given a hash the server has never seen, sent alone by POST and by GET
    for response in (
        await post(client, {"extensions": persisted(QUERY)}),
        await get(client, QUERY),
    ):
        # then the answer is Apollo's PersistedQueryNotFound, as a GraphQL error
        assert response.status_code == 200
        assert response.json() == {
            "errors": [
                {
                    "message": "PersistedQueryNotFound",
                    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
                }
            ]
        }
    # and a cache may not keep that answer
    assert response.headers["cache-control"] == "no-store"


async def test_a_registered_query_runs_by_hash_over_get_with_cache_headers(client, app):
    # given a query registered with its hash
    registered = await post(client, {"query": QUERY, "extensions": persisted(QUERY)})
    total = registered.json()["data"]["backendStats"]["total"]
    assert total > 0
    # when an anonymous client GETs it by hash alone
    response = await get(client, QUERY)
    # then it runs, and shared caches may keep the answer briefly
    assert response.json()["data"]["backendStats"]["total"] == total
    assert response.headers["cache-control"] == "public, max-age=10"
    assert response.headers["vary"] == "Accept, Authorization, X-API-Key"
    # and a signed-in caller's answer is theirs: private
    user = await make_user(app, Role.CONSUMER)
    mine = await get(client, QUERY, **user.headers)
    assert mine.json()["data"]["backendStats"]["total"] == total
    assert mine.headers["cache-control"] == "private, max-age=10"


async def test_the_store_is_only_a_cache_losing_it_asks_for_registration_again(client, app):
    # given a registered query, when Redis loses its data
    await post(client, {"query": QUERY, "extensions": persisted(QUERY)})
    await app.state.services.redis.flushdb()
    # then the hash is unknown again, and registering again works
    assert code(await get(client, QUERY)) == "PERSISTED_QUERY_NOT_FOUND"
    await post(client, {"query": QUERY, "extensions": persisted(QUERY)})
    assert (await get(client, QUERY)).json()["data"]["backendStats"]["total"] > 0


async def test_with_redis_out_of_reach_a_hash_is_a_miss_and_the_text_still_runs(
    settings: Settings,
):
    # given an API whose Redis cannot be reached
    async with running(settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})) as c:
        # then a hash alone is a miss, not an error of ours
        assert code(await post(c, {"extensions": persisted(QUERY)})) == "PERSISTED_QUERY_NOT_FOUND"
        # and the query sent with its hash runs
        response = await post(c, {"query": QUERY, "extensions": persisted(QUERY)})
        assert response.json()["data"]["backendStats"]["total"] > 0


async def test_a_hash_that_does_not_match_its_query_is_refused_and_not_kept(client, app):
    # given a query sent under another query's hash
    response = await post(client, {"query": OTHER, "extensions": persisted(QUERY)})
    # then it is refused, runs nothing, and the hash stays unknown
    assert (response.status_code, code(response)) == (400, "PERSISTED_QUERY_HASH_MISMATCH")
    assert "data" not in response.json()
    assert await app.state.services.redis.get(KEY_PREFIX + sha(QUERY)) is None


@pytest.mark.parametrize(
    "extensions",
    [
        {"persistedQuery": {"version": 2, "sha256Hash": sha(QUERY)}},
        {"persistedQuery": {"sha256Hash": sha(QUERY)}},
        {"persistedQuery": "yes"},
        {"persistedQuery": {"version": 1, "sha256Hash": "abc"}},
        {"persistedQuery": {"version": 1, "sha256Hash": 7}},
        {"persistedQuery": {"version": 1, "sha256Hash": "\x00" * 64}},
        {"persistedQuery": {"version": 1, "sha256Hash": "f" * 100_000}},
        {"documentId": 12},
        {"documentId": "md5:" + "0" * 32},
    ],
)
async def test_malformed_persisted_extensions_are_refused_with_400(client, extensions):
    response = await post(client, {"extensions": extensions})
    assert (response.status_code, code(response)) == (400, "BAD_REQUEST")


async def test_a_persisted_mutation_is_never_run_by_get(client):
    # given a registered mutation (an anonymous caller: it would be refused anyway if it ran)
    await post(client, {"query": MUTATION, "extensions": persisted(MUTATION)})
    # when it is requested by GET, by hash
    response = await get(client, MUTATION)
    # then GET is refused for it
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_a_document_over_the_size_bound_runs_but_is_not_kept(settings: Settings):
    big = "query Big { backendStats { total } " + " " * 200 + "}"
    async with running(settings.model_copy(update={"persisted_query_max_bytes": 100})) as c:
        response = await post(c, {"query": big, "extensions": persisted(big)})
        assert response.json()["data"]["backendStats"]["total"] > 0
        assert code(await post(c, {"extensions": persisted(big)})) == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_document_id_names_a_registered_query(client):
    await post(client, {"query": QUERY, "extensions": persisted(QUERY)})
    for document_id in (f"sha256:{sha(QUERY)}", sha(QUERY)):
        response = await post(client, {"documentId": document_id})
        assert response.json()["data"]["backendStats"]["total"] > 0
    response = await client.get(
        "/graphql", params={"documentId": f"sha256:{sha(QUERY)}"}, headers={"accept": JSON_TYPE}
    )
    assert response.json()["data"]["backendStats"]["total"] > 0


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    """A manifest as codegen's client preset writes it: one query, one subscription."""
    subscription = "subscription Follow { backendStatusChanged { name } }"
    path = tmp_path / "persisted-documents.json"
    path.write_text(json.dumps({sha(QUERY): QUERY, sha(subscription): subscription}))
    return path


async def test_trusted_documents_run_only_what_the_manifest_holds(
    settings: Settings, manifest: Path
):
    async with running(settings.model_copy(update={"trusted_documents": manifest})) as c:
        # given a server that runs only its manifest's documents, then each way of naming one
        # runs it: documentId, Apollo's hash, or the document's exact text
        for body in (
            {"documentId": f"sha256:{sha(QUERY)}"},
            {"extensions": persisted(QUERY)},
            {"query": QUERY},
            {"query": QUERY, "extensions": persisted(QUERY)},
        ):
            response = await post(c, body)
            assert response.json()["data"]["backendStats"]["total"] > 0, body
        # and anything else is refused with a typed error, running nothing
        for body in (
            {"query": OTHER},
            {"query": OTHER, "extensions": persisted(OTHER)},
            {"documentId": f"sha256:{sha(OTHER)}"},
            {"extensions": persisted(OTHER)},
            {"query": "{ __schema { types { name } } }"},
        ):
            response = await post(c, body)
            assert code(response) == "PERSISTED_QUERY_NOT_IN_LIST", body
            assert "data" not in response.json()


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        json.dumps({"abc": QUERY}),
        json.dumps({sha(QUERY): 7}),
        json.dumps({sha(OTHER): QUERY}),  # a document under another's hash
    ],
)
def test_a_manifest_that_cannot_be_trusted_stops_the_server_from_starting(tmp_path, content):
    path = tmp_path / "manifest.json"
    path.write_text(content)
    with pytest.raises(ManifestError):
        load_manifest(path)

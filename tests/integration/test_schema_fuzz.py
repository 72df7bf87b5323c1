"""A fuzzer over the whole schema: no generated query or mutation may cause an internal error.

hypothesis-graphql builds documents from the committed SDL (`schema.graphql`): valid ones, with
arbitrary argument values (NUL bytes and any Unicode included), and invalid ones with one
schema violation. The cases are drawn once, with a fixed seed (`derandomize`) and a bounded
count, then sent through the real ASGI app by an admin, a consumer and an anonymous caller.
Any 5xx, or any error with code INTERNAL_SERVER_ERROR, fails the test with the document that
caused it. Refusals (4xx, typed errors) are what hostile input should get. Each root field gets
its own documents, so every query and mutation is reached, not only the first few.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis_graphql import Mode, mutations, nodes, queries

from domain.identity.principal import Role
from tests.identity import make_user

SDL = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text()
ROOTS = graphql.build_schema(SDL)
QUERY_FIELDS = sorted(ROOTS.query_type.fields) if ROOTS.query_type else []
# Signing out ends the caller's own session, so those go last; syncBackends re-reads the whole
# catalog inline (~20 s a call) and has its own tests (test_catalog_sync.py).
LAST = ["logout", "logoutAll"]
_MUTATIONS = set(ROOTS.mutation_type.fields if ROOTS.mutation_type else ())
MUTATION_FIELDS = [*sorted(_MUTATIONS - {*LAST, "syncBackends"}), *LAST]
VALID, INVALID = 3, 1  # documents per root field; about 160 requests per caller
# Strawberry's own scalars, as ISO strings and decimals (anything else is a validation error).
SCALARS = {
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat() + "+00:00")),
    "Decimal": st.decimals(allow_nan=False, allow_infinity=False, places=4).map(
        lambda d: nodes.String(str(d))
    ),
    # runApp's inputs: any GraphQL literal is a JSON value.
    "JSON": st.one_of(
        st.integers(-(2**31), 2**31 - 1).map(nodes.Int),
        st.text(max_size=20).map(nodes.String),
        st.booleans().map(nodes.Boolean),
    ),
}


@functools.cache
def drawn(field: str, mutation: bool, mode: Mode, count: int) -> tuple[str, ...]:
    """`count` documents selecting root `field`, the same ones on every run."""
    build = mutations if mutation else queries
    strategy = build(SDL, fields=[field], custom_scalars=SCALARS, mode=mode)
    documents: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: str) -> None:
        documents.append(document)

    try:
        collect()
    except InvalidArgument:  # NEGATIVE mode, for a field with no argument to get wrong
        assert mode is Mode.NEGATIVE
    return tuple(documents)


def corpus() -> list[str]:
    """Every query root field, then every mutation: valid documents and invalid ones."""
    return [
        document
        for mutation, fields in ((False, QUERY_FIELDS), (True, MUTATION_FIELDS))
        for field in fields
        for mode, count in ((Mode.POSITIVE, VALID), (Mode.NEGATIVE, INVALID))
        for document in drawn(field, mutation, mode, count)
    ]


def internal_failures(response: httpx.Response) -> list[Any]:
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}: {response.text[:500]}"]
    errors = response.json().get("errors") or []
    return [e for e in errors if (e.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR"]


@pytest.mark.parametrize("caller", ["admin", "consumer", "anonymous"])
async def test_generated_operations_never_cause_an_internal_error(
    app: Any, client: httpx.AsyncClient, caller: str
) -> None:
    # given a caller of this kind
    headers: dict[str, str] = {}
    if caller != "anonymous":
        roles = (Role.ADMIN, Role.DEVELOPER) if caller == "admin" else (Role.CONSUMER,)
        headers = (await make_user(app, *roles)).headers
    failures, executed = [], 0
    # when each generated document is posted
    for document in corpus():
        response = await client.post("/graphql", json={"query": document}, headers=headers)
        if found := internal_failures(response):
            failures.append((document, found))
        executed += response.status_code == 200 and "data" in response.json()
    # then none caused an internal error or a 5xx
    assert failures == []
    # and the corpus reached the resolvers, rather than being refused wholesale
    assert executed >= 40

"""Helpers shared by the GraphQL tests."""

from __future__ import annotations

from typing import Any

# What today's clients send (Apollo Client's default): the tests' HTTP clients send it too, so
# request errors come back as graphql-response+json with 4xx. `*/*` and no Accept at all get
# application/json with 200 (tests/integration/test_http_protocol.py).
MODERN_ACCEPT = {"accept": "application/graphql-response+json, application/json;q=0.9"}


async def graphql(client: Any, query: str, variables: dict[str, Any] | None = None) -> Any:
    """POST a GraphQL request as JSON and return the decoded body, whatever the status."""
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    return response.json()

"""Helpers shared by the GraphQL tests."""

from __future__ import annotations

from typing import Any


async def graphql(client: Any, query: str, variables: dict[str, Any] | None = None) -> Any:
    """POST a GraphQL request as JSON and return the decoded body, whatever the status."""
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    return response.json()

"""Helpers for the account and session tests: GraphQL calls as a signed-in client, the outbox."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select

from domain.identity.models import OutboxMessage
from tests.identity import TEST_PASSWORD

TOKEN = re.compile(r"\bqt_[A-Za-z0-9_-]{20,}")

REGISTER = """
mutation Register($email: String!, $username: String!, $password: String!) {
  register(email: $email, username: $username, password: $password) {
    __typename
    ... on RegisterSuccess { user { id username email emailVerified roles } }
    ... on InvalidInputError { code message field }
  }
}
"""
VERIFY = """
mutation Verify($token: String!) {
  verifyEmail(token: $token) {
    __typename
    ... on VerifyEmailSuccess { user { username emailVerified } }
    ... on Error { code message }
  }
}
"""
LOGIN = """
mutation Login($login: String!, $password: String!) {
  login(login: $login, password: $password) {
    __typename
    ... on LoginSuccess {
      accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
      user { id username } session { id current }
    }
    ... on ThrottledError { code message retryAfter }
    ... on Error { code message }
  }
}
"""
REFRESH = """
mutation Refresh($token: String!) {
  refresh(refreshToken: $token) {
    __typename
    ... on RefreshSuccess { accessToken refreshToken user { roles } session { id } }
    ... on Error { code message }
  }
}
"""
ME = """
query Me {
  me {
    id username email emailVerified roles
    profile { organization bio avatarUrl links { label url } }
    sessions { id ip userAgent createdAt lastRefreshedAt current }
  }
}
"""


async def call(
    client: Any, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> Any:
    """POST a GraphQL request, as the holder of `token` when given; the response object."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


async def data(
    client: Any, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> dict[str, Any]:
    """The `data` of a request that must succeed at the GraphQL level."""
    response = await call(client, query, variables, token)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def new_name() -> str:
    return f"u_{uuid.uuid4().hex[:10]}"


async def register(
    client: Any, username: str, *, email: str | None = None, password: str = TEST_PASSWORD
) -> dict[str, Any]:
    variables = {
        "email": email or f"{username}@example.org",
        "username": username,
        "password": password,
    }
    return (await data(client, REGISTER, variables))["register"]


async def mailed_token(app: Any, recipient: str, kind: str) -> str:
    """The token in the newest outbox message of this kind to this address."""
    async with app.state.services.sessionmaker() as session:
        body = await session.scalar(
            select(OutboxMessage.body)
            .where(OutboxMessage.recipient == recipient, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.created_at.desc())
            .limit(1)
        )
    assert body is not None, f"no {kind} mail to {recipient}"
    match = TOKEN.search(body)
    assert match is not None, body
    return match.group(0)


async def login(client: Any, login_name: str, password: str = TEST_PASSWORD) -> dict[str, Any]:
    return (await data(client, LOGIN, {"login": login_name, "password": password}))["login"]


async def signed_up(client: Any, app: Any, username: str | None = None) -> dict[str, Any]:
    """Register, verify and sign in a new user: the `login` payload."""
    name = username or new_name()
    assert (await register(client, name))["__typename"] == "RegisterSuccess"
    token = await mailed_token(app, f"{name}@example.org", "verify_email")
    assert (await data(client, VERIFY, {"token": token}))["verifyEmail"]["__typename"] == (
        "VerifyEmailSuccess"
    )
    result = await login(client, name)
    assert result["__typename"] == "LoginSuccess", result
    return result

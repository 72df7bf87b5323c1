"""Signing in and out over HTTP: sessions, refresh rotation and reuse, throttling, `me`."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from domain.identity.credentials import API_KEY_PREFIX, decode_access_token, hash_secret
from domain.identity.models import ApiKey, AuthSession, LoginFailure, User
from domain.identity.principal import Role
from qraph.app import create_app
from tests.identity import TEST_PASSWORD, make_user
from tests.integration.accounts_support import (
    LOGIN,
    ME,
    REFRESH,
    call,
    data,
    login,
    new_name,
    register,
    signed_up,
)

LOGOUT = "mutation Logout { logout }"
LOGOUT_ALL = "mutation LogoutAll { logoutAll }"
NODE_SESSION = """
query Node($id: ID!) { node(id: $id) { __typename ... on Session { id ip current } } }
"""
NODE_USER = """
query Node($id: ID!) { node(id: $id) { __typename ... on User { id username email } } }
"""
REVOKE = """
mutation Revoke($id: ID!) {
  revokeSession(id: $id) {
    __typename
    ... on RevokeSessionSuccess { session { id revokedAt } }
    ... on Error { code }
  }
}
"""


async def _session_row(app: Any, global_id: str) -> AuthSession:
    from strawberry.relay import GlobalID

    session_id = uuid.UUID(GlobalID.from_id(global_id).node_id)
    async with app.state.services.sessionmaker() as session:
        row = await session.get(AuthSession, session_id)
    assert row is not None
    return row


async def test_register_verify_login_and_me(client, app):
    # given a user who registered, verified their address and signed in
    name = new_name()
    signed_in = await signed_up(client, app, name)
    # when they ask who they are with the access token
    me = (await data(client, ME, token=signed_in["accessToken"]))["me"]
    # then they see their own account, verified, with the session they are using
    assert (me["username"], me["email"], me["emailVerified"]) == (
        name,
        f"{name}@example.org",
        True,
    )
    assert me["roles"] == ["CONSUMER"]
    assert [s["current"] for s in me["sessions"]] == [True]
    assert me["sessions"][0]["id"] == signed_in["session"]["id"]
    assert me["sessions"][0]["ip"] == "127.0.0.1"
    assert signed_in["session"]["current"] is True


async def test_me_is_null_when_anonymous(client):
    assert (await data(client, ME))["me"] is None


async def test_login_works_with_the_username_or_email_in_any_case(client, app):
    name = new_name()
    await signed_up(client, app, name)
    for typed in (name.upper(), f"{name}@EXAMPLE.org"):
        assert (await login(client, typed))["__typename"] == "LoginSuccess"


async def test_unknown_account_and_wrong_password_read_the_same(client, app):
    user = await make_user(app)
    wrong = await login(client, user.username, "not the password 123")
    unknown = await login(client, "nobody_here", "not the password 123")
    assert wrong == unknown
    assert wrong["code"] == "INVALID_CREDENTIALS"


async def test_refresh_rotates_and_reuse_revokes_the_whole_session(client, app):
    # given a session that refreshed once
    signed_in = await signed_up(client, app)
    first = signed_in["refreshToken"]
    rotated = (await data(client, REFRESH, {"token": first}))["refresh"]
    assert rotated["__typename"] == "RefreshSuccess"
    assert rotated["refreshToken"] != first
    assert rotated["session"]["id"] == signed_in["session"]["id"]
    # when the spent token is presented again
    reused = (await data(client, REFRESH, {"token": first}))["refresh"]
    # then it is refused and the whole session is revoked, newest token and access tokens too
    assert reused["code"] == "INVALID_CREDENTIALS"
    row = await _session_row(app, signed_in["session"]["id"])
    assert row.revoked_at is not None and row.revoked_reason == "refresh_token_reuse"
    newest = (await data(client, REFRESH, {"token": rotated["refreshToken"]}))["refresh"]
    assert newest["__typename"] == "InvalidCredentialsError"
    for token in (signed_in["accessToken"], rotated["accessToken"]):
        assert (await call(client, ME, token=token)).status_code == 401


async def test_two_concurrent_refreshes_with_one_token_cannot_both_succeed(client, app):
    signed_in = await signed_up(client, app)
    variables = {"token": signed_in["refreshToken"]}
    results = await asyncio.gather(*(data(client, REFRESH, variables) for _ in range(2)))
    kinds = sorted(r["refresh"]["__typename"] for r in results)
    assert kinds == ["InvalidCredentialsError", "RefreshSuccess"]


async def test_refresh_reads_roles_again_and_refuses_disabled_accounts(client, app):
    signed_in = await signed_up(client, app)
    user_id = (await _session_row(app, signed_in["session"]["id"])).user_id
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(User).where(User.id == user_id).values(roles=["CONSUMER", "DEVELOPER"])
        )
    refreshed = (await data(client, REFRESH, {"token": signed_in["refreshToken"]}))["refresh"]
    claims = decode_access_token(refreshed["accessToken"], secret=app.state.services.jwt_secret)
    assert set(claims.roles) == {"CONSUMER", "DEVELOPER"}
    assert set(refreshed["user"]["roles"]) == {"CONSUMER", "DEVELOPER"}

    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(User).where(User.id == user_id).values(disabled_at=datetime.now(UTC))
        )
    refused = (await data(client, REFRESH, {"token": refreshed["refreshToken"]}))["refresh"]
    assert refused["__typename"] == "InvalidCredentialsError"


async def test_an_expired_session_cannot_refresh(client, app):
    signed_in = await signed_up(client, app)
    row = await _session_row(app, signed_in["session"]["id"])
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(AuthSession)
            .where(AuthSession.id == row.id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    refused = (await data(client, REFRESH, {"token": signed_in["refreshToken"]}))["refresh"]
    assert refused["__typename"] == "InvalidCredentialsError"
    assert "expired" in refused["message"]


async def test_disabled_accounts_cannot_sign_in(client, app):
    user = await make_user(app)
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(User).where(User.id == user.id).values(disabled_at=datetime.now(UTC))
        )
    assert (await login(client, user.username))["code"] == "INVALID_CREDENTIALS"


async def test_logout_stops_the_sessions_access_and_refresh_tokens(client, app):
    # given two sessions of one user
    name = new_name()
    kept = await signed_up(client, app, name)
    ended = await login(client, name)
    # when one signs out
    assert (await data(client, LOGOUT, token=ended["accessToken"]))["logout"] is True
    # then its tokens stop working at once, and the other session's still work
    assert (await call(client, ME, token=ended["accessToken"])).status_code == 401
    refused = (await data(client, REFRESH, {"token": ended["refreshToken"]}))["refresh"]
    assert refused["__typename"] == "InvalidCredentialsError"
    me = (await data(client, ME, token=kept["accessToken"]))["me"]
    assert [s["id"] for s in me["sessions"]] == [kept["session"]["id"]]


async def test_logout_all_ends_every_session(client, app):
    name = new_name()
    first = await signed_up(client, app, name)
    second = await login(client, name)
    assert (await data(client, LOGOUT_ALL, token=second["accessToken"]))["logoutAll"] == 2
    for signed_in in (first, second):
        assert (await call(client, ME, token=signed_in["accessToken"])).status_code == 401


async def test_logout_needs_a_session(client, app):
    # an API key has no session to end: with the `account` scope logout answers false, without
    # it the key is refused, and so are anonymous callers
    user = await make_user(app)
    secrets = {}
    async with app.state.services.sessionmaker() as session, session.begin():
        for scope in ("account", "jobs:read"):
            secrets[scope] = API_KEY_PREFIX + uuid.uuid4().hex
            session.add(
                ApiKey(
                    user_id=user.id,
                    name="ci",
                    secret_hash=hash_secret(secrets[scope]),
                    last4=secrets[scope][-4:],
                    scopes=[scope],
                )
            )
    keys = await data(client, "{ me { apiKeys { totalCount } } }", token=user.access_token)
    assert keys["me"]["apiKeys"]["totalCount"] == 2
    assert (await data(client, LOGOUT, token=secrets["account"]))["logout"] is False
    refused = (await call(client, LOGOUT, token=secrets["jobs:read"])).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = (await call(client, LOGOUT)).json()
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_sessions_and_users_by_node_id_are_only_for_their_owner_or_an_admin(client, app):
    # given two users and an admin
    owner = await signed_up(client, app)
    other = await signed_up(client, app)
    admin = await make_user(app, Role.ADMIN)
    session_id, user_id = owner["session"]["id"], owner["user"]["id"]
    # then the owner and the admin see the session and the user; the other user sees nulls
    seen = (await data(client, NODE_SESSION, {"id": session_id}, owner["accessToken"]))["node"]
    assert seen == {"__typename": "Session", "id": session_id, "ip": "127.0.0.1", "current": True}
    by_admin = (await data(client, NODE_SESSION, {"id": session_id}, admin.access_token))["node"]
    assert by_admin["current"] is False
    assert (await data(client, NODE_SESSION, {"id": session_id}, other["accessToken"]))[
        "node"
    ] is None
    assert (await data(client, NODE_SESSION, {"id": session_id}))["node"] is None
    assert (await data(client, NODE_USER, {"id": user_id}, other["accessToken"]))["node"] is None
    admin_view = (await data(client, NODE_USER, {"id": user_id}, admin.access_token))["node"]
    assert admin_view["email"].endswith("@example.org")


async def test_revoke_one_session_of_your_own_but_not_anothers(client, app):
    name = new_name()
    current = await signed_up(client, app, name)
    laptop = await login(client, name)
    stranger = await signed_up(client, app)
    variables = {"id": laptop["session"]["id"]}
    denied = (await data(client, REVOKE, variables, stranger["accessToken"]))["revokeSession"]
    assert denied["code"] == "NOT_FOUND"
    done = (await data(client, REVOKE, variables, current["accessToken"]))["revokeSession"]
    assert done["session"]["revokedAt"] is not None
    assert (await call(client, ME, token=laptop["accessToken"])).status_code == 401


async def test_failed_logins_throttle_the_account_even_for_the_right_password(client, app):
    # given a user whose password was guessed wrong as often as the account limit allows
    user = await make_user(app)
    limit = app.state.settings.login_failures_per_account
    for _ in range(limit):
        assert (await login(client, user.username, "wrong password 1"))["code"] == (
            "INVALID_CREDENTIALS"
        )
    # when they try again with the right password
    throttled = await login(client, user.username)
    # then they are told to wait, for at most one window
    assert throttled["__typename"] == "ThrottledError"
    assert 0 < throttled["retryAfter"] <= app.state.settings.login_failure_window_s
    # and once the window has passed (simulated by ageing the recorded failures rather than
    # sleeping through it) they get in
    window = timedelta(seconds=app.state.settings.login_failure_window_s)
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(LoginFailure).values(failed_at=LoginFailure.failed_at - window)
        )
    assert (await login(client, user.username))["__typename"] == "LoginSuccess"


async def test_a_successful_login_clears_the_account_counter(client, app):
    user = await make_user(app)
    limit = app.state.settings.login_failures_per_account
    for _ in range(limit - 1):
        await login(client, user.username, "wrong password 1")
    assert (await login(client, user.username))["__typename"] == "LoginSuccess"
    for _ in range(limit - 1):
        await login(client, user.username, "wrong password 1")
    assert (await login(client, user.username))["__typename"] == "LoginSuccess"


@pytest.fixture
async def strict_ip_client(settings) -> Any:
    """The app with a per-IP limit of 3 failures (below the per-account limit of 5)."""
    strict = settings.model_copy(update={"login_failures_per_ip": 3})
    application = create_app(strict)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield application, http


async def test_failures_across_accounts_throttle_the_address(strict_ip_client):
    app, client = strict_ip_client
    users = [await make_user(app) for _ in range(4)]
    for user in users[:3]:
        assert (await login(client, user.username, "wrong password 1"))["__typename"] == (
            "InvalidCredentialsError"
        )
    # a fourth account, never failed, with its right password: the address is throttled
    throttled = await login(client, users[3].username)
    assert throttled["__typename"] == "ThrottledError" and throttled["retryAfter"] > 0
    # unknown accounts count too, and get the same answer
    assert (await login(client, "nobody_at_all"))["__typename"] == "ThrottledError"


async def test_registering_opens_no_session_and_unverified_users_may_sign_in(client, app):
    name = new_name()
    await register(client, name)
    result = await call(client, LOGIN, {"login": name, "password": TEST_PASSWORD})
    assert result.json()["data"]["login"]["__typename"] == "LoginSuccess"
    async with app.state.services.sessionmaker() as session:
        sessions = (await session.scalars(select(AuthSession))).all()
    assert len(sessions) == 1  # only the login made one

"""Security state survives Redis losing its data: PostgreSQL is the record, Redis a cache.

Each test makes a change through the API, then empties Redis (FLUSHDB on the test's database:
what FLUSHALL does to the app, without touching other databases on the same server), and checks
that the change still holds.
"""

from __future__ import annotations

from typing import Any

from strawberry import relay

from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration.accounts_support import ME, call, data, login, new_name, signed_up

LOGOUT_ALL = "mutation LogoutAll { logoutAll }"
USERS = "query Users { users(first: 5) { edges { node { username email } } } }"
SET_ROLES = """
mutation SetRoles($id: ID!, $roles: [Role!]!) {
  setUserRoles(userId: $id, roles: $roles) { __typename ... on Error { code message } }
}
"""
SET_STATUS = """
mutation Down { setBackendStatus(name: "aer_simulator", status: MAINTENANCE, reason: "x") {
  __typename } }
"""


async def lose_redis(app: Any) -> None:
    await app.state.services.redis.flushdb()


async def test_tokens_signed_out_by_logout_all_stay_refused_after_redis_loses_its_data(client, app):
    # given a user signed in twice, whose tokens work
    name = new_name()
    phone = await signed_up(client, app, name)
    laptop = await login(client, name)
    assert (await call(client, ME, token=laptop["accessToken"])).status_code == 200

    # when they sign out everywhere, and Redis then loses everything it held
    assert (await data(client, LOGOUT_ALL, token=phone["accessToken"]))["logoutAll"] == 2
    await lose_redis(app)

    # then neither old access token works
    for grant in (phone, laptop):
        response = await call(client, ME, token=grant["accessToken"])
        assert response.status_code == 401, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # and the cache rebuilt from PostgreSQL refuses them too
    assert (await call(client, ME, token=phone["accessToken"])).status_code == 401


async def test_a_demoted_admins_old_token_stays_refused_after_redis_loses_its_data(client, app):
    # given two admins; the second can list users and take backends down
    boss = await make_user(app, Role.CONSUMER, Role.ADMIN)
    demoted = await make_user(app, Role.CONSUMER, Role.ADMIN)
    assert (await call(client, USERS, token=demoted.access_token)).status_code == 200

    # when the first takes the second's ADMIN role away, and Redis then loses everything
    variables = {"id": relay.to_base64("User", demoted.id), "roles": ["CONSUMER"]}
    changed = await data(client, SET_ROLES, variables, token=boss.access_token)
    assert changed["setUserRoles"]["__typename"] == "SetUserRolesSuccess"
    await lose_redis(app)

    # then the old token, which still says ADMIN, lists nobody and changes nothing
    for query in (USERS, SET_STATUS):
        response = await call(client, query, token=demoted.access_token)
        assert response.status_code == 401, response.text
    # and the backend is untouched
    backend = await data(client, '{ backend(name: "aer_simulator") { status } }')
    assert backend["backend"]["status"] == "ONLINE"
    # while the admin who made the change, and a fresh sign-in of the demoted one, still work
    assert (await call(client, USERS, token=boss.access_token)).status_code == 200
    fresh = await login(client, demoted.username)
    assert fresh["__typename"] == "LoginSuccess"
    refused = (await call(client, USERS, token=fresh["accessToken"])).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_throttled_account_stays_throttled_after_redis_loses_its_data(client, app):
    # given an account whose password was guessed wrong as often as the limit allows
    user = await make_user(app)
    for _ in range(app.state.settings.login_failures_per_account):
        wrong = await login(client, user.username, "wrong password 1")
        assert wrong["__typename"] == "InvalidCredentialsError"

    # when Redis loses everything
    await lose_redis(app)

    # then even the right password is refused until the window ends
    throttled = await login(client, user.username)
    assert throttled["__typename"] == "ThrottledError", throttled
    assert 0 < throttled["retryAfter"] <= app.state.settings.login_failure_window_s


async def test_a_revoked_session_is_refused_when_redis_comes_back_empty_mid_way(client, app):
    # given a signed-in user whose token is cached as valid
    grant = await signed_up(client, app)
    assert (await call(client, ME, token=grant["accessToken"])).status_code == 200
    # when Redis loses everything first, and then the user signs out everywhere
    await lose_redis(app)
    assert (await data(client, LOGOUT_ALL, token=grant["accessToken"]))["logoutAll"] == 1
    # then the token is refused, and a new sign-in works
    assert (await call(client, ME, token=grant["accessToken"])).status_code == 401
    again = await login(client, grant["user"]["username"])
    assert (await call(client, ME, token=again["accessToken"])).status_code == 200

"""Administration: finding users and changing roles, with tokens following the change."""

from __future__ import annotations

from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration.accounts_support import REFRESH, data, login

USERS = """
query Users($filter: UserFilter, $first: Int, $after: String) {
  users(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id username email roles sessions { id } } }
  }
}
"""
USER = "query User($id: ID!) { user(id: $id) { username email roles } }"
SET_ROLES = """
mutation SetRoles($userId: ID!, $roles: [Role!]!) {
  setUserRoles(userId: $userId, roles: $roles) {
    __typename
    ... on SetUserRolesSuccess { user { username roles } }
    ... on InvalidInputError { code field message }
    ... on NotFoundError { code }
  }
}
"""
WHO = "query Who { me { roles } }"


def _gid(user) -> str:
    from strawberry import relay

    return relay.to_base64("User", user.id)


async def test_admins_page_through_users_with_filters(app, client):
    # given an admin and five consumers, two of them developers
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    for index in range(5):
        roles = (Role.CONSUMER, Role.DEVELOPER) if index < 2 else (Role.CONSUMER,)
        await make_user(app, *roles, username=f"listed_{index}")
    # when the admin walks the list two at a time
    seen, after = [], None
    while True:
        body = await data(client, USERS, {"first": 2, "after": after}, token=admin.access_token)
        page = body["users"]
        seen += [e["node"]["username"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then every account appears once, newest first, with emails visible to the admin
    assert len(seen) == len(set(seen)) == 6 == page["totalCount"]
    assert seen[0] == "listed_4"
    developers = await data(
        client, USERS, {"filter": {"role": "DEVELOPER"}}, token=admin.access_token
    )
    assert {e["node"]["username"] for e in developers["users"]["edges"]} == {
        "listed_0",
        "listed_1",
    }
    found = await data(client, USERS, {"filter": {"search": "TED_3"}}, token=admin.access_token)
    assert [e["node"]["email"] for e in found["users"]["edges"]] == ["listed_3@example.org"]


async def test_a_page_of_users_with_their_sessions_costs_constant_statements(
    app, client, sql_statements
):
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    for _ in range(12):
        await make_user(app)
    counts = []
    for first in (3, 12):
        sql_statements.statements.clear()
        body = await data(client, USERS, {"first": first}, token=admin.access_token)
        assert len(body["users"]["edges"]) == first
        counts.append(sql_statements.count)
    # the page, its count, and one batched read of every user's sessions (plus the key lookup)
    assert counts[0] == counts[1], sql_statements.statements


async def test_promotion_stops_old_tokens_and_the_refresh_carries_the_new_role(app, client):
    # given a consumer signed in with a refresh token, and an admin
    person = await make_user(app, username="promoted")
    signed_in = await login(client, "promoted")
    headers = {"Authorization": f"Bearer {signed_in['accessToken']}"}
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    # when the admin makes them a developer
    result = await data(
        client,
        SET_ROLES,
        {"userId": _gid(person), "roles": ["DEVELOPER"]},
        token=admin.access_token,
    )
    # then the role is set (CONSUMER kept), the old access token is refused, and a refresh
    # gives a token that carries the new roles
    assert result["setUserRoles"]["user"]["roles"] == ["CONSUMER", "DEVELOPER"]
    refused = await client.post("/graphql", json={"query": WHO}, headers=headers)
    assert refused.status_code == 401
    renewed = (await data(client, REFRESH, {"token": signed_in["refreshToken"]}))["refresh"]
    assert renewed["user"]["roles"] == ["CONSUMER", "DEVELOPER"]
    me = await data(client, WHO, token=renewed["accessToken"])
    assert me["me"]["roles"] == ["CONSUMER", "DEVELOPER"]


async def test_an_admin_cannot_remove_their_own_admin_role(app, client):
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    result = await data(
        client, SET_ROLES, {"userId": _gid(admin), "roles": ["CONSUMER"]}, token=admin.access_token
    )
    assert result["setUserRoles"]["__typename"] == "InvalidInputError"
    assert result["setUserRoles"]["field"] == "roles"


async def test_unknown_users_read_as_not_found(app, client):
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    ghost = "VXNlcjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="
    result = await data(client, SET_ROLES, {"userId": ghost, "roles": []}, token=admin.access_token)
    assert result["setUserRoles"]["__typename"] == "NotFoundError"
    assert (await data(client, USER, {"id": ghost}, token=admin.access_token))["user"] is None

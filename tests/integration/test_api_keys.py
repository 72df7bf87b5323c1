"""API keys: shown once, hashed at rest, scoped within the owner's role, revocable, private."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from domain.identity.api_keys import MAX_ACTIVE_KEYS
from domain.identity.models import ApiKey
from domain.identity.principal import Role
from tests.identity import make_user

CREATE = """
mutation Create($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeySuccess {
      secret
      apiKey { id name scopes last4 preview rateLimit expiresAt lastUsedAt revokedAt active }
    }
    ... on InvalidInputError { code message field }
    ... on Error { code message }
  }
}
"""
MY_KEYS = """
query Mine($first: Int, $after: String, $includeRevoked: Boolean! = false) {
  myApiKeys(first: $first, after: $after, includeRevoked: $includeRevoked) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name scopes lastUsedAt active } }
  }
}
"""
NODE = """
query Node($id: ID!) { node(id: $id) { __typename ... on ApiKey { name active } } }
"""
REVOKE = """
mutation Revoke($id: ID!) {
  revokeApiKey(id: $id) {
    __typename
    ... on RevokeApiKeySuccess { apiKey { id active revokedAt } }
    ... on Error { code message }
  }
}
"""


async def _post(client, query, variables=None, headers=None):
    return await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
    )


async def _create(client, user, **fields):
    body = {"name": "ci", "scopes": ["JOBS_READ"], **fields}
    response = await _post(client, CREATE, {"input": body}, user.headers)
    return response.json()["data"]["createApiKey"]


async def test_the_secret_is_returned_once_and_only_its_hash_is_stored(app, client):
    # given a developer
    dev = await make_user(app, Role.DEVELOPER)
    # when they create a key
    result = await _create(client, dev, name="laptop", scopes=["JOBS_READ", "APPS_WRITE"])
    # then the secret comes back once, recognisable, with what the key may do
    assert result["__typename"] == "CreateApiKeySuccess"
    secret = result["secret"]
    key = result["apiKey"]
    assert secret.startswith("qk_") and len(secret) > 40
    assert key["scopes"] == ["JOBS_READ", "APPS_WRITE"]
    assert key["last4"] == secret[-4:]
    assert key["preview"] == f"qk_…{secret[-4:]}"
    assert key["active"] is True and key["revokedAt"] is None and key["rateLimit"] is None
    # and the database holds its SHA-256 and last four characters, never the secret
    async with app.state.services.sessionmaker() as session:
        row = (await session.scalars(select(ApiKey).where(ApiKey.user_id == dev.id))).one()
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert row.last4 == secret[-4:]
    assert row.scopes == ["jobs:read", "apps:write"]
    for column in ApiKey.__table__.columns:
        assert secret not in str(getattr(row, column.key))
    # and listing the keys never shows it again
    listed = await _post(client, MY_KEYS, headers=dev.headers)
    assert secret not in listed.text
    assert listed.json()["data"]["myApiKeys"]["edges"][0]["node"]["id"] == key["id"]


async def test_a_key_authenticates_as_its_owner_by_bearer_and_by_x_api_key(app, client):
    # given a consumer's key
    owner = await make_user(app)
    created = await _create(client, owner, name="script", scopes=["JOBS_READ", "ACCOUNT"])
    secret = created["secret"]
    for headers in ({"Authorization": f"Bearer {secret}"}, {"X-API-Key": secret}):
        # when it is sent instead of a session token
        response = await _post(client, MY_KEYS, headers=headers)
        # then the request is its owner's, and the key shows it was used
        assert response.status_code == 200
        edges = response.json()["data"]["myApiKeys"]["edges"]
        assert [e["node"]["id"] for e in edges] == [created["apiKey"]["id"]]
        assert edges[0]["node"]["lastUsedAt"] is not None


async def test_scopes_beyond_the_owners_role_are_refused(app, client):
    consumer = await make_user(app, Role.CONSUMER)
    for scopes in (["ADMIN"], ["APPS_WRITE"], ["JOBS_READ", "APPS_WRITE"]):
        result = await _create(client, consumer, scopes=scopes)
        assert result["__typename"] == "ForbiddenError", scopes
        assert "beyond your role" in result["message"]
    empty = await _create(client, consumer, scopes=[])
    assert empty["__typename"] == "InvalidInputError" and empty["field"] == "scopes"
    admin = await make_user(app, Role.ADMIN)
    assert (await _create(client, admin, scopes=["ADMIN"]))["__typename"] == "CreateApiKeySuccess"


async def test_a_key_can_only_create_keys_narrower_than_itself(app, client):
    # given a developer's read-only key
    dev = await make_user(app, Role.DEVELOPER)
    narrow = await _create(client, dev, scopes=["JOBS_READ", "ACCOUNT"])
    as_key = {"Authorization": f"Bearer {narrow['secret']}"}
    # when the key asks for a key with more than it has
    wider = await _post(client, CREATE, {"input": {"name": "w", "scopes": ["JOBS_WRITE"]}}, as_key)
    same = await _post(
        client, CREATE, {"input": {"name": "s", "scopes": ["JOBS_READ", "ACCOUNT"]}}, as_key
    )
    # then only the equally narrow one is made
    refusal = wider.json()["data"]["createApiKey"]
    assert refusal["__typename"] == "ForbiddenError"
    assert refusal["message"].endswith("jobs:write is beyond the key you are calling with.")
    assert same.json()["data"]["createApiKey"]["__typename"] == "CreateApiKeySuccess"


async def test_invalid_names_expiries_and_rate_limits_are_refused(app, client):
    user = await make_user(app)
    now = datetime.now(UTC)
    cases = {
        "name": {"name": "  "},
        "expiresAt": {"expiresAt": (now - timedelta(minutes=1)).isoformat()},
        "rateLimit": {"rateLimit": 0},
    }
    for field, fields in cases.items():
        result = await _create(client, user, **fields)
        assert result["__typename"] == "InvalidInputError", field
        assert result["field"] == field
    too_far = await _create(client, user, expiresAt=(now + timedelta(days=400)).isoformat())
    assert too_far["field"] == "expiresAt" and "one year" in too_far["message"]
    assert (await _create(client, user, name="x" * 101))["field"] == "name"
    assert (await _create(client, user, rateLimit=10_001))["field"] == "rateLimit"
    fine = await _create(
        client, user, expiresAt=(now + timedelta(days=30)).isoformat(), rateLimit=10
    )
    assert fine["apiKey"]["rateLimit"] == 10 and fine["apiKey"]["expiresAt"] is not None


async def test_a_revoked_key_is_refused_with_401(app, client):
    # given a key that worked
    owner = await make_user(app)
    created = await _create(client, owner)
    as_key = {"X-API-Key": created["secret"]}
    assert (await _post(client, MY_KEYS, headers=as_key)).status_code == 200
    # when its owner revokes it (twice: the second is harmless)
    first = (await _post(client, REVOKE, {"id": created["apiKey"]["id"]}, owner.headers)).json()
    again = (await _post(client, REVOKE, {"id": created["apiKey"]["id"]}, owner.headers)).json()
    # then it is inactive, and requests with it are refused
    revoked = first["data"]["revokeApiKey"]
    assert revoked["__typename"] == "RevokeApiKeySuccess"
    assert revoked["apiKey"]["active"] is False and revoked["apiKey"]["revokedAt"]
    assert again["data"]["revokeApiKey"]["apiKey"]["revokedAt"] == revoked["apiKey"]["revokedAt"]
    refused = await _post(client, MY_KEYS, headers=as_key)
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # and it leaves the default listing, but not the full one
    listed = await _post(client, MY_KEYS, headers=owner.headers)
    assert listed.json()["data"]["myApiKeys"]["totalCount"] == 0
    everything = await _post(client, MY_KEYS, {"includeRevoked": True}, owner.headers)
    assert everything.json()["data"]["myApiKeys"]["totalCount"] == 1


async def test_an_expired_key_is_refused_with_401(app, client):
    owner = await make_user(app)
    created = await _create(client, owner)
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(ApiKey)
            .where(ApiKey.user_id == owner.id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    refused = await _post(client, MY_KEYS, headers={"Authorization": f"Bearer {created['secret']}"})
    assert refused.status_code == 401
    listed = await _post(client, MY_KEYS, headers=owner.headers)
    assert listed.json()["data"]["myApiKeys"]["edges"][0]["node"]["active"] is False


async def test_someone_elses_key_reads_as_null_and_cannot_be_revoked(app, client):
    # given Alice's key
    alice = await make_user(app)
    mallory = await make_user(app)
    key_id = (await _create(client, alice, name="alice's"))["apiKey"]["id"]
    # when Mallory looks it up and tries to revoke it
    seen = await _post(client, NODE, {"id": key_id}, mallory.headers)
    revoke = await _post(client, REVOKE, {"id": key_id}, mallory.headers)
    # then it reads as missing, and stays active
    assert seen.json()["data"]["node"] is None
    assert revoke.json()["data"]["revokeApiKey"]["__typename"] == "NotFoundError"
    assert (await _post(client, NODE, {"id": key_id})).json()["data"]["node"] is None
    own = await _post(client, NODE, {"id": key_id}, alice.headers)
    assert own.json()["data"]["node"] == {"__typename": "ApiKey", "name": "alice's", "active": True}
    # and an admin may see and revoke it
    admin = await make_user(app, Role.ADMIN)
    assert (await _post(client, NODE, {"id": key_id}, admin.headers)).json()["data"]["node"]
    by_admin = await _post(client, REVOKE, {"id": key_id}, admin.headers)
    assert by_admin.json()["data"]["revokeApiKey"]["__typename"] == "RevokeApiKeySuccess"


async def test_ids_that_name_no_key_are_not_found(app, client):
    user = await make_user(app)
    for raw in ("nonsense", "QmFja2VuZDphZXJfc2ltdWxhdG9y", str(uuid.uuid4())):
        result = await _post(client, REVOKE, {"id": raw}, user.headers)
        assert result.json()["data"]["revokeApiKey"]["__typename"] == "NotFoundError"


async def test_my_api_keys_pages_newest_first(app, client):
    user = await make_user(app)
    for name in ("one", "two", "three"):
        await _create(client, user, name=name)
    first = (await _post(client, MY_KEYS, {"first": 2}, user.headers)).json()["data"]["myApiKeys"]
    assert [e["node"]["name"] for e in first["edges"]] == ["three", "two"]
    assert first["pageInfo"]["hasNextPage"] is True and first["totalCount"] == 3
    cursor = first["pageInfo"]["endCursor"]
    rest = (await _post(client, MY_KEYS, {"first": 2, "after": cursor}, user.headers)).json()
    page = rest["data"]["myApiKeys"]
    assert [e["node"]["name"] for e in page["edges"]] == ["one"]
    assert page["pageInfo"]["hasNextPage"] is False


async def test_keys_need_a_signed_in_caller(client):
    created = await _post(client, CREATE, {"input": {"name": "x", "scopes": ["JOBS_READ"]}})
    listed = await _post(client, MY_KEYS)
    for response in (created, listed):
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_user_may_hold_a_bounded_number_of_active_keys(app, client):
    # given a user who already holds the maximum of live keys (each has its own rate bucket)
    user = await make_user(app)
    async with app.state.services.sessionmaker() as session, session.begin():
        session.add_all(
            ApiKey(
                user_id=user.id,
                name=f"k{i}",
                secret_hash=hashlib.sha256(f"seed-{user.id}-{i}".encode()).hexdigest(),
                last4="abcd",
                scopes=["jobs:read"],
            )
            for i in range(MAX_ACTIVE_KEYS)
        )
    # when they ask for one more, then revoke one and ask again
    refused = await _create(client, user)
    listed = (await _post(client, MY_KEYS, {"first": 1}, user.headers)).json()["data"]
    await _post(client, REVOKE, {"id": listed["myApiKeys"]["edges"][0]["node"]["id"]}, user.headers)
    accepted = await _create(client, user)
    # then the first is refused and the second made
    assert refused["__typename"] == "InvalidInputError"
    assert f"{MAX_ACTIVE_KEYS} active keys" in refused["message"]
    assert accepted["__typename"] == "CreateApiKeySuccess"


ACCOUNT_PROBES = {
    "me": "{ me { email sessions { ip } } }",
    "myApiKeys": "{ myApiKeys { totalCount } }",
    "logoutAll": "mutation { logoutAll }",
    "createApiKey": 'mutation { createApiKey(input: {name: "x", scopes: [JOBS_READ]}) '
    "{ __typename } }",
}


async def test_a_jobs_read_key_reads_jobs_and_nothing_about_the_account(app, client):
    # given a user signed in on a laptop, and a key of theirs that may only read jobs
    owner = await make_user(app)
    created = await _create(client, owner, scopes=["JOBS_READ"])
    as_key = {"X-API-Key": created["secret"]}
    # when the key reads jobs, it may
    jobs = await _post(client, "{ jobs { totalCount } }", headers=as_key)
    assert jobs.json()["data"]["jobs"]["totalCount"] == 0
    # and `me` is null for it: no email, no sessions, no keys
    me = await _post(client, ACCOUNT_PROBES["me"], headers=as_key)
    assert me.json()["data"]["me"] is None
    # and every account operation is refused, signing nobody out
    for name in ("myApiKeys", "logoutAll", "createApiKey"):
        body = (await _post(client, ACCOUNT_PROBES[name], headers=as_key)).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (name, body)
        assert "`account` scope" in body["errors"][0]["message"]
    assert (await _post(client, ACCOUNT_PROBES["me"], headers=owner.headers)).status_code == 200
    # and it cannot submit jobs either
    submit = (
        'mutation { submitJob(input: {backend: "aer_simulator", circuit: "x"}) { __typename } }'
    )
    body = (await _post(client, submit, headers=as_key)).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_wrong_bearer_beside_a_valid_x_api_key_is_a_401(app, client):
    # given a valid key
    owner = await make_user(app)
    secret = (await _create(client, owner))["secret"]
    for authorization in ("Bearer not-a-token", f"Bearer {owner.access_token}x", "Basic abc"):
        # when a request sends it together with a different (wrong) Authorization header
        headers = {"X-API-Key": secret, "Authorization": authorization}
        response = await _post(client, "{ jobs { totalCount } }", headers=headers)
        # then the request is refused, not served as the key's owner
        assert response.status_code == 401, (authorization, response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # while the same key in both headers is one credential, and works
    both = {"X-API-Key": secret, "Authorization": f"Bearer {secret}"}
    assert (await _post(client, "{ jobs { totalCount } }", headers=both)).status_code == 200

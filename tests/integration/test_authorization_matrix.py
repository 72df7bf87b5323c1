"""The authorization matrix: every field has a policy, and what runs matches it.

Driven by introspection over HTTP: every root query, mutation and subscription field and every
field of every object type must have an entry in `schema/policy.py`, or this fails, and every
signed-in root field must name its scope. Root queries and mutations then run as anonymous,
consumer, developer and admin, and as API keys (of an admin) with each single scope, against
their policy; every owned type is fetched through `node(id)` by its owner, another user, an
admin, anonymous, and keys of its owner with each single scope.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from domain.identity.credentials import API_KEY_PREFIX, hash_secret
from domain.identity.models import ApiKey
from domain.identity.principal import Role, Scope
from schema.policy import Access, access_for, scope_for
from tests.identity import make_user
from tests.integration import apps_support, billing_support

INTROSPECTION = """
query Introspect {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { kind name interfaces { name }
      fields { name args { name defaultValue type { ...Ref } } type { ...Ref } } }
  }
}
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
"""

# Global IDs that name nothing, for the apps area's probes.
NO_PROJECT = "UHJvamVjdDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="
NO_APP = "UXVhbnR1bUFwcDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="
NO_VERSION = "QXBwVmVyc2lvbjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="
NO_LISTING = "TWFya2V0cGxhY2VMaXN0aW5nOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=="
NO_REVIEW = "UmV2aWV3OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=="
NO_BILL = "QmlsbDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="
NO_SUBSCRIPTION = "UGxhblN1YnNjcmlwdGlvbjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="
NO_NOTIFICATION = "Tm90aWZpY2F0aW9uOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=="
# Arguments for root fields that require some; a new required argument needs a sample here.
NO_RUN = "RXhwZXJpbWVudFJ1bjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="
ARGUMENTS: dict[str, str] = {
    "Mutation.startTrial": f'(listingId: "{NO_LISTING}")',
    "Mutation.subscribe": f'(listingId: "{NO_LISTING}")',
    "Mutation.cancelSubscription": f'(id: "{NO_SUBSCRIPTION}")',
    "Mutation.createSubscriptionKey": (
        f'(input: {{subscriptionId: "{NO_SUBSCRIPTION}", name: "probe"}})'
    ),
    "Mutation.revokeSubscriptionKey": f'(id: "{NO_SUBSCRIPTION}")',
    "Query.revenue": f'(appId: "{NO_APP}")',
    "Mutation.setUserSpendingLimit": (
        '(userId: "VXNlcjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=", amount: "1")'
    ),
    "Query.node": '(id: "QmFja2VuZDpmYWtlX3NoZXJicm9va2U=")',
    "Query.nodes": '(ids: ["QmFja2VuZDpmYWtlX3NoZXJicm9va2U="])',
    "Query.backend": '(name: "fake_sherbrooke")',
    "Mutation.setBackendStatus": '(name: "aer_simulator", status: ONLINE)',
    "Query.user": '(id: "VXNlcjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=")',
    "Mutation.setUserRoles": (
        '(userId: "VXNlcjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=", roles: [CONSUMER])'
    ),
    "Query.job": '(id: "Sm9iOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==")',
    "Mutation.cancelJob": '(id: "Sm9iOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==")',
    "Query.queue": '(backend: "aer_simulator")',
    "Mutation.submitJob": '(input: {backend: "nowhere", circuit: "x"})',  # refused, writes nothing
    "Mutation.submitJobs": "(inputs: [])",
    "Mutation.connectIbmAccount": '(token: "")',  # refused before IBM is called
    "Mutation.createApiKey": '(input: {name: "probe", scopes: [JOBS_READ]})',
    "Mutation.revokeApiKey": '(id: "QXBpS2V5OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==")',
    "Mutation.register": '(email: "probe@example.org", username: "probe", password: "x")',
    "Mutation.verifyEmail": '(token: "qt_probe")',
    "Mutation.requestPasswordReset": '(email: "probe@example.org")',
    "Mutation.resetPassword": '(token: "qt_probe", newPassword: "x")',
    "Mutation.changePassword": '(currentPassword: "wrong", newPassword: "x")',
    "Mutation.updateProfile": "(input: {})",
    "Mutation.login": '(login: "probe", password: "x")',
    "Mutation.refresh": '(refreshToken: "qr_probe")',
    "Mutation.revokeSession": (
        '(id: "U2Vzc2lvbjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=")'
    ),
    # Apps: each probe is refused by validation or finds nothing, so it writes nothing.
    "Mutation.enableDeveloperAccount": "(acceptTerms: false)",
    "Query.app": '(slug: "no-such-app")',
    "Mutation.createProject": '(input: {name: ""})',
    "Mutation.updateProject": f'(id: "{NO_PROJECT}", input: {{}})',
    "Mutation.deleteProject": f'(id: "{NO_PROJECT}")',
    "Mutation.releaseProject": (
        f'(projectId: "{NO_PROJECT}", input: {{slug: "probe", name: "p", summary: "p"}})'
    ),
    "Mutation.updateApp": f'(id: "{NO_APP}", input: {{}})',
    "Mutation.archiveApp": f'(id: "{NO_APP}")',
    "Mutation.createAppVersion": (
        f'(appId: "{NO_APP}", input: {{version: "1.0.0", template: "x"}})'
    ),
    "Mutation.updateAppVersion": f'(id: "{NO_VERSION}", input: {{}})',
    "Mutation.publishAppVersion": f'(id: "{NO_VERSION}")',
    "Mutation.deprecateAppVersion": f'(id: "{NO_VERSION}")',
    "Mutation.yankAppVersion": f'(id: "{NO_VERSION}")',
    "Mutation.publishToRegistry": f'(versionId: "{NO_VERSION}")',
    "Mutation.downloadAppVersion": f'(versionId: "{NO_VERSION}")',
    "Mutation.publishToMarketplace": (
        f'(appId: "{NO_APP}", input: {{pricingModel: PER_RUN, supportEmail: "a@example.org"}})'
    ),
    "Mutation.updateMarketplaceListing": f'(id: "{NO_LISTING}", input: {{}})',
    "Mutation.delistMarketplaceListing": f'(id: "{NO_LISTING}")',
    "Mutation.runApp": '(input: {appSlug: "no-such-app", backend: "nowhere", inputs: {}})',
    "Mutation.reviewApp": f'(appId: "{NO_APP}", input: {{rating: 5}})',
    "Mutation.replyToReview": f'(reviewId: "{NO_REVIEW}", text: "probe")',
    "Mutation.hideReview": f'(reviewId: "{NO_REVIEW}")',
    "Query.bill": f'(id: "{NO_BILL}")',
    "Mutation.markBillPaid": f'(billId: "{NO_BILL}")',
    "Mutation.downloadInvoice": f'(billId: "{NO_BILL}")',
    "Mutation.markNotificationRead": f'(id: "{NO_NOTIFICATION}")',
    "Mutation.setNotificationPreference": "(kind: NEW_REVIEW, email: false)",
    "Mutation.runExperiment": '(input: {preset: dpd_demo, backends: ["nowhere"]})',
    "Mutation.setControlProfile": "(input: {fidelityOk: 2})",
    "Subscription.experimentUpdated": f'(id: "{NO_RUN}")',
}

DENIED = {"UNAUTHENTICATED", "FORBIDDEN"}
PERSONAS = ("anonymous", "consumer", "developer", "admin")
EXPECTED: dict[Access, set[str]] = {  # who gets through
    Access.PUBLIC: set(PERSONAS),
    Access.VIEWER: set(PERSONAS),
    Access.AUTHENTICATED: {"consumer", "developer", "admin"},
    Access.ADMIN: {"admin"},
    Access.DEVELOPER: {"developer", "admin"},
}

# How to create one object of each owned type, for its owner: returns the object's global ID.
OwnedFactory = Callable[[Any, Any, Any], Awaitable[str]]
CREATE_KEY = """
mutation Key { createApiKey(input: {name: "owned", scopes: [JOBS_READ]}) {
  ... on CreateApiKeySuccess { apiKey { id } } } }
"""


async def _api_key(app, client, owner) -> str:
    body = (await client.post("/graphql", json={"query": CREATE_KEY}, headers=owner.headers)).json()
    return body["data"]["createApiKey"]["apiKey"]["id"]


async def _user(app, client, owner) -> str:
    from strawberry import relay

    return relay.to_base64("User", owner.id)


async def _session(app, client, owner) -> str:
    from strawberry import relay

    from domain.identity.credentials import decode_access_token

    claims = decode_access_token(owner.access_token, secret=app.state.services.jwt_secret)
    return relay.to_base64("Session", claims.session_id)


SUBMIT_JOB = """
mutation Job($c: String!) { submitJob(input: {backend: "aer_simulator", circuit: $c}) {
  ... on SubmitJobSuccess { job { id } } } }
"""
ONE_QUBIT = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nbit[1] c;\nc[0] = measure q[0];\n'


async def _job(app, client, owner) -> str:
    variables = {"c": ONE_QUBIT}
    response = await client.post(
        "/graphql", json={"query": SUBMIT_JOB, "variables": variables}, headers=owner.headers
    )
    return response.json()["data"]["submitJob"]["job"]["id"]


async def _project(app, client, owner) -> str:
    return await apps_support.create_project(client, owner.headers)


async def _unlisted_app(app, client, owner) -> str:
    slug = f"owned-{uuid.uuid4().hex[:8]}"
    return (await apps_support.release(client, owner.headers, slug, visibility="UNLISTED"))["id"]


async def _draft_version(app, client, owner) -> str:
    found = await apps_support.release(client, owner.headers, f"owned-{uuid.uuid4().hex[:8]}")
    return await apps_support.new_version(client, owner.headers, found["id"], "1.0.0")


async def _bill(app, client, owner) -> str:
    from datetime import UTC, datetime
    from decimal import Decimal

    from strawberry import relay

    from domain.billing.bill_models import Bill
    from tests.integration import bills_support

    [aer] = await bills_support.backend_ids(app, "aer_simulator")
    await bills_support.record_usage(
        app, owner.id, backend_id=aer, at=datetime.now(UTC), backend_charge=Decimal(1)
    )
    async with app.state.services.sessionmaker() as session, session.begin():
        from domain.billing import bills

        await bills.open_current(session, user_id=owner.id, now=datetime.now(UTC))
        bill_id = await session.scalar(select(Bill.id).where(Bill.user_id == owner.id))
    return relay.to_base64("Bill", bill_id)


async def _subscription(app, client, owner) -> str:
    # a consumer's trial of another developer's listed app
    _, _, listing_id, _ = await billing_support.marketplace_app(
        app, client, f"plan-{uuid.uuid4().hex[:8]}"
    )
    found = await billing_support.call(
        client, billing_support.START_TRIAL, {"id": listing_id}, owner.headers
    )
    return found["subscription"]["id"]


async def _subscription_key(app, client, owner) -> str:
    subscription_id = await _subscription(app, client, owner)
    found = await billing_support.call(
        client,
        billing_support.CREATE_KEY,
        {"input": {"subscriptionId": subscription_id, "name": "probe"}},
        owner.headers,
    )
    return found["key"]["id"]


RUN_EXPERIMENT = """
mutation Run { runExperiment(input: {preset: dpd_demo, backends: ["aer_simulator"], shots: 10,
  params: {strengths: [1.0]}}) { ... on RunExperimentSuccess { run { id } } } }
"""


async def _experiment_run(app, client, owner) -> str:
    response = await client.post("/graphql", json={"query": RUN_EXPERIMENT}, headers=owner.headers)
    return response.json()["data"]["runExperiment"]["run"]["id"]


# Others read an unlisted app and a draft version as null, as they read another's job.
OWNED: dict[str, OwnedFactory] = {
    "Job": _job,
    "ApiKey": _api_key,
    "User": _user,
    "Session": _session,
    "Project": _project,
    "QuantumApp": _unlisted_app,
    "AppVersion": _draft_version,
    "Bill": _bill,
    "PlanSubscription": _subscription,
    "SubscriptionKey": _subscription_key,
    "ExperimentRun": _experiment_run,
}
# The scope an owner's API key needs to read each owned type (ACCOUNT for the others).
READ_SCOPES = {
    "Job": Scope.JOBS_READ,
    "Project": Scope.APPS_READ,
    "QuantumApp": Scope.APPS_READ,
    "AppVersion": Scope.APPS_READ,
    "Bill": Scope.BILLING_READ,
    "PlanSubscription": Scope.BILLING_READ,
    "SubscriptionKey": Scope.BILLING_READ,
    "ExperimentRun": Scope.JOBS_READ,
}


async def _introspect(client) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": INTROSPECTION})
    assert response.status_code == 200, response.text
    return response.json()["data"]["__schema"]


def _named(ref: dict[str, Any]) -> dict[str, Any]:
    while ref.get("ofType"):
        ref = ref["ofType"]
    return ref


def _is_required(argument: dict[str, Any]) -> bool:
    return argument["type"]["kind"] == "NON_NULL" and argument["defaultValue"] is None


def _fields(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(type name, type, field) for every field of every object type, roots included."""
    found = []
    for type_ in schema["types"]:
        if type_["kind"] != "OBJECT" or type_["name"].startswith("__"):
            continue
        for field in type_["fields"] or []:
            found.append((type_["name"], type_, field))
    return found


async def test_every_field_has_a_policy(client):
    schema = await _introspect(client)
    missing = []
    for type_name, type_, field in _fields(schema):
        is_error = any(i["name"] == "Error" for i in type_["interfaces"] or [])
        if is_error:
            continue  # errors are shown to whoever caused them
        if access_for(type_name, field["name"]) is None:
            missing.append(f"{type_name}.{field['name']}")
    assert not missing, f"add these to schema/policy.py: {sorted(missing)}"


async def test_every_owned_type_has_an_ownership_check(client):
    schema = await _introspect(client)
    owned = {
        type_name
        for type_name, _, field in _fields(schema)
        if access_for(type_name, field["name"]) is Access.OWNER
        and not type_name.endswith(("Connection", "Edge"))  # wrappers of an owned type
    }
    assert owned <= set(OWNED), f"add node(id) factories for {sorted(owned - set(OWNED))}"


def _operation(kind: str, field: dict[str, Any], arguments: str) -> str:
    selection = "" if _named(field["type"])["kind"] in ("SCALAR", "ENUM") else " { __typename }"
    return f"{kind} Probe {{ {field['name']}{arguments}{selection} }}"


SIGNS_OUT = {"Mutation.logout", "Mutation.logoutAll"}


@pytest.fixture
async def personas(app) -> dict[str, dict[str, str]]:
    return await _personas(app)


async def _personas(app) -> dict[str, dict[str, str]]:
    return {
        "anonymous": {},
        "consumer": (await make_user(app, Role.CONSUMER)).headers,
        "developer": (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers,
        "admin": (await make_user(app, Role.CONSUMER, Role.ADMIN)).headers,
    }


def _denied(response) -> bool:
    if response.status_code in (401, 403):
        return True
    errors = response.json().get("errors") or []
    return any((e.get("extensions") or {}).get("code") in DENIED for e in errors)


async def test_every_signed_in_root_field_names_its_scope(client):
    schema = await _introspect(client)
    unscoped = []
    for kind in ("queryType", "mutationType", "subscriptionType"):
        root = schema[kind]["name"]
        root_type = next(t for t in schema["types"] if t["name"] == root)
        for field in root_type["fields"]:
            access = access_for(root, field["name"])
            signed_in = (Access.AUTHENTICATED, Access.ADMIN, Access.DEVELOPER)
            if access in signed_in and not scope_for(root, field["name"]):
                unscoped.append(f"{root}.{field['name']}")
    assert not unscoped, f"add these to schema/policy.py SCOPES: {sorted(unscoped)}"


async def key_with(app, owner_id: uuid.UUID, scope: Scope) -> dict[str, str]:
    """Headers for a new API key of `owner_id` holding only `scope`."""
    secret = API_KEY_PREFIX + uuid.uuid4().hex
    async with app.state.services.sessionmaker() as session, session.begin():
        session.add(
            ApiKey(
                user_id=owner_id,
                name=f"only {scope.value}",
                secret_hash=hash_secret(secret),
                last4=secret[-4:],
                scopes=[scope.value],
            )
        )
    return {"X-API-Key": secret}


async def test_root_fields_answer_keys_with_each_single_scope_as_their_policy_says(app, client):
    # given an admin's keys, each holding one scope (an admin's role allows every scope)
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    keys = {scope: await key_with(app, admin.id, scope) for scope in Scope}
    schema = await _introspect(client)
    mismatches = []
    for kind in ("query", "mutation"):
        root = schema[f"{kind}Type"]["name"]
        root_type = next(t for t in schema["types"] if t["name"] == root)
        for field in root_type["fields"]:
            key = f"{root}.{field['name']}"
            access = access_for(root, field["name"])
            needed = scope_for(root, field["name"])
            operation = _operation(kind, field, ARGUMENTS.get(key, ""))
            for scope, headers in keys.items():
                response = await client.post("/graphql", json={"query": operation}, headers=headers)
                allowed = not _denied(response)
                # then public and viewer fields answer every key; the rest only the right scope
                expected = access in (Access.PUBLIC, Access.VIEWER) or needed is scope
                if allowed != expected:
                    mismatches.append(f"{key} with {scope.value}: {response.text[:200]}")
    assert not mismatches, "\n".join(mismatches)


async def test_root_fields_answer_each_persona_as_their_policy_says(app, client, personas):
    schema = await _introspect(client)
    roots = {"query": schema["queryType"]["name"], "mutation": schema["mutationType"]["name"]}
    mismatches = []
    for kind, root in roots.items():
        root_type = next(t for t in schema["types"] if t["name"] == root)
        for field in root_type["fields"]:
            key = f"{root}.{field['name']}"
            access = access_for(root, field["name"])
            assert access is not None, f"{key} has no policy"
            required = [a for a in field["args"] if _is_required(a)]
            assert not required or key in ARGUMENTS, f"add sample arguments for {key}"
            operation = _operation(kind, field, ARGUMENTS.get(key, ""))
            # Signing out ends the persona's session, so those probes get personas of their own.
            callers = await _personas(app) if key in SIGNS_OUT else personas
            for persona, headers in callers.items():
                response = await client.post("/graphql", json={"query": operation}, headers=headers)
                allowed = not _denied(response)
                if allowed != (persona in EXPECTED[access]):
                    mismatches.append(f"{key} as {persona}: {response.text[:200]}")
    assert not mismatches, "\n".join(mismatches)


NODE = "query Node($id: ID!) { node(id: $id) { __typename id } }"


@pytest.mark.parametrize("type_name", sorted(OWNED))
async def test_owned_objects_are_reachable_by_their_owner_and_admins_only(app, client, type_name):
    # (a developer: the apps area's objects need one; the others do not mind)
    owner = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    other = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    global_id = await OWNED[type_name](app, client, owner)
    seen = {}
    for name, headers in (
        ("owner", owner.headers),
        ("other", other.headers),
        ("admin", admin.headers),
        ("anonymous", {}),
    ):
        body = (
            await client.post(
                "/graphql", json={"query": NODE, "variables": {"id": global_id}}, headers=headers
            )
        ).json()
        seen[name] = body["data"]["node"]
    assert seen["owner"] is not None and seen["admin"] is not None
    assert seen["other"] is None and seen["anonymous"] is None
    # and the owner's keys see it only with the scope its type is read with
    reads_with = READ_SCOPES.get(type_name, Scope.ACCOUNT)
    for scope in Scope:
        headers = await key_with(app, owner.id, scope) if scope is not Scope.ADMIN else None
        if headers is None:
            continue  # a developer's key cannot hold `admin`
        body = (
            await client.post(
                "/graphql", json={"query": NODE, "variables": {"id": global_id}}, headers=headers
            )
        ).json()
        assert (body["data"]["node"] is not None) == (scope is reads_with), (scope, body)

"""Projects and apps over HTTP: becoming a developer, the flow to a published 1.0.0, release
validation, archiving, and who may see and change what."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.apps.models import AppVersion, Project, QuantumApp, Tag
from domain.backends.models import Backend
from domain.identity.models import User
from domain.identity.principal import Role, Scope
from tests.identity import make_user
from tests.integration import apps_support as support
from tests.integration.test_authorization_matrix import key_with

ENABLE = """
mutation Enable($accept: Boolean!) {
  enableDeveloperAccount(acceptTerms: $accept) {
    __typename
    ... on EnableDeveloperAccountSuccess { user { roles } termsAcceptedAt accessToken }
    ... on InvalidInputError { code field }
  }
}
"""
APP = """
query App($slug: String!, $pre: Boolean) {
  app(slug: $slug) {
    id slug name archived visibility tags { name } owner { username }
    project { id name }
    latestVersion { id version status inputSchema template
      estimates { qubits depth twoQubitGates shots }
      costEstimates(first: 100) {
        totalCount edges { node { backendName cost { amount currency } } } }
    }
    versions(includePrerelease: $pre) { totalCount edges { node { version status } } }
  }
}
"""
UPDATE_APP = """
mutation Update($id: ID!, $input: UpdateAppInput!) {
  updateApp(id: $id, input: $input) {
    __typename
    ... on UpdateAppSuccess { app { name tags { name } visibility } }
    ... on Error { code }
    ... on InvalidInputError { field }
  }
}
"""
ARCHIVE = """
mutation Archive($id: ID!, $archived: Boolean!) {
  archiveApp(id: $id, archived: $archived) {
    __typename ... on ArchiveAppSuccess { app { archived } } ... on Error { code }
  }
}
"""
DELETE_PROJECT = """
mutation Delete($id: ID!) {
  deleteProject(id: $id) { __typename ... on Error { code } }
}
"""
NODE = "query Node($id: ID!) { node(id: $id) { id } }"
MY = "{ myProjects { totalCount edges { node { name app { slug } } } } }"


async def test_a_consumer_becomes_a_developer_and_publishes_1_0_0(app, client):
    # given a consumer, who may not create projects yet
    consumer = await make_user(app, Role.CONSUMER)
    refused = await support.post(
        client, support.CREATE_PROJECT, {"input": {"name": "x"}}, consumer.headers
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # when they decline the terms, nothing changes
    body = await support.post(client, ENABLE, {"accept": False}, consumer.headers)
    assert body["data"]["enableDeveloperAccount"]["field"] == "acceptTerms"
    # and when they accept them they are a developer, with a token that says so
    body = await support.post(client, ENABLE, {"accept": True}, consumer.headers)
    enabled = body["data"]["enableDeveloperAccount"]
    assert "DEVELOPER" in enabled["user"]["roles"] and enabled["termsAcceptedAt"]
    developer = {"Authorization": f"Bearer {enabled['accessToken']}"}
    async with app.state.services.sessionmaker() as session:
        user = await session.get(User, consumer.id)
        assert user is not None and user.developer_terms_accepted_at is not None
    # and accepting again keeps the first acceptance's time
    body = await support.post(client, ENABLE, {"accept": True}, developer)
    assert body["data"]["enableDeveloperAccount"]["termsAcceptedAt"] == enabled["termsAcceptedAt"]
    # when they create a project and release it as an app with tags
    found = await support.release(
        client, developer, "vqe-h2", tags=["chemistry", "vqe"], category="CHEMISTRY"
    )
    assert found["category"] == "CHEMISTRY" and found["archived"] is False
    assert [t["name"] for t in found["tags"]] == ["chemistry", "vqe"]
    # and create 1.0.0 with a parameterised template and constraints
    result = await support.create_version(
        client,
        developer,
        found["id"],
        "1.0.0",
        constraints={"theta": {"minimum": 0, "maximum": 6.283, "description": "Angle."}},
        releaseNotes="First release.",
    )
    assert result["__typename"] == "CreateAppVersionSuccess", result
    version = result["version"]
    assert version["status"] == "DRAFT"
    schema = version["inputSchema"]
    assert schema["required"] == ["theta", "phi"]
    assert schema["properties"]["theta"] == {
        "type": "number",
        "x-qasm-type": "angle[32]",
        "title": "theta",
        "minimum": 0,
        "maximum": 6.283,
        "description": "Angle.",
    }
    assert schema["properties"]["phi"]["x-qasm-type"] == "float[64]"
    assert version["estimates"] == {"qubits": 2, "depth": 4, "twoQubitGates": 1, "shots": 1024}
    # then while it is a draft, nobody else sees a version
    anonymous = (await support.post(client, APP, {"slug": "vqe-h2"}, {}))["data"]["app"]
    assert anonymous["latestVersion"] is None and anonymous["versions"]["totalCount"] == 0
    assert anonymous["project"] is None  # the project is the owner's
    # and once published, everyone gets it as the latest version, with its estimates
    moved = await support.move(client, developer, "publishAppVersion", version["id"])
    assert moved["version"]["status"] == "PUBLISHED" and moved["version"]["publishedAt"]
    seen = (await support.post(client, APP, {"slug": "vqe-h2"}, {}))["data"]["app"]
    latest = seen["latestVersion"]
    assert latest["version"] == "1.0.0" and "input angle[32] theta;" in latest["template"]
    assert seen["owner"]["username"] == consumer.username
    # and each backend's cost is its list price for the default shots
    costs = {e["node"]["backendName"]: e["node"]["cost"] for e in latest["costEstimates"]["edges"]}
    assert latest["costEstimates"]["totalCount"] == len(costs) > 10
    async with app.state.services.sessionmaker() as session:
        aer = await session.scalar(select(Backend).where(Backend.name == "aer_simulator"))
    assert aer is not None
    expected = aer.price_per_task + aer.price_per_shot * 1024
    assert Decimal(costs["aer_simulator"]["amount"]) == expected
    assert costs["aer_simulator"]["currency"] == aer.currency
    mine = (await support.post(client, MY, {}, developer))["data"]["myProjects"]
    assert mine["edges"][0]["node"]["app"] == {"slug": "vqe-h2"}


async def test_an_api_key_without_apps_write_cannot_create_projects(app, client):
    # given a developer's keys, one without `apps:write` and one with it
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    reader = await key_with(app, developer.id, Scope.APPS_READ)
    writer = await key_with(app, developer.id, Scope.APPS_WRITE)
    # when each creates a project, then only the writer's is made
    body = await support.post(client, support.CREATE_PROJECT, {"input": {"name": "x"}}, reader)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await support.count_rows(app, Project) == 0
    await support.create_project(client, writer)
    assert await support.count_rows(app, Project) == 1
    # and the writer key cannot read (it lacks `apps:read`): myProjects is refused
    body = await support.post(client, MY, {}, writer)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_release_validation_refuses_with_a_field_and_writes_nothing(app, client):
    developer = (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers
    project_id = await support.create_project(client, developer)
    await support.release(client, developer, "taken-slug")
    good = {"slug": "fine-slug", "name": "Fine", "summary": "One line."}
    cases = [
        ({"slug": "Bad_Slug"}, "INVALID_INPUT", "slug"),
        ({"slug": "ab"}, "INVALID_INPUT", "slug"),
        ({"slug": "double--hyphen"}, "INVALID_INPUT", "slug"),
        ({"slug": "taken-slug"}, "ALREADY_EXISTS", "slug"),
        ({"tags": [f"t{i}" for i in range(11)]}, "INVALID_INPUT", "tags"),
        ({"tags": ["Chemistry"]}, "INVALID_INPUT", "tags"),
        ({"tags": ["a", "a"]}, "INVALID_INPUT", "tags"),
        ({"tags": ["x" * 33]}, "INVALID_INPUT", "tags"),
        ({"summary": "two\nlines"}, "INVALID_INPUT", "summary"),
        ({"summary": "  "}, "INVALID_INPUT", "summary"),
        ({"description": "#" * 20_001}, "INVALID_INPUT", "description"),
        ({"name": "n" * 101}, "INVALID_INPUT", "name"),
    ]
    apps_before = await support.count_rows(app, QuantumApp)
    for change, code, field in cases:
        variables = {"projectId": project_id, "input": {**good, **change}}
        body = await support.post(client, support.RELEASE, variables, developer)
        result = body["data"]["releaseProject"]
        assert (result["code"], result["field"]) == (code, field), (change, result)
    assert await support.count_rows(app, QuantumApp) == apps_before
    assert await support.count_rows(app, Tag) == 0
    # and a project releases once
    body = await support.post(
        client, support.RELEASE, {"projectId": project_id, "input": good}, developer
    )
    assert body["data"]["releaseProject"]["__typename"] == "ReleaseProjectSuccess"
    body = await support.post(
        client,
        support.RELEASE,
        {"projectId": project_id, "input": {**good, "slug": "other-slug"}},
        developer,
    )
    assert body["data"]["releaseProject"]["code"] == "ALREADY_EXISTS"


async def test_tags_are_shared_nodes_and_updates_replace_them(app, client):
    developer = (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers
    first = await support.release(client, developer, "first-app", tags=["qaoa", "maxcut"])
    second = await support.release(client, developer, "second-app", tags=["qaoa"])
    shared = {t["name"]: t["id"] for t in first["tags"]}
    assert second["tags"] == [{"id": shared["qaoa"], "name": "qaoa"}]
    assert await support.count_rows(app, Tag) == 2
    body = await support.post(client, NODE, {"id": shared["qaoa"]}, {})
    assert body["data"]["node"] == {"id": shared["qaoa"]}
    variables = {"id": first["id"], "input": {"tags": ["graphs"], "name": "Renamed"}}
    body = await support.post(client, UPDATE_APP, variables, developer)
    updated = body["data"]["updateApp"]["app"]
    assert updated["name"] == "Renamed" and updated["tags"] == [{"name": "graphs"}]


async def test_archived_apps_take_no_versions_and_are_hidden_from_others(app, client):
    # given a public app with a draft, and another developer and an admin
    owner = (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers
    other = (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers
    admin = (await make_user(app, Role.CONSUMER, Role.ADMIN)).headers
    found = await support.release(client, owner, "to-archive")
    draft = await support.new_version(client, owner, found["id"], "1.0.0")
    # when another developer tries to archive it, they are refused
    body = await support.post(client, ARCHIVE, {"id": found["id"], "archived": True}, other)
    assert body["data"]["archiveApp"]["code"] == "FORBIDDEN"
    # when its owner archives it
    body = await support.post(client, ARCHIVE, {"id": found["id"], "archived": True}, owner)
    assert body["data"]["archiveApp"]["app"]["archived"] is True
    # then others no longer see it, its owner and admins do
    assert (await support.post(client, APP, {"slug": "to-archive"}, other))["data"]["app"] is None
    assert (await support.post(client, APP, {"slug": "to-archive"}, {}))["data"]["app"] is None
    assert (await support.post(client, APP, {"slug": "to-archive"}, owner))["data"]["app"]
    assert (await support.post(client, APP, {"slug": "to-archive"}, admin))["data"]["app"]
    # and it takes no new version, nor publishes its draft; nothing is written
    refused = await support.create_version(client, owner, found["id"], "1.1.0")
    assert refused["code"] == "APP_ARCHIVED"
    assert (await support.move(client, owner, "publishAppVersion", draft))["code"] == "APP_ARCHIVED"
    assert await support.count_rows(app, AppVersion) == 1
    # and an admin may restore it (moderation), after which it publishes
    body = await support.post(client, ARCHIVE, {"id": found["id"], "archived": False}, admin)
    assert body["data"]["archiveApp"]["app"]["archived"] is False
    moved = await support.move(client, owner, "publishAppVersion", draft)
    assert moved["__typename"] == "AppVersionStatusChanged"


async def test_others_cannot_edit_see_drafts_or_publish_anothers_app(app, client):
    owner = (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers
    other = (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers
    admin = (await make_user(app, Role.CONSUMER, Role.ADMIN)).headers
    found = await support.release(client, owner, "owned-app")
    released = await support.published(client, owner, found["id"], "1.0.0")
    draft = await support.new_version(client, owner, found["id"], "1.1.0")
    # another developer cannot edit the (visible) app
    variables = {"id": found["id"], "input": {"name": "Mine now"}}
    assert (await support.post(client, UPDATE_APP, variables, other))["data"]["updateApp"][
        "code"
    ] == "FORBIDDEN"
    # nor see the draft, by ID or by version, nor in the list
    assert (await support.post(client, NODE, {"id": draft}, other))["data"]["node"] is None
    seen = (await support.post(client, APP, {"slug": "owned-app"}, other))["data"]["app"]
    assert [e["node"]["version"] for e in seen["versions"]["edges"]] == ["1.0.0"]
    owner_view = (await support.post(client, APP, {"slug": "owned-app"}, owner))["data"]["app"]
    assert [e["node"]["version"] for e in owner_view["versions"]["edges"]] == ["1.1.0", "1.0.0"]
    # nor publish it (it reads as not found), nor yank the published one
    assert (await support.move(client, other, "publishAppVersion", draft))["code"] == "NOT_FOUND"
    assert (await support.move(client, other, "yankAppVersion", released))["code"] == "FORBIDDEN"
    # an admin moderates: may yank, but not publish the owner's draft
    assert (await support.move(client, admin, "publishAppVersion", draft))["code"] == "FORBIDDEN"
    yanked = await support.move(client, admin, "yankAppVersion", released)
    assert yanked["version"]["status"] == "YANKED"
    # and an unlisted app reads as null to others and the anonymous, by slug and by ID
    unlisted = await support.release(client, owner, "secret-app", visibility="UNLISTED")
    for headers in (other, {}):
        assert (await support.post(client, APP, {"slug": "secret-app"}, headers))["data"][
            "app"
        ] is None
        assert (await support.post(client, NODE, {"id": unlisted["id"]}, headers))["data"][
            "node"
        ] is None
    variables = {"id": unlisted["id"], "input": {"name": "x"}}
    assert (await support.post(client, UPDATE_APP, variables, other))["data"]["updateApp"][
        "code"
    ] == "NOT_FOUND"


async def test_a_project_is_deleted_only_before_anything_was_published(app, client):
    owner = (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers
    other = (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers
    # a project with an app and a draft goes, with them
    draft_app = await support.release(client, owner, "short-lived")
    await support.new_version(client, owner, draft_app["id"], "0.1.0")
    mine = (await support.post(client, MY, {}, owner))["data"]["myProjects"]["edges"]
    project_id = (await _project_of(client, owner, "short-lived"))["id"]
    body = await support.post(client, DELETE_PROJECT, {"id": project_id}, other)
    assert body["data"]["deleteProject"]["code"] == "NOT_FOUND"
    body = await support.post(client, DELETE_PROJECT, {"id": project_id}, owner)
    assert body["data"]["deleteProject"]["__typename"] == "DeleteProjectSuccess"
    assert len(mine) == 1 and await support.count_rows(app, QuantumApp) == 0
    assert await support.count_rows(app, AppVersion) == 0
    # a project whose app published a version stays
    kept = await support.release(client, owner, "long-lived")
    await support.published(client, owner, kept["id"], "1.0.0")
    project_id = (await _project_of(client, owner, "long-lived"))["id"]
    body = await support.post(client, DELETE_PROJECT, {"id": project_id}, owner)
    assert body["data"]["deleteProject"]["code"] == "PROJECT_HAS_PUBLISHED_VERSIONS"
    assert await support.count_rows(app, QuantumApp) == 1


async def _project_of(client, headers, slug):
    body = await support.post(client, APP, {"slug": slug}, headers)
    return body["data"]["app"]["project"]

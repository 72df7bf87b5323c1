"""App versions over HTTP: templates with placed errors, constraints, semantic-version order,
immutability once published, yanking, and hostile input refused with nothing written."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from domain.apps.models import AppVersion
from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support

VERSIONS = """
query Versions($slug: String!, $pre: Boolean, $first: Int, $after: String, $v: String!) {
  app(slug: $slug) {
    latestVersion { version }
    version(version: $v) { version status yankReason }
    versions(includePrerelease: $pre, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { version status prerelease } }
    }
  }
}
"""
UPDATE = """
mutation Update($id: ID!, $input: UpdateAppVersionInput!) {
  updateAppVersion(id: $id, input: $input) {
    __typename
    ... on UpdateAppVersionSuccess { version { template estimates { qubits } inputSchema } }
    ... on Error { code message }
    ... on AppVersionImmutableError { status }
    ... on InvalidCircuitError { line column }
  }
}
"""
YANK = """
mutation Yank($id: ID!, $reason: String) {
  yankAppVersion(id: $id, reason: $reason) {
    __typename ... on AppVersionStatusChanged { version { status } } ... on Error { code }
  }
}
"""


@pytest.fixture
async def developer(app):
    return (await make_user(app, Role.CONSUMER, Role.DEVELOPER)).headers


@pytest.fixture
async def an_app(client, developer):
    return await support.release(client, developer, "versioned")


async def _versions(client, headers, *, pre=False, first=None, after=None, v="0.0.0"):
    variables = {"slug": "versioned", "pre": pre, "first": first, "after": after, "v": v}
    body = await support.post(client, VERSIONS, variables, headers)
    assert "errors" not in body, body
    return body["data"]["app"]


def _names(found):
    return [e["node"]["version"] for e in found["versions"]["edges"]]


BROKEN_TEMPLATES = [
    # (template, line, column, code)
    (
        'OPENQASM 3.0;\ninclude "stdgates.inc";\ninput angle[32] theta;\nqubit[1] q;\n'
        "rx(theta q[0];\n",
        5,
        10,
        "INVALID_CIRCUIT",
    ),
    (
        'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nrx(alpha) q[0];\n',
        4,
        4,
        "INVALID_CIRCUIT",
    ),
    (
        'OPENQASM 3.0;\ninclude "stdgates.inc";\ninput int[8] n;\nqubit[1] q;\nh q[0];\n',
        3,
        1,
        "INVALID_CIRCUIT",
    ),
    ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nh q[0];\n', 1, 1, "INVALID_CIRCUIT"),
]


@pytest.mark.parametrize(("template", "line", "column", "code"), BROKEN_TEMPLATES)
async def test_a_bad_template_is_an_invalid_circuit_with_line_and_column(
    app, client, developer, an_app, template, line, column, code
):
    # when a version is created with a template that does not parse
    result = await support.create_version(
        client, developer, an_app["id"], "1.0.0", template=template
    )
    # then it is refused where the problem is, and nothing is written
    assert result["__typename"] == "InvalidCircuitError", result
    assert (result["code"], result["line"], result["column"]) == (code, line, column), result
    assert await support.count_rows(app, AppVersion) == 0


CONSTRAINTS = [
    ({"alpha": {"minimum": 0}}, "names no `input`"),
    ({"theta": {"minimum": 2, "maximum": 1}}, "above maximum"),
    ({"theta": {"minimum": True}}, "must be a number"),
    ({"theta": {"minimum": "0"}}, "must be a number"),
    ({"theta": {"enum": [0, 5], "maximum": 1}}, "does not fit"),
    ({"theta": {"enum": ["a"]}}, "must be a number"),
    ({"theta": {"enum": []}}, "list of 1 to 100"),
    ({"theta": {"pattern": "x"}}, "unknown keys"),
    ({"theta": 3}, "is an object"),
    ([1, 2], "object keyed by input name"),
    ({"theta": {"description": "d" * 501}}, "at most 500"),
    ({"theta": {"description": "x" * 70_000}}, "larger than"),
]


@pytest.mark.parametrize(("constraints", "says"), CONSTRAINTS)
async def test_constraints_must_agree_with_the_declared_inputs(
    app, client, developer, an_app, constraints, says
):
    result = await support.create_version(
        client, developer, an_app["id"], "1.0.0", constraints=constraints
    )
    assert (result["__typename"], result["field"]) == ("InvalidInputError", "constraints"), result
    assert says in result["message"], result
    assert await support.count_rows(app, AppVersion) == 0


async def test_deeply_nested_constraints_are_refused_at_the_door(app, client, developer, an_app):
    # given constraints nested 200 levels (JSON reads them) and 5,000 (past the JSON limit)
    for depth in (200, 5_000):
        deep = b'{"theta": ' * depth + b"1" + b"}" * depth
        variables = json.dumps(
            {"appId": an_app["id"], "input": {"version": "1.0.0", "template": support.TEMPLATE}}
        ).encode()
        body = (
            b'{"query": '
            + json.dumps(support.CREATE_VERSION).encode()
            + b', "variables": '
            + variables[:-2]
            + b', "constraints": '
            + deep
            + b"}}}"  # the input, the variables, the body
        )
        headers = {**developer, "content-type": "application/json"}
        response = await client.post("/graphql", content=body, headers=headers)
        # then the shallower is a typed refusal, the deeper a 400 before anything runs
        if depth == 200:
            result = response.json()["data"]["createAppVersion"]
            assert (result["__typename"], result["field"]) == ("InvalidInputError", "constraints")
        else:
            assert response.status_code == 400
            assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert await support.count_rows(app, AppVersion) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", "1.0"),
        ("version", "01.0.0"),
        ("version", "v1.0.0"),
        ("version", "1.0.0-" + "a" * 80),
        ("version", "1000000000.0.0"),
        ("releaseNotes", "n" * 20_001),
        ("documentation", "d" * 100_001),
        ("sdk", ""),
        ("defaultShots", 0),
        ("defaultShots", 100_001),
        ("template", "   "),
    ],
)
async def test_version_fields_are_validated(app, client, developer, an_app, field, value):
    fields = {field: value}
    version = fields.pop("version", "1.0.0")
    result = await support.create_version(client, developer, an_app["id"], version, **fields)
    assert result["__typename"] == "InvalidInputError", result
    assert result["field"] == field, result
    assert await support.count_rows(app, AppVersion) == 0


async def test_a_nul_byte_in_a_template_is_refused_at_the_door(app, client, developer, an_app):
    body = await support.post(
        client,
        support.CREATE_VERSION,
        {"appId": an_app["id"], "input": {"version": "1.0.0", "template": "OPENQASM 3.0;\x00"}},
        developer,
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await support.count_rows(app, AppVersion) == 0


async def test_versions_are_ordered_by_semantic_version_precedence(client, developer, an_app):
    # given versions created out of order, all published
    for version in ["1.9.0", "1.10.0", "1.10.0-rc.1", "2.0.0-alpha", "1.0.0", "1.10.0-beta.2"]:
        await support.published(client, developer, an_app["id"], version)
    # then releases list highest first: 1.10.0 after 1.9.0 in precedence
    found = await _versions(client, {})
    assert _names(found) == ["1.10.0", "1.9.0", "1.0.0"]
    assert found["versions"]["totalCount"] == 3
    # and pre-releases come before their release when asked for
    found = await _versions(client, {}, pre=True)
    assert _names(found) == [
        "2.0.0-alpha",
        "1.10.0",
        "1.10.0-rc.1",
        "1.10.0-beta.2",
        "1.9.0",
        "1.0.0",
    ]
    # and the latest version is the highest release, never a pre-release
    assert found["latestVersion"] == {"version": "1.10.0"}
    # and pages follow the same order
    first = await _versions(client, {}, pre=True, first=2)
    assert _names(first) == ["2.0.0-alpha", "1.10.0"]
    rest = await _versions(
        client, {}, pre=True, first=10, after=first["versions"]["pageInfo"]["endCursor"]
    )
    assert _names(rest) == ["1.10.0-rc.1", "1.10.0-beta.2", "1.9.0", "1.0.0"]
    # and one version is found by its version, build metadata ignored
    assert (await _versions(client, {}, v="1.10.0+build.7"))["version"]["version"] == "1.10.0"
    assert (await _versions(client, {}, v="not a version"))["version"] is None


async def test_a_version_equal_in_precedence_exists_once(app, client, developer, an_app):
    await support.new_version(client, developer, an_app["id"], "1.0.0")
    for again in ("1.0.0", "1.0.0+build.1"):
        result = await support.create_version(client, developer, an_app["id"], again)
        assert (result["code"], result["field"]) == ("ALREADY_EXISTS", "version")
    assert await support.count_rows(app, AppVersion) == 1


async def test_a_published_version_is_immutable(app, client, developer, an_app):
    # given a draft, which can change: a new template recomputes the schema and estimates
    draft = await support.new_version(client, developer, an_app["id"], "1.0.0")
    three_qubits = support.TEMPLATE.replace("qubit[2] q;", "qubit[3] q;").replace(
        "bit[2] c;", "bit[3] c;"
    )
    body = await support.post(
        client, UPDATE, {"id": draft, "input": {"template": three_qubits}}, developer
    )
    updated = body["data"]["updateAppVersion"]["version"]
    assert updated["estimates"]["qubits"] == 3 and "qubit[3] q;" in updated["template"]
    # and a bad template in an update is placed, and changes nothing
    body = await support.post(
        client,
        UPDATE,
        {"id": draft, "input": {"template": "OPENQASM 3.0;\nqubit[1] q;\nfoo q;"}},
        developer,
    )
    assert body["data"]["updateAppVersion"]["__typename"] == "InvalidCircuitError"
    assert body["data"]["updateAppVersion"]["line"] == 3
    # when it is published
    await support.move(client, developer, "publishAppVersion", draft)
    # then no field of it changes any more
    for change in (
        {"template": support.TEMPLATE},
        {"releaseNotes": "edited"},
        {"defaultShots": 10},
    ):
        body = await support.post(client, UPDATE, {"id": draft, "input": change}, developer)
        result = body["data"]["updateAppVersion"]
        assert (result["code"], result["status"]) == ("VERSION_IMMUTABLE", "PUBLISHED"), result
    async with app.state.services.sessionmaker() as session:
        row = await session.scalar(select(AppVersion))
    assert row is not None and "qubit[3] q;" in row.template and row.release_notes == ""
    assert row.default_shots == 1024
    # and the database refuses any other writer too, while status moves stay allowed
    async with app.state.services.sessionmaker() as session:
        with pytest.raises(DBAPIError, match="immutable"):
            await session.execute(update(AppVersion).values(template="OPENQASM 3.0;"))
        await session.rollback()
    # and it cannot be published twice
    again = await support.move(client, developer, "publishAppVersion", draft)
    assert (again["code"], again["status"], again["requested"]) == (
        "INVALID_VERSION_TRANSITION",
        "PUBLISHED",
        "PUBLISHED",
    )


async def test_a_yanked_version_still_reads_but_is_never_the_latest(client, developer, an_app):
    older = await support.published(client, developer, an_app["id"], "1.0.0")
    newer = await support.published(client, developer, an_app["id"], "1.1.0")
    assert (await _versions(client, {}))["latestVersion"] == {"version": "1.1.0"}
    # a draft cannot be yanked
    draft = await support.new_version(client, developer, an_app["id"], "1.2.0")
    refused = await support.post(client, YANK, {"id": draft}, developer)
    assert refused["data"]["yankAppVersion"]["code"] == "INVALID_VERSION_TRANSITION"
    # when the newer release is yanked
    body = await support.post(client, YANK, {"id": newer, "reason": "wrong sign"}, developer)
    assert body["data"]["yankAppVersion"]["version"]["status"] == "YANKED"
    # then the latest is the older one, and the yanked one still reads for those pinned to it
    found = await _versions(client, {}, v="1.1.0")
    assert found["latestVersion"] == {"version": "1.0.0"}
    assert found["version"] == {"version": "1.1.0", "status": "YANKED", "yankReason": "wrong sign"}
    assert _names(found) == ["1.1.0", "1.0.0"]
    # and a deprecated release is the default only while no published one is left
    await support.move(client, developer, "deprecateAppVersion", older)
    assert (await _versions(client, {}))["latestVersion"] == {"version": "1.0.0"}
    await support.post(client, YANK, {"id": older}, developer)
    assert (await _versions(client, {}))["latestVersion"] is None
    # and a yanked version is not deprecated afterwards
    refused = await support.move(client, developer, "deprecateAppVersion", newer)
    assert refused["code"] == "INVALID_VERSION_TRANSITION"


async def test_a_huge_template_is_refused_and_nothing_is_written(app, client, developer, an_app):
    # 300,000 characters: past the program size limit jobs have, under the HTTP body limit
    huge = support.TEMPLATE + "// padding\n" * 27_300
    result = await support.create_version(client, developer, an_app["id"], "1.0.0", template=huge)
    assert result["__typename"] in ("InvalidCircuitError", "CircuitLimitExceededError"), result
    assert await support.count_rows(app, AppVersion) == 0


async def test_racing_creates_of_one_version_make_one(app, client, developer, an_app):
    # when two requests create 1.0.0 at once
    results = await asyncio.gather(
        *(support.create_version(client, developer, an_app["id"], "1.0.0") for _ in range(2))
    )
    # then one is made and the other is told it exists
    kinds = sorted(r["__typename"] for r in results)
    assert kinds == ["CreateAppVersionSuccess", "InvalidInputError"], results
    assert await support.count_rows(app, AppVersion) == 1

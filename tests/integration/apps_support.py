"""Shared steps of the apps tests: a developer's project, app and versions, over HTTP."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

TEMPLATE = """OPENQASM 3.0;
include "stdgates.inc";
input angle[32] theta;
input float[64] phi;
qubit[2] q;
bit[2] c;
h q[0];
rx(theta) q[0];
rz(phi) q[1];
cx q[0], q[1];
c = measure q;
"""

CREATE_PROJECT = """
mutation Create($input: CreateProjectInput!) {
  createProject(input: $input) {
    __typename
    ... on CreateProjectSuccess { project { id name description createdAt owner { username } } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""
RELEASE = """
mutation Release($projectId: ID!, $input: ReleaseProjectInput!) {
  releaseProject(projectId: $projectId, input: $input) {
    __typename
    ... on ReleaseProjectSuccess { app { id slug name summary category visibility archived
      tags { id name } owner { username } } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""
CREATE_VERSION = """
mutation Version($appId: ID!, $input: CreateAppVersionInput!) {
  createAppVersion(appId: $appId, input: $input) {
    __typename
    ... on CreateAppVersionSuccess { version { id version status prerelease inputSchema
      estimates { qubits depth twoQubitGates shots } } }
    ... on Error { code message }
    ... on InvalidInputError { field }
    ... on InvalidCircuitError { line column }
  }
}
"""
MOVE = """
mutation Move($id: ID!) {
  %s(id: $id) {
    __typename
    ... on AppVersionStatusChanged { version { id version status publishedAt yankedAt } }
    ... on Error { code message }
    ... on InvalidVersionTransitionError { status requested }
  }
}
"""


async def post(client: Any, query: str, variables: dict[str, Any], headers: Any) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return response.json()


async def create_project(client: Any, headers: Any, name: str = "VQE for H2") -> str:
    body = await post(client, CREATE_PROJECT, {"input": {"name": name}}, headers)
    result = body["data"]["createProject"]
    assert result["__typename"] == "CreateProjectSuccess", body
    return result["project"]["id"]


async def release(client: Any, headers: Any, slug: str, **fields: Any) -> dict[str, Any]:
    """A new project released as the app `slug`; returns the app."""
    project_id = await create_project(client, headers)
    app_input = {"slug": slug, "name": slug.title(), "summary": "Finds a ground state.", **fields}
    body = await post(client, RELEASE, {"projectId": project_id, "input": app_input}, headers)
    result = body["data"]["releaseProject"]
    assert result["__typename"] == "ReleaseProjectSuccess", body
    return result["app"]


async def create_version(
    client: Any, headers: Any, app_id: str, version: str, **fields: Any
) -> dict[str, Any]:
    """The raw `createAppVersion` result."""
    version_input = {"version": version, "template": TEMPLATE, **fields}
    body = await post(client, CREATE_VERSION, {"appId": app_id, "input": version_input}, headers)
    assert "errors" not in body, body
    return body["data"]["createAppVersion"]


async def new_version(client: Any, headers: Any, app_id: str, version: str, **fields: Any) -> str:
    result = await create_version(client, headers, app_id, version, **fields)
    assert result["__typename"] == "CreateAppVersionSuccess", result
    return result["version"]["id"]


async def move(client: Any, headers: Any, mutation: str, version_id: str) -> dict[str, Any]:
    body = await post(client, MOVE % mutation, {"id": version_id}, headers)
    assert "errors" not in body, body
    return body["data"][mutation]


async def published(client: Any, headers: Any, app_id: str, version: str) -> str:
    version_id = await new_version(client, headers, app_id, version)
    result = await move(client, headers, "publishAppVersion", version_id)
    assert result["__typename"] == "AppVersionStatusChanged", result
    return version_id


async def count_rows(app: Any, model: Any) -> int:
    async with app.state.services.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))

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


async def published(client: Any, headers: Any, app_id: str, version: str, **fields: Any) -> str:
    version_id = await new_version(client, headers, app_id, version, **fields)
    result = await move(client, headers, "publishAppVersion", version_id)
    assert result["__typename"] == "AppVersionStatusChanged", result
    return version_id


async def count_rows(app: Any, model: Any) -> int:
    async with app.state.services.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


async def insert_apps(app: Any, owner_id: Any, n: int, *, tags: tuple[str, ...] = ()) -> None:
    """`n` public apps of `owner_id`, each with a published 1.0.0 and a draft 1.1.0, written
    straight to the database (the template is not parsed: these are for reading)."""
    from sqlalchemy import insert

    from domain.apps.models import AppVersion, Project, QuantumApp, Tag, app_tags
    from domain.apps.semantic_versions import parse_version, precedence_key

    async with app.state.services.sessionmaker() as session, session.begin():
        tag_ids = []
        for name in tags:
            tag = Tag(name=name)
            session.add(tag)
            await session.flush()
            tag_ids.append(tag.id)
        for index in range(n):
            project = Project(owner_id=owner_id, name=f"Project {index}")
            session.add(project)
            await session.flush()
            found = QuantumApp(
                owner_id=owner_id,
                project_id=project.id,
                slug=f"app-{index}-{project.id.hex[:6]}",
                name=f"App {index}",
                summary="Reads.",
                description="",
                category="OTHER",
                visibility="PUBLIC",
            )
            session.add(found)
            await session.flush()
            for version, status in (("1.0.0", "PUBLISHED"), ("1.1.0", "DRAFT")):
                session.add(
                    AppVersion(
                        app_id=found.id,
                        version=version,
                        precedence=precedence_key(parse_version(version)),
                        prerelease=False,
                        status=status,
                        release_notes="",
                        sdk="qiskit",
                        template=TEMPLATE,
                        input_schema={},
                        constraints={},
                        documentation="",
                        default_shots=1024,
                        qubits=2,
                        depth=4,
                        two_qubit_gates=1,
                        cost_estimates=[
                            {"backend": "aer_simulator", "amount": "0", "currency": "USD"}
                        ],
                    )
                )
            if tag_ids:
                await session.execute(
                    insert(app_tags), [{"app_id": found.id, "tag_id": t} for t in tag_ids]
                )


PUBLISH_TO_REGISTRY = """
mutation Publish($versionId: ID!) {
  publishToRegistry(versionId: $versionId) {
    __typename
    ... on PublishToRegistrySuccess { entry { id sha256 size downloads
      app { slug } version { version } } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""
DOWNLOAD = """
mutation Download($versionId: ID!) {
  downloadAppVersion(versionId: $versionId) {
    __typename
    ... on DownloadLink { url expiresAt sha256 size entry { id downloads } }
    ... on Error { code message }
  }
}
"""


async def in_registry(client: Any, headers: Any, version_id: str) -> dict[str, Any]:
    """Publish the version to the registry; returns the entry."""
    body = await post(client, PUBLISH_TO_REGISTRY, {"versionId": version_id}, headers)
    result = body["data"]["publishToRegistry"]
    assert result["__typename"] == "PublishToRegistrySuccess", body
    return result["entry"]


async def download_link(client: Any, headers: Any, version_id: str) -> dict[str, Any]:
    body = await post(client, DOWNLOAD, {"versionId": version_id}, headers)
    assert "errors" not in body, body
    return body["data"]["downloadAppVersion"]


PUBLISH_TO_MARKETPLACE = """
mutation List($appId: ID!, $input: MarketplaceListingInput!) {
  publishToMarketplace(appId: $appId, input: $input) {
    __typename
    ... on MarketplaceListingChanged { listing { id status pricingModel free trialDays
      flatPrice { amount currency } period perRunPrice { amount currency }
      capPerPeriod { amount currency } supportEmail supportUrl app { slug } } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""
LISTING_TERMS = {
    "pricingModel": "FLAT",
    "flatPrice": {"amount": "19.99", "currency": "USD"},
    "period": "MONTH",
    "trialDays": 14,
    "supportEmail": "help@example.org",
    "supportUrl": "https://example.org/support",
}


async def listed(client: Any, headers: Any, app_id: str, **terms: Any) -> dict[str, Any]:
    """List the app in the marketplace; returns the listing."""
    body = await post(
        client,
        PUBLISH_TO_MARKETPLACE,
        {"appId": app_id, "input": {**LISTING_TERMS, **terms}},
        headers,
    )
    result = body["data"]["publishToMarketplace"]
    assert result["__typename"] == "MarketplaceListingChanged", body
    return result["listing"]

"""The registry over HTTP: publishing a version, its package and digest, signed download links
(forged and expired ones refused), and download counts exact under concurrent downloads."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import tarfile
import time
import uuid
from urllib.parse import urlsplit

from sqlalchemy import select

from domain.apps import download_links
from domain.apps.models import QuantumApp, RegistryEntry
from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support

APP_DOWNLOADS = "query App($slug: String!) { app(slug: $slug) { downloads } }"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def _published_entry(app, client, slug: str):
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    found = await support.release(client, developer.headers, slug)
    version_id = await support.published(client, developer.headers, found["id"], "1.0.0")
    entry = await support.in_registry(client, developer.headers, version_id)
    return developer, found, version_id, entry


async def _entry_downloads(app, entry_id: uuid.UUID) -> int:
    async with app.state.services.sessionmaker() as session:
        found = await session.scalar(
            select(RegistryEntry.downloads).where(RegistryEntry.id == entry_id)
        )
        return int(found)


async def test_a_published_version_downloads_as_a_package_with_its_digest(app, client):
    # given a developer's 1.0.0 in the registry
    _, found, version_id, entry = await _published_entry(app, client, "vqe-registry")
    assert entry["version"]["version"] == "1.0.0" and entry["downloads"] == 0
    # when another user asks for a link and downloads it
    consumer = await make_user(app, Role.CONSUMER)
    link = await support.download_link(client, consumer.headers, version_id)
    assert link["__typename"] == "DownloadLink", link
    response = await client.get(_path(link["url"]))
    # then the package's SHA-256 is the graph's and the header's
    assert response.status_code == 200, response.text
    digest = hashlib.sha256(response.content).hexdigest()
    assert digest == link["sha256"] == entry["sha256"] == response.headers["x-package-sha256"]
    assert response.headers["repr-digest"].startswith("sha-256=:")
    assert len(response.content) == link["size"]
    assert "vqe-registry-1.0.0.tar.gz" in response.headers["content-disposition"]
    # and it holds the manifest, the template and the documentation
    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as archive:
        names = sorted(archive.getnames())
        assert names == [
            "vqe-registry-1.0.0/README.md",
            "vqe-registry-1.0.0/circuit.qasm",
            "vqe-registry-1.0.0/manifest.json",
        ]
        manifest = json.load(archive.extractfile("vqe-registry-1.0.0/manifest.json"))
        template = archive.extractfile("vqe-registry-1.0.0/circuit.qasm").read().decode()
    assert manifest["slug"] == "vqe-registry" and manifest["version"] == "1.0.0"
    assert sorted(manifest["inputs"]["properties"]) == ["phi", "theta"]
    assert manifest["estimates"]["qubits"] == 2
    assert template == support.TEMPLATE
    # and the download was counted once, on the entry and on the app
    assert await _entry_downloads(app, uuid.UUID(_path(link["url"]).split("/")[3][:36])) == 1
    body = await support.post(client, APP_DOWNLOADS, {"slug": "vqe-registry"}, None)
    assert body["data"]["app"]["downloads"] == 1
    assert found["slug"] == "vqe-registry"


async def test_concurrent_downloads_are_each_counted_once(app, client):
    # given a registry entry and one link to it
    _, _, version_id, _ = await _published_entry(app, client, "counted-downloads")
    link = await support.download_link(client, None, version_id)
    path = _path(link["url"])
    # when 25 downloads run at once
    responses = await asyncio.gather(*(client.get(path) for _ in range(25)))
    # then each was served and the counts are exact
    assert [r.status_code for r in responses] == [200] * 25
    entry_id = uuid.UUID(path.split("/")[3].split("?")[0])
    assert await _entry_downloads(app, entry_id) == 25
    async with app.state.services.sessionmaker() as session:
        app_downloads = await session.scalar(
            select(QuantumApp.downloads).where(QuantumApp.slug == "counted-downloads")
        )
    assert app_downloads == 25


async def test_forged_malformed_and_expired_links_are_refused_and_not_counted(app, client):
    # given a registry entry
    _, _, version_id, _ = await _published_entry(app, client, "guarded-downloads")
    link = await support.download_link(client, None, version_id)
    path = _path(link["url"])
    entry_id = uuid.UUID(path.split("/")[3].split("?")[0])
    key = download_links.signing_key(app.state.services.jwt_secret)
    base = f"{download_links.DOWNLOAD_PATH}/{entry_id}"
    expired = download_links.sign(key, entry_id, now=time.time() - 3600)
    later = int(time.time()) + 10_000
    cases = {
        # a signature of another key
        f"{base}?expires={later}&signature={'0' * 64}": 403,
        # the real signature with a longer expiry
        path.replace(f"expires={link_expiry(path)}", f"expires={later}"): 403,
        # no signature, garbage, a non-UTF-8 escape, an entry that is not a uuid
        f"{base}?expires={later}": 403,
        f"{base}?expires=soon&signature=abc": 403,
        f"{base}?expires={later}&signature=%FF%FE": 403,
        f"{download_links.DOWNLOAD_PATH}/not-a-uuid?expires={later}&signature=x": 403,
        # a well-signed link whose time has passed
        expired.path: 410,
    }
    for bad, status in cases.items():
        response = await client.get(bad)
        # then each is refused with a clear JSON message
        assert response.status_code == status, (bad, response.text)
        error = response.json()["error"]
        assert error["code"] == ("LINK_EXPIRED" if status == 410 else "LINK_INVALID")
        assert error["message"]
    # and nothing was counted
    assert await _entry_downloads(app, entry_id) == 0


def link_expiry(path: str) -> str:
    return path.split("expires=")[1].split("&", maxsplit=1)[0]


async def test_only_the_owner_publishes_only_published_versions_of_public_apps(app, client):
    # given a developer with a draft and a published version, and another developer
    owner = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    other = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    found = await support.release(client, owner.headers, "owned-registry")
    published = await support.published(client, owner.headers, found["id"], "1.0.0")
    draft = await support.new_version(client, owner.headers, found["id"], "1.1.0")
    unlisted = await support.release(
        client, owner.headers, "unlisted-registry", visibility="UNLISTED"
    )
    unlisted_version = await support.published(client, owner.headers, unlisted["id"], "1.0.0")

    async def publish(headers, version_id):
        body = await support.post(
            client, support.PUBLISH_TO_REGISTRY, {"versionId": version_id}, headers
        )
        return body["data"]["publishToRegistry"]

    # when others or the wrong versions are published, each is refused
    assert (await publish(other.headers, published))["code"] == "FORBIDDEN"
    assert (await publish(other.headers, draft))["code"] == "NOT_FOUND"  # a draft reads as null
    assert (await publish(owner.headers, draft))["code"] == "INVALID_VERSION_TRANSITION"
    assert (await publish(owner.headers, unlisted_version))["field"] == "versionId"
    assert (await publish(owner.headers, "garbage"))["code"] == "NOT_FOUND"
    # and nothing was written
    assert await support.count_rows(app, RegistryEntry) == 0
    # when the owner publishes 1.0.0 twice, the second is refused
    assert (await publish(owner.headers, published))["__typename"] == "PublishToRegistrySuccess"
    assert (await publish(owner.headers, published))["code"] == "ALREADY_EXISTS"
    assert await support.count_rows(app, RegistryEntry) == 1
    # and a version outside the registry has no link
    link = await support.download_link(client, other.headers, draft)
    assert link["code"] == "NOT_FOUND"

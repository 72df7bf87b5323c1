"""GraphiQL is served whole by the API: the page and every asset it names come from this origin.

The browser test (tests/e2e/test_graphiql_browser.py) loads it with everything else blocked;
this one needs no browser: it reads the page as served, fetches every script and stylesheet it
references, and checks that none of them points at or loads from another host.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from qraph import graphiql
from qraph.app import create_app
from qraph.settings import Settings

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
# Hosts a GraphiQL page commonly pulls its code or fonts from; none may appear in what we serve.
CDN_HOSTS = ("unpkg.com", "cdn.jsdelivr.net", "esm.sh", "cdnjs.", "fonts.googleapis.", "gstatic.")


class References(HTMLParser):
    """Every URL the page would load: script src, link href, and any other src."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str | None]] = []  # (tag, url, integrity)
        self.config: str | None = None
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for attribute in ("src", "href"):
            if (url := named.get(attribute)) is not None:
                self.urls.append((tag, url, named.get("integrity")))
        self._in_config = named.get("id") == "qraph-graphiql-config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config = data
            self._in_config = False


def read_page(html: str) -> References:
    parser = References()
    parser.feed(html)
    return parser


async def test_the_page_and_every_asset_it_names_come_from_this_origin(
    client: httpx.AsyncClient,
) -> None:
    # given the GraphiQL page, as a browser gets it
    response = await client.get("/graphql", headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = read_page(response.text)
    loaded = [(tag, url, sri) for tag, url, sri in page.urls if not url.startswith("data:")]
    # then it names the pinned React, GraphiQL, explorer and graphql-ws builds and our script
    names = {url.split("?")[0].rsplit("/", 1)[-1] for _, url, _ in loaded}
    assert {"graphiql.min.js", "plugin-explorer.umd.js", "graphql-ws.min.js"} <= names
    assert {"react.production.min.js", "qraph-graphiql.js", "graphiql.min.css"} <= names
    for tag, url, integrity in loaded:
        # and each is a path on this origin, never a scheme or a protocol-relative host
        assert url.startswith("/static/"), url
        # when it is fetched
        asset = await client.get(url)
        # then it is there, of the right type, and matches the integrity hash the page pins
        assert asset.status_code == 200, url
        expected_type = "text/css" if url.split("?")[0].endswith(".css") else "javascript"
        assert expected_type in asset.headers["content-type"], url
        digest = base64.b64encode(hashlib.sha384(asset.content).digest()).decode()
        assert integrity == f"sha384-{digest}"
        assert tag in ("script", "link")
        text = asset.text
        # and nothing in it loads from elsewhere: no CDN host, and stylesheets use only data: URIs
        assert not [host for host in CDN_HOSTS if f"//{host}" in text], url
        if expected_type == "text/css":
            assert "@import" not in text
            urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", text)
            assert all(u.startswith(("data:", "#")) for u in urls), url
    # and the page's own policy confines the browser to this origin
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert "default-src 'none'" in policy


async def test_the_page_starts_with_a_useful_query(client: httpx.AsyncClient) -> None:
    # when the page is opened outside development (tests run as QRAPH_ENV=test)
    response = await client.get("/graphql", headers=BROWSER)
    config = json.loads(read_page(response.text).config or "null")
    # then the editor starts on a real query of the catalog, and no header is pre-filled
    assert "backends(" in config["defaultQuery"]
    assert config["defaultHeaders"] is None


async def test_assets_are_not_served_when_graphiql_is_off(settings: Settings) -> None:
    # given GraphiQL turned off
    app = create_app(settings.model_copy(update={"graphiql": False}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            # when its script is asked for
            response = await http.get(graphiql.asset_paths()[-1])
    # then there is nothing there
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/static/../settings.py",
        "/static/%2e%2e/settings.py",
        "/static/graphiql/..%2f..%2fsettings.py",
        "/static/graphiql/%00.js",
        "/static/graphiql/" + "a" * 5000,
    ],
)
async def test_asset_paths_cannot_leave_the_static_folder(
    client: httpx.AsyncClient, path: str
) -> None:
    # when a path tries to climb out of the assets folder (or is absurd)
    response = await client.get(path)
    # then it is not found, and no source is served
    assert response.status_code == 404
    assert b"import" not in response.content


def test_every_vendored_file_is_pinned_and_licensed() -> None:
    # given what scripts/refresh-graphiql.sh wrote
    folder = Path(graphiql.STATIC_DIR) / "graphiql"
    packages: list[dict[str, Any]] = json.loads((folder / "versions.json").read_text())
    # then each served file belongs to one pinned package, which has its license beside it
    listed = {name for package in packages for name in package["files"]}
    on_disk = {p.name for p in folder.iterdir() if p.is_file() and p.name != "versions.json"}
    assert listed == on_disk
    for package in packages:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"]), package
        assert package["integrity"].startswith("sha512-")
        slug = package["name"].lstrip("@").replace("/", "-")
        assert (folder / "LICENSES" / f"{slug}.txt").read_text().count("MIT") >= 1

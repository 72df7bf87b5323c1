"""GraphiQL, served whole by the API: the page, its pinned assets and nothing from another host.

Strawberry's own page loads React and GraphiQL from a CDN, so offline (or behind a proxy) it
stays on "Loading...". Here every script and stylesheet comes from `qraph/static/` (refreshed from
the npm registry by `scripts/refresh-graphiql.sh`), each with its Subresource Integrity hash, and
a Content-Security-Policy keeps the page on its own origin. Subscriptions run over
graphql-transport-ws on the same `/graphql` path (see `static/qraph-graphiql.js`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import ipaddress
import json
import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from domain.identity.credentials import API_KEY_PREFIX
from qraph.settings import Environment, Settings

STATIC_DIR = Path(__file__).parent / "static"
ASSETS_PATH = "/static"  # where `static_files()` is mounted
STYLES = ("graphiql/graphiql.min.css", "graphiql/plugin-explorer.css")
# Order matters: each UMD build reads the globals the ones before it set.
SCRIPTS = (
    "graphiql/react.production.min.js",
    "graphiql/react-dom.production.min.js",
    "graphiql/graphiql.min.js",
    "graphiql/plugin-explorer.umd.js",
    "graphiql/graphql-ws.min.js",
    "qraph-graphiql.js",
)
DEV_ADMIN_KEY_FILE = "dev-admin-key"  # written by `qraph serve` (qraph/cli.py)
# What `new_secret` makes (URL-safe base64); anything else in the file is not pre-filled.
_DEV_KEY = re.compile(re.escape(API_KEY_PREFIX) + r"[A-Za-z0-9_-]{16,128}")

# Scripts and styles from this origin only. Styles may be inline because CodeMirror sets element
# styles; fonts and icons are data: URIs inside GraphiQL's stylesheet; 'self' in connect-src
# covers the same host's ws:/wss: (CSP level 3), which the subscriptions use.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)

FIRST_QUERY = """\
# Welcome to Qraph's GraphiQL.
#
# Run this with Ctrl-Enter (or the play button). The Explorer (left rail) builds queries by
# clicking; the Docs describe every type and field. The backend catalog is public; jobs need the
# header in the Headers tab below (in development it holds the local admin's API key).
#
# Try next, in a new tab:
#   subscription { backendStatusChanged(name: "fake_sherbrooke") { name status statusReason } }
# or submit a circuit with `submitJob` (see the README's "Running a circuit") and follow it with
#   subscription { jobUpdated(id: "...") { status } }

query FirstLook {
  backends(filter: {simulator: false}, first: 5) {
    totalCount
    edges {
      node {
        id
        name
        qubits
        status
        calibration { medianT1Us medianT2Us medianTwoQubitError }
      }
    }
  }
}
"""


def static_files() -> StaticFiles:
    """GraphiQL's scripts, styles and their licenses, mounted at `ASSETS_PATH`."""
    return StaticFiles(directory=STATIC_DIR)


def page(request: Request, settings: Settings) -> HTMLResponse:
    """The GraphiQL page; in development, for a caller on this machine, with the admin's header."""
    config = {"defaultQuery": FIRST_QUERY, "defaultHeaders": _dev_headers(request, settings)}
    styles = "".join(
        f'<link rel="stylesheet" href="{url}" integrity="{sri}">'
        for url, sri in map(_asset, STYLES)
    )
    scripts = "".join(
        f'<script src="{url}" integrity="{sri}"></script>' for url, sri in map(_asset, SCRIPTS)
    )
    body = _TEMPLATE.format(styles=styles, scripts=scripts, config=_script_json(config))
    return HTMLResponse(
        body,
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "Cache-Control": "no-store",  # the development header must not outlive its key
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
        },
    )


def asset_paths() -> tuple[str, ...]:
    """The URL path of every asset the page references (for tests)."""
    return tuple(_asset(name)[0].split("?")[0] for name in (*STYLES, *SCRIPTS))


@functools.cache
def _asset(name: str) -> tuple[str, str]:
    """An asset's URL (its hash in the query, so a refresh is never served stale) and SRI hash."""
    content = (STATIC_DIR / name).read_bytes()
    digest = hashlib.sha384(content).digest()
    version = hashlib.sha256(content).hexdigest()[:12]
    return f"{ASSETS_PATH}/{name}?v={version}", "sha384-" + base64.b64encode(digest).decode()


def _dev_headers(request: Request, settings: Settings) -> str | None:
    """The header `make run` prints, pre-filled in the Headers tab.

    Only in development, only with the local admin enabled, and only for a browser on this
    machine: a development server bound to a public address must not hand its admin key to
    whoever opens the page. (Behind a reverse proxy on the same host every caller looks local:
    such a setup is not development, and `QRAPH_CREATE_DEV_ADMIN=false` turns this off.)
    """
    if settings.env is not Environment.DEVELOPMENT or not settings.create_dev_admin:
        return None
    if not _is_loopback(request.client.host if request.client else None):
        return None
    try:
        key = (settings.data_dir / DEV_ADMIN_KEY_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if _DEV_KEY.fullmatch(key) is None:
        return None
    return json.dumps({"Authorization": f"Bearer {key}"}, indent=2)


def _is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no `</script>`, no HTML comment openers."""
    text = json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Qraph GraphiQL</title>
<link rel="icon" href="data:,">
{styles}
<style>body {{ margin: 0; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript.</noscript>
<script type="application/json" id="qraph-graphiql-config">{config}</script>
{scripts}
</body>
</html>
"""

__all__ = ["CONTENT_SECURITY_POLICY", "FIRST_QUERY", "asset_paths", "page", "static_files"]

"""Whether the backend catalog is still loading, as `/health` reports it.

`qraph serve` loads the catalog in a background process after the API answers, so a first
start serves in seconds instead of waiting for every provider. While the catalog is empty and
loading, `/health` says `"catalog": {"status": "loading"}` (overall `"degraded"`, still 200) and
backend queries answer with what is already there. A reload of a catalog that already has rows
is not "loading": what is served is complete, only perhaps a day old.

The status is one Redis key. "loading" carries a TTL, so a loader killed outright cannot leave
the API saying "loading" forever; "failed" keeps the error for the operator.
"""

from __future__ import annotations

import json
import time
from typing import Any

KEY = "qraph:catalog:status"
LOADING_TTL_S = 15 * 60
FAILED_TTL_S = 24 * 3600


def loading_marker() -> str:
    return json.dumps({"status": "loading", "since": time.time()})


def failed_marker(error: str) -> str:
    return json.dumps({"status": "failed", "error": error[:500], "at": time.time()})


def parse(raw: bytes | str | None) -> dict[str, Any]:
    """The status as /health shows it; no key (or an unreadable one) means ready."""
    if raw is None:
        return {"status": "ready"}
    try:
        found = json.loads(raw)
    except ValueError:
        return {"status": "ready"}
    if not isinstance(found, dict) or found.get("status") not in ("loading", "failed"):
        return {"status": "ready"}
    status: dict[str, Any] = {"status": found["status"]}
    if found["status"] == "loading" and isinstance(found.get("since"), int | float):
        status["loading_for_s"] = round(max(time.time() - found["since"], 0.0), 1)
    if found["status"] == "failed":
        status["error"] = str(found.get("error", ""))
    return status

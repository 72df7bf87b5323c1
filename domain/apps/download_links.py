"""Short-lived signed download links: HMAC-SHA256 over the route, the object and the expiry.

One mechanism serves every download: registry packages (`DOWNLOAD_PATH`) and invoices
(`INVOICE_PATH`, domain.billing.invoices). The route is part of what is signed, so a link to
one kind of object can never be replayed against another route.

The signing key is derived from the deployment's token secret (qraph.secrets) with its own
label, so a link can never be confused with a token, and every API process checks a link any
other made. A link carries no identity: whoever holds it may download until it expires.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

DOWNLOAD_PATH = "/downloads/apps"
INVOICE_PATH = "/downloads/invoices"
LINK_TTL_S = 300
_LABEL = b"qraph:app-package-download:v1"


def signing_key(secret: str) -> bytes:
    return hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()


def _signature(key: bytes, entry_id: uuid.UUID, expires: int, path: str) -> str:
    message = f"{entry_id}:{expires}" if path == DOWNLOAD_PATH else f"{path}:{entry_id}:{expires}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Link:
    path: str  # the path and query, to join to the API's base URL
    expires_at: int  # unix seconds


def sign(
    key: bytes, entry_id: uuid.UUID, *, now: float | None = None, path: str = DOWNLOAD_PATH
) -> Link:
    """A link to `path`/`entry_id` (a package by default), good for LINK_TTL_S seconds."""
    expires = int(now if now is not None else time.time()) + LINK_TTL_S
    signature = _signature(key, entry_id, expires, path)
    query = urlencode({"expires": expires, "signature": signature})
    return Link(f"{path}/{entry_id}?{query}", expires)


class LinkRefused(Exception):
    """A link that is forged or malformed (403) or expired (410)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def verify(
    key: bytes,
    raw_id: str,
    expires: str | None,
    signature: str | None,
    *,
    now: float | None = None,
    path: str = DOWNLOAD_PATH,
) -> uuid.UUID:
    """The entry a link names, or LinkRefused. The signature is checked before the expiry, so
    a forged link never learns whether its time would have passed."""
    try:
        entry_id = uuid.UUID(raw_id)
        expiry = int(expires or "")
    except ValueError:
        raise LinkRefused(403, "This download link is malformed.") from None
    if not signature or len(signature) > 128:
        raise LinkRefused(403, "This download link is not signed.")
    expected = _signature(key, entry_id, expiry, path)
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise LinkRefused(403, "This download link's signature is not valid.")
    if expiry < int(now if now is not None else time.time()):
        raise LinkRefused(410, "This download link has expired; ask for a new one.")
    return entry_id

"""The credential in a subscription's connection params, in every shape clients send it.

graphql-ws clients send what `connectionParams` returns as the `connection_init` payload. Apollo
setups commonly send `{headers: {Authorization}}`, others `{authorization}` or `{apiKey}`. Those
shapes are read here; a credential in any other shape (`{token}`, a number, `headers` that is not
an object) is refused as malformed (close 4400), never read as anonymous, so a client that gets
the shape wrong finds out at once instead of seeing only public data.
"""

from __future__ import annotations

import re

from domain.errors import InvalidCredentials
from domain.identity.authn import Credentials

MALFORMED = 4400  # graphql-transport-ws: Bad Request
# A WebSocket close reason holds at most 123 bytes, so refusals stay short.
SHAPES = "use authorization, headers.Authorization or apiKey"
_AUTHORIZATION = ("authorization", "Authorization")
_API_KEY = ("apiKey", "x-api-key", "X-API-Key", "X-Api-Key")
# Names that carry a credential in some client's convention; outside the shapes above they are
# refused rather than ignored. Anything else in the payload is the client's business.
_CREDENTIAL_NAME = re.compile(r"token|auth|apikey|bearer|jwt|secret|password|credential|cookie")


class MalformedConnectionParams(Exception):
    """The connection params carry a credential in a shape we do not read (close 4400)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def credentials_from_params(params: object) -> Credentials:
    """The credential a `connection_init` payload (or an HTTP stream's equivalent) presents.

    Raises MalformedConnectionParams for a shape we don't read and InvalidCredentials (from
    `Credentials.from_headers`) for an `Authorization` that is not `Bearer <value>`.
    """
    if params is None:
        return Credentials()
    if not isinstance(params, dict):
        raise MalformedConnectionParams("The connection params must be an object.")
    headers = params.get("headers")
    if headers is None:
        headers = {}
    if not isinstance(headers, dict):
        raise MalformedConnectionParams("`headers` in the connection params must be an object.")
    authorization = _one(params, headers, _AUTHORIZATION)
    api_key = _one(params, headers, _API_KEY)
    _refuse_other_credentials(params, _AUTHORIZATION + _API_KEY + ("headers",))
    _refuse_other_credentials(headers, _AUTHORIZATION + _API_KEY)
    try:
        return Credentials.from_headers(authorization, api_key)
    except InvalidCredentials as error:
        raise MalformedConnectionParams(error.message[:120]) from error


def _one(
    params: dict[object, object], headers: dict[object, object], names: tuple[str, ...]
) -> str | None:
    """The value under any of `names`, top level or in `headers`; refused unless one string."""
    found = [
        (name, source[name])
        for source in (params, headers)
        for name in names
        if name in source and source[name] is not None
    ]
    for name, value in found:
        if not isinstance(value, str):
            raise MalformedConnectionParams(f"`{name}` must be a string; {SHAPES}")
    values = {value for _, value in found if isinstance(value, str) and value.strip()}
    if len(values) > 1:
        raise MalformedConnectionParams("Send one credential, not several different ones.")
    return values.pop() if values else None


def _refuse_other_credentials(source: dict[object, object], known: tuple[str, ...]) -> None:
    for name in source:
        if not isinstance(name, str):
            continue
        if name not in known and _CREDENTIAL_NAME.search(re.sub(r"[^a-z]", "", name.lower())):
            raise MalformedConnectionParams(f"`{name[:40]}` is not read; {SHAPES}")

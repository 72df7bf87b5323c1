"""The public profile: organisation, bio, avatar and links, checked before they are stored."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from domain.errors import InvalidInput
from domain.identity.models import User

MAX_ORGANIZATION = 200
MAX_BIO = 2000
MAX_URL = 2000
MAX_LABEL = 50
MAX_LINKS = 10


class Keep(Enum):
    """Leave the field as it is (the argument was not given)."""

    KEEP = "KEEP"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """What to change: KEEP leaves a field alone, None (or blank text) clears it."""

    organization: str | Keep | None = KEEP
    bio: str | Keep | None = KEEP
    avatar_url: str | Keep | None = KEEP
    links: list[Link] | Keep | None = KEEP


def apply(user: User, changes: ProfileChanges) -> None:
    """Check every change first, then write them all, so a refusal changes nothing."""
    values: dict[str, Any] = {}
    if changes.organization is not KEEP:
        values["organization"] = _text(changes.organization, MAX_ORGANIZATION, "organization")
    if changes.bio is not KEEP:
        values["bio"] = _text(changes.bio, MAX_BIO, "bio")
    if changes.avatar_url is not KEEP:
        avatar = _text(changes.avatar_url, MAX_URL, "avatarUrl")
        values["avatar_url"] = _web_url(avatar, "avatarUrl") if avatar else None
    if changes.links is not KEEP:
        values["links"] = _links(changes.links or [])
    for name, value in values.items():
        setattr(user, name, value)


def _text(value: str | None, limit: int, field: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise InvalidInput(
            f"`{field}` is limited to {limit} characters; this one has {len(text)}.", field=field
        )
    return text or None


def _web_url(url: str, field: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in url:
        raise InvalidInput(
            f"`{field}` must be an http:// or https:// address, such as https://example.org.",
            field=field,
        )
    return url


def _links(links: list[Link]) -> list[dict[str, str]]:
    if len(links) > MAX_LINKS:
        raise InvalidInput(
            f"A profile holds at most {MAX_LINKS} links; {len(links)} were given.", field="links"
        )
    stored = []
    for index, link in enumerate(links):
        field = f"links[{index}]"
        label = _text(link.label, MAX_LABEL, f"{field}.label")
        if label is None:
            raise InvalidInput(f"`{field}.label` may not be blank.", field=f"{field}.label")
        url = _text(link.url, MAX_URL, f"{field}.url")
        stored.append({"label": label, "url": _web_url(url or "", f"{field}.url")})
    return stored

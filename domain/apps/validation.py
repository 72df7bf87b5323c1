"""What the apps area accepts: slugs, names, tags and Markdown, each with a clear refusal."""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.errors import InvalidInput

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,63}")
TAG = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,31}")
MAX_TAGS = 10
MAX_NAME = 100
MAX_SUMMARY = 200
MAX_SDK = 64
# Markdown, in characters: an app's description, a version's documentation and release notes.
MAX_DESCRIPTION = 20_000
MAX_DOCUMENTATION = 100_000
MAX_RELEASE_NOTES = 20_000
MAX_PROJECT_DESCRIPTION = 5_000
MAX_YANK_REASON = 500


def check_slug(slug: str) -> str:
    if not SLUG.fullmatch(slug):
        raise InvalidInput(
            "A slug has 3 to 64 characters: lowercase letters, digits and single hyphens "
            "between them (e.g. `vqe-h2`).",
            field="slug",
        )
    return slug


def check_name(name: str, *, field: str = "name") -> str:
    value = name.strip()
    if not 1 <= len(value) <= MAX_NAME:
        raise InvalidInput(f"A name has 1 to {MAX_NAME} characters.", field=field)
    if any(ch in value for ch in "\r\n\t"):
        raise InvalidInput("A name is one line.", field=field)
    return value


def check_text(
    text: str, *, field: str, maximum: int, required: bool = False, one_line: bool = False
) -> str:
    """Markdown or plain text of at most `maximum` characters."""
    if required and not text.strip():
        raise InvalidInput(f"`{field}` is empty.", field=field)
    if len(text) > maximum:
        raise InvalidInput(
            f"`{field}` has {len(text):,} characters; the limit is {maximum:,}.", field=field
        )
    if one_line and any(ch in text for ch in "\r\n"):
        raise InvalidInput(f"`{field}` is one line.", field=field)
    return text


def check_tags(tags: Sequence[str]) -> list[str]:
    """At most 10 distinct lowercase tags; duplicates are an error, not silently merged."""
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"At most {MAX_TAGS} tags; got {len(tags):,}.", field="tags")
    for tag in tags:
        if not TAG.fullmatch(tag):
            raise InvalidInput(
                f"`{tag[:40]}` is not a tag: 1 to 32 lowercase letters, digits and single "
                "hyphens between them.",
                field="tags",
            )
    if len(set(tags)) != len(tags):
        raise InvalidInput("Each tag may appear once.", field="tags")
    return list(tags)

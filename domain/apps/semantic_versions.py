"""Semantic versions: parsed and ordered by the `semver` library (SemVer 2.0.0).

The library decides what a version is and how two compare. PostgreSQL cannot call it, so each
version also stores `precedence_key(version)`: a string whose byte order is the library's
precedence order (`tests/unit/test_semantic_versions.py` holds the two to each other), which
pages of versions and the latest version are sorted by in SQL.
"""

from __future__ import annotations

import semver

from domain.errors import InvalidInput

MAX_LENGTH = 64
# Each of major, minor and patch is stored in nine digits.
MAX_COMPONENT = 999_999_999
# A numeric pre-release identifier's length is stored in two digits.
MAX_NUMERIC_IDENTIFIER = 99


def parse_version(text: str) -> semver.Version:
    """The version, or InvalidInput saying why `text` is not a semantic version."""
    if len(text) > MAX_LENGTH:
        raise InvalidInput(
            f"A version has at most {MAX_LENGTH} characters; got {len(text):,}.", field="version"
        )
    # The library's pattern takes any Unicode digit (`\d`); SemVer means ASCII only.
    if not text.isascii():
        raise InvalidInput(
            "A semantic version is ASCII: digits, letters, `.`, `-` and `+`.", field="version"
        )
    try:
        version = semver.Version.parse(text)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            f"`{text}` is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0 or 2.0.0-rc.1).",
            field="version",
        ) from exc
    if max(version.major, version.minor, version.patch) > MAX_COMPONENT:
        raise InvalidInput(
            f"Major, minor and patch are at most {MAX_COMPONENT:,}.", field="version"
        )
    for identifier in (version.prerelease or "").split("."):
        if identifier.isdigit() and len(identifier) > MAX_NUMERIC_IDENTIFIER:
            raise InvalidInput("A numeric pre-release identifier is too long.", field="version")
    return version


def precedence_key(version: semver.Version) -> str:
    """A string that sorts (byte by byte) as the version's precedence; build metadata is
    ignored, as SemVer says.

    Releases end in `~`, above the `-` every pre-release has there, so `1.0.0-rc.1` sorts
    before `1.0.0`. Pre-release identifiers are joined by `!`, below every character an
    identifier may hold, so a shorter list of equal identifiers sorts first. A numeric
    identifier is `0`, its length in two digits, then its digits (numerically ordered, below
    every alphanumeric one); an alphanumeric one is `1` then itself (ASCII order).
    """
    core = f"{version.major:09d}.{version.minor:09d}.{version.patch:09d}"
    if not version.prerelease:
        return core + "~"
    parts = [
        f"0{len(identifier):02d}{identifier}" if identifier.isdigit() else f"1{identifier}"
        for identifier in version.prerelease.split(".")
    ]
    return core + "-" + "!".join(parts)

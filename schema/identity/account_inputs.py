"""Inputs of the account mutations (kept apart from the types, so resolvers can import them)."""

from __future__ import annotations

from typing import Any

import strawberry

from domain.identity import profiles


@strawberry.input(description="A link to show on your profile.")
class ProfileLinkInput:
    label: str = strawberry.field(description="What it is, e.g. `GitHub` (at most 50 characters).")
    url: str = strawberry.field(description="An http:// or https:// address.")


@strawberry.input(
    description="Profile changes. Omitted fields stay as they are; null or blank clears one."
)
class UpdateProfileInput:
    organization: str | None = strawberry.field(
        default=strawberry.UNSET, description="Employer, lab or university (at most 200)."
    )
    bio: str | None = strawberry.field(
        default=strawberry.UNSET, description="A short biography (at most 2000 characters)."
    )
    avatar_url: str | None = strawberry.field(
        default=strawberry.UNSET, description="An http(s) address of a picture."
    )
    links: list[ProfileLinkInput] | None = strawberry.field(
        default=strawberry.UNSET, description="The whole list of links, at most 10; [] clears."
    )

    def to_changes(self) -> profiles.ProfileChanges:
        def keep_unset(value: Any) -> Any:
            return profiles.KEEP if value is strawberry.UNSET else value

        links = keep_unset(self.links)
        if isinstance(links, list):
            links = [profiles.Link(label=x.label, url=x.url) for x in links]
        return profiles.ProfileChanges(
            organization=keep_unset(self.organization),
            bio=keep_unset(self.bio),
            avatar_url=keep_unset(self.avatar_url),
            links=links,
        )

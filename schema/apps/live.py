"""`appUpdated`: live changes of one app."""

from __future__ import annotations

import strawberry

from domain.apps import feed
from resolvers.apps import live as resolve
from schema.apps.types import QuantumApp

AppChangeKind = strawberry.enum(feed.AppChangeKind, description="What changed in an app.")


@strawberry.type(description="An app as it is after a change, and what changed.")
class AppUpdate:
    app: QuantumApp = strawberry.field(description="The app now.")
    changes: list[AppChangeKind] = strawberry.field(  # type: ignore[valid-type]
        description=(
            "VERSION (a version created or moved), STATUS (the app changed: archived, "
            "restored, its details), RATING (reviews changed its rating); empty for the "
            "current state sent first."
        )
    )


@strawberry.type
class AppSubscription:
    app_updated: AppUpdate = strawberry.subscription(  # type: ignore[assignment]
        resolver=resolve.app_updated,
        description=(
            "One app's new versions, status changes and rating changes, from every API "
            "process. Its current state comes first; an app you may not read ends the stream."
        ),
    )

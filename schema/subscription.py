"""The Subscription root (served over graphql-transport-ws only)."""

from __future__ import annotations

import strawberry

from resolvers import backend_events
from schema.backends import Backend
from schema.job_events import JobSubscription


@strawberry.type(description="Live changes, pushed over WebSocket (graphql-transport-ws).")
class Subscription(JobSubscription):
    backend_status_changed: Backend = strawberry.subscription(  # type: ignore[assignment]
        resolver=backend_events.backend_status_changed,
        description=(
            "A backend's status changes. With `name`, the backend's current state comes first, "
            "so nothing is missed between reading and subscribing. Public."
        ),
    )

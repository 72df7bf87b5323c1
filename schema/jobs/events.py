"""Live job and queue updates, mixed into the Subscription root."""

from __future__ import annotations

import strawberry

from resolvers.jobs import events as job_events
from schema.jobs.types import BackendQueue, Job
from schema.permissions import IsAuthenticated, ScopedViewer


@strawberry.type
class JobSubscription:
    job_updated: Job = strawberry.subscription(  # type: ignore[assignment]
        resolver=job_events.job_updated,
        permission_classes=[ScopedViewer],
        description=(
            "One job: its current state first, then its state after each status change; "
            "completes once it reaches COMPLETED, FAILED or CANCELLED. A job that does not exist "
            "or is not yours (admins: anyone's) completes at once without a value."
        ),
    )
    job_updates: Job = strawberry.subscription(  # type: ignore[assignment]
        resolver=job_events.job_updates,
        permission_classes=[IsAuthenticated],
        description=(
            "Your jobs (admins: everyone's) as they change, filtered like `jobs`. No current "
            "state first: read `jobs` after subscribing. Never completes on its own. Sign-in "
            "required."
        ),
    )
    queue_updated: BackendQueue = strawberry.subscription(  # type: ignore[assignment]
        resolver=job_events.queue_updated,
        permission_classes=[IsAuthenticated],
        description=(
            "Backend queues as they change, like `queue` and `queues`: the current state first "
            "(one backend, or every ONLINE or busy one), then at most one message per backend "
            "every 250 ms, the last reflecting the final state. An unknown backend completes "
            "without a value. Sign-in required."
        ),
    )

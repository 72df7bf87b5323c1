"""Jobs: submit, cancel, read, and the queues they wait in."""

from __future__ import annotations

import strawberry


@strawberry.type
class JobQuery:
    pass


@strawberry.type
class JobMutation:
    pass

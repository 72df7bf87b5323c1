"""Live job and queue updates."""

from __future__ import annotations

import strawberry


@strawberry.type
class JobSubscription:
    pass

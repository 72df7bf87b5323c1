"""Results of catalog maintenance."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.errors import ProviderUnavailableError


@strawberry.type(description="The catalog was reloaded.")
class SyncBackendsSuccess:
    created: int = strawberry.field(description="Backends seen for the first time.")
    updated: int = strawberry.field(description="Backends already known, updated in place.")
    retired: int = strawberry.field(description="Backends no provider offers any more.")
    calibrations_written: int = strawberry.field(description="Backends whose calibration changed.")
    calibrations_unchanged: int = strawberry.field(description="Backends with the same snapshot.")
    seconds: float = strawberry.field(description="How long the sync took.")


SyncBackendsResult = Annotated[
    SyncBackendsSuccess | ProviderUnavailableError,
    strawberry.union("SyncBackendsResult", description="The outcome of `syncBackends`."),
]

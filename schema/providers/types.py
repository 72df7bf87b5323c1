"""Provider types: a backend's capabilities and the admin's view of each provider."""

from __future__ import annotations

from datetime import datetime
from typing import Self

import strawberry

from domain.providers.health import ProviderHealth
from schema.backends.inputs import Provider
from schema.backends.types import Backend


@strawberry.type(description="A provider of backends, as the admin sees it.")
class ProviderSummary:
    name: Provider = strawberry.field(description="The provider.")
    configured: bool = strawberry.field(
        description="Whether this deployment can run jobs on it (settings present)."
    )
    reachable: bool = strawberry.field(
        description="False while its circuit breaker is open (calls failing)."
    )
    last_sync_at: datetime | None = strawberry.field(
        description="When the catalog last listed its backends."
    )
    backends: list[Backend] = strawberry.field(description="Its backends in the catalog.")

    @classmethod
    def of(cls, item: ProviderHealth) -> Self:
        return cls(
            name=item.name,
            configured=item.configured,
            reachable=item.reachable,
            last_sync_at=item.last_sync_at,
            backends=[Backend.from_model(row) for row in item.backends],
        )

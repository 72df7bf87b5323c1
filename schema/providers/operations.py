"""Provider root fields."""

from __future__ import annotations

import strawberry

from resolvers.providers import fields as resolve
from schema.permissions import IsAdmin
from schema.providers.types import ProviderSummary


@strawberry.type
class ProviderQuery:
    providers: list[ProviderSummary] = strawberry.field(
        resolver=resolve.providers,
        permission_classes=[IsAdmin],
        description="Every provider: configured, reachable, last catalog sync (admins only).",
    )

"""The Mutation root."""

from __future__ import annotations

import strawberry

from resolvers import catalog as catalog_resolvers
from schema.catalog import SyncBackendsResult
from schema.permissions import IsOperator


@strawberry.type(description="Everything Qraph can be told to do.")
class Mutation:
    sync_backends: SyncBackendsResult = strawberry.field(
        permission_classes=[IsOperator],
        resolver=catalog_resolvers.sync_backends,
        description=(
            "Reload the catalog from every provider (operators only). Idempotent: a second "
            "sync updates rows in place and rewrites calibration only when it changed."
        ),
    )

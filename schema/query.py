"""The Query root."""

from __future__ import annotations

import strawberry
from strawberry import relay

from resolvers import node as node_resolvers
from resolvers.backends import operations as backends_resolvers
from schema.analytics.operations import AnalyticsQuery
from schema.apps.distribution_operations import DistributionQuery
from schema.apps.operations import AppQuery
from schema.backends.types import Backend, BackendStats
from schema.billing.bills import BillQuery
from schema.billing.operations import BillingQuery
from schema.experiments.operations import ExperimentQuery
from schema.identity.accounts import AccountQuery
from schema.identity.admin import AdminQuery
from schema.identity.api_keys import ApiKeyQuery
from schema.identity.usage import UsageQuery
from schema.jobs.operations import JobQuery
from schema.notifications.operations import NotificationQuery
from schema.providers.operations import ProviderQuery
from schema.relay import Connection


@strawberry.type(description="Everything Qraph can be asked.")
class Query(
    AccountQuery,
    ApiKeyQuery,
    UsageQuery,
    AdminQuery,
    JobQuery,
    AppQuery,
    DistributionQuery,
    BillQuery,
    BillingQuery,
    NotificationQuery,
    ExperimentQuery,
    AnalyticsQuery,
    ProviderQuery,
):
    node: relay.Node | None = strawberry.field(
        resolver=node_resolvers.node,
        description="Any object by its global ID; null when it does not exist or is not yours.",
    )
    nodes: list[relay.Node | None] = strawberry.field(
        resolver=node_resolvers.nodes,
        description="Objects by global ID, in the order asked; null for each one not found.",
    )
    backends: Connection[Backend] = strawberry.field(
        resolver=backends_resolvers.list_backends,
        description="The backend catalog: simulators, device emulators and hardware. Public.",
    )
    backend: Backend | None = strawberry.field(
        resolver=backends_resolvers.backend,
        description="One backend by its name, or null. Public.",
    )
    backend_stats: BackendStats = strawberry.field(
        resolver=backends_resolvers.backend_stats,
        description="Counts, qubit totals and calibration medians over the catalog. Public.",
    )

"""The Mutation root."""

from __future__ import annotations

import strawberry

from resolvers.backends import catalog as catalog_resolvers
from resolvers.backends import events as backend_events
from schema.apps.distribution_operations import DistributionMutation
from schema.apps.operations import AppMutation
from schema.apps.reviews import ReviewMutation
from schema.backends.catalog import SyncBackendsResult
from schema.backends.events import SetBackendStatusResult
from schema.billing.bills import BillMutation
from schema.billing.operations import BillingMutation
from schema.experiments.operations import ExperimentMutation
from schema.identity.accounts import AccountMutation
from schema.identity.admin import AdminMutation
from schema.identity.api_keys import ApiKeyMutation
from schema.identity.developers import DeveloperMutation
from schema.jobs.operations import JobMutation
from schema.notifications.operations import NotificationMutation
from schema.permissions import IsAdmin
from schema.providers.accounts import ProviderAccountMutation


@strawberry.type(description="Everything Qraph can be told to do.")
class Mutation(
    AccountMutation,
    ApiKeyMutation,
    AdminMutation,
    JobMutation,
    DeveloperMutation,
    AppMutation,
    DistributionMutation,
    ReviewMutation,
    BillMutation,
    ProviderAccountMutation,
    BillingMutation,
    NotificationMutation,
    ExperimentMutation,
):
    sync_backends: SyncBackendsResult = strawberry.field(
        permission_classes=[IsAdmin],
        resolver=catalog_resolvers.sync_backends,
        description=(
            "Reload the catalog from every provider (admins only). Idempotent: a second "
            "sync updates rows in place and rewrites calibration only when it changed."
        ),
    )
    set_backend_status: SetBackendStatusResult = strawberry.field(
        resolver=backend_events.set_backend_status,
        permission_classes=[IsAdmin],
        description=(
            "Take a backend offline for maintenance, or bring it back (admins only). "
            "Subscribers of `backendStatusChanged` see the change."
        ),
    )

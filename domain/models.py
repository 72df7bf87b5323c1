"""Imports every area's models, so the metadata (and alembic) sees every table."""

from domain.analytics import models as analytics
from domain.apps import models as apps
from domain.backends import models as backends
from domain.billing import accounts as billing_accounts
from domain.billing import bill_models as bills
from domain.billing import models as billing
from domain.experiments import models as experiments
from domain.identity import models as identity
from domain.jobs import models as jobs
from domain.notifications import models as notifications
from domain.providers import models as providers

__all__ = [
    "analytics",
    "apps",
    "backends",
    "billing",
    "billing_accounts",
    "bills",
    "experiments",
    "identity",
    "jobs",
    "notifications",
    "providers",
]

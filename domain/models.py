"""Imports every area's models, so the metadata (and alembic) sees every table."""

from domain.apps import models as apps
from domain.backends import models as backends
from domain.billing import models as billing
from domain.identity import models as identity
from domain.jobs import models as jobs
from domain.notifications import models as notifications
from domain.providers import models as providers

__all__ = ["apps", "backends", "billing", "identity", "jobs", "notifications", "providers"]

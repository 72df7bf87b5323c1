"""Imports every area's models, so the metadata (and alembic) sees every table."""

from domain.backends import models as backends
from domain.identity import models as identity
from domain.jobs import models as jobs

__all__ = ["backends", "identity", "jobs"]

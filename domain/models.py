"""Imports every area's models, so the metadata (and alembic) sees every table."""

from domain.backends import models as backends

__all__ = ["backends"]

"""The providers the catalog syncs from, in the order their backends are listed."""

from __future__ import annotations

from domain.providers.aer import AerProvider
from domain.providers.base import BackendProvider
from domain.providers.ibm_snapshots import IbmSnapshotProvider


def default_providers() -> list[BackendProvider]:
    """Every provider the catalog sync uses by default."""
    return [AerProvider(), IbmSnapshotProvider()]

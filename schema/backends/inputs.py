"""Backend catalog enums and inputs (kept apart from the types, so resolvers can import them)."""

from __future__ import annotations

from enum import Enum

import strawberry

from domain.backends import models
from domain.backends.service import BackendOrderField

# The domain enums are the schema enums: registering them keeps one definition of each.
strawberry.enum(models.Provider, description="Who runs the backend.")
strawberry.enum(models.Technology, description="The physical (or simulated) platform.")
strawberry.enum(models.BackendStatus, description="Whether a backend takes jobs.")
strawberry.enum(BackendOrderField, description="What to sort backends by.")
Provider = models.Provider
Technology = models.Technology
BackendStatus = models.BackendStatus


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="Narrow the catalog. Every given condition must hold.")
class BackendFilter:
    provider: Provider | None = strawberry.field(default=None, description="Only this provider.")
    operational: bool | None = strawberry.field(
        default=None, description="true: ONLINE only; false: every other status."
    )
    simulator: bool | None = strawberry.field(
        default=None, description="true: ideal simulators; false: real devices and emulators."
    )
    min_qubits: int | None = strawberry.field(default=None, description="At least this many.")
    name_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive substring of the name."
    )


@strawberry.input(description="Order of the backend list; ties break by name.")
class BackendOrder:
    field: BackendOrderField = strawberry.field(
        default=BackendOrderField.NAME, description="The sort key."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )

"""Provider enums used by other areas' types."""

from __future__ import annotations

from enum import StrEnum

import strawberry


@strawberry.enum(description="Where a job came from.")
class JobSource(StrEnum):
    QRAPH = "QRAPH"  # submitted through Qraph
    IMPORTED = "IMPORTED"  # found at a provider (a connected account's jobs)

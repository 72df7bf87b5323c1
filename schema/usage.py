"""Budgets and usage: `myUsage` (shots against the rolling budget)."""

from __future__ import annotations

import strawberry


@strawberry.type
class UsageQuery:
    pass

"""Accounts and sessions: register, verify, reset, profile, login, refresh, logout, `me`."""

from __future__ import annotations

import strawberry


@strawberry.type
class AccountQuery:
    pass


@strawberry.type
class AccountMutation:
    pass

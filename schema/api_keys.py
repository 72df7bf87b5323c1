"""API keys: create (the secret is shown once), list, revoke."""

from __future__ import annotations

import strawberry


@strawberry.type
class ApiKeyQuery:
    pass


@strawberry.type
class ApiKeyMutation:
    pass

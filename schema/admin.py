"""Administration: users, roles."""

from __future__ import annotations

import strawberry


@strawberry.type
class AdminQuery:
    pass


@strawberry.type
class AdminMutation:
    pass

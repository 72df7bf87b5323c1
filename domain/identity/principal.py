"""Who is asking: roles, scopes, and how they authenticated."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    CONSUMER = "CONSUMER"
    DEVELOPER = "DEVELOPER"
    ADMIN = "ADMIN"


class Scope(StrEnum):
    JOBS_READ = "jobs:read"
    JOBS_WRITE = "jobs:write"
    APPS_READ = "apps:read"
    APPS_WRITE = "apps:write"
    BILLING_READ = "billing:read"
    ADMIN = "admin"
    # The account itself: email, sessions, API keys, profile, password, signing out.
    ACCOUNT = "account"


# What each role may do at most. A session gets all of it; an API key gets what it names, never
# more than its owner's roles allow (checked when the key is created and on every request).
ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.CONSUMER: frozenset(
        {Scope.JOBS_READ, Scope.JOBS_WRITE, Scope.APPS_READ, Scope.BILLING_READ, Scope.ACCOUNT}
    ),
    Role.DEVELOPER: frozenset(
        {
            Scope.JOBS_READ,
            Scope.JOBS_WRITE,
            Scope.APPS_READ,
            Scope.APPS_WRITE,
            Scope.BILLING_READ,
            Scope.ACCOUNT,
        }
    ),
    Role.ADMIN: frozenset(Scope),
}


def scopes_of(roles: frozenset[Role]) -> frozenset[Scope]:
    """The union of what the roles allow."""
    allowed: frozenset[Scope] = frozenset()
    for role in roles:
        allowed |= ROLE_SCOPES[role]
    return allowed


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller (or the anonymous one). Resolvers authorise against this."""

    user_id: uuid.UUID | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    scopes: frozenset[Scope] = field(default_factory=frozenset)
    session_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None
    rate_limit: int | None = None  # an API key's own requests per minute, if it set one
    issued_at: float | None = None  # an access token's `iat`, to check it again later
    # As the credential said; False may be stale (see `verification.require_verified_email`).
    # Left out of equality: verifying the address changes no access a connection holds.
    email_verified: bool = field(default=False, compare=False)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles and Scope.ADMIN in self.scopes

    def can(self, scope: Scope) -> bool:
        return scope in self.scopes

    def owns(self, owner_id: uuid.UUID | None) -> bool:
        """May see an object owned by `owner_id`: its owner, or an admin."""
        return self.authenticated and (owner_id == self.user_id or self.is_admin)

    def owns_account(self, user_id: uuid.UUID | None) -> bool:
        """May see and manage this account (email, sessions, keys): the user themselves with the
        `account` scope (every session has it; a key only if it was given it), or an admin."""
        if not self.authenticated:
            return False
        return (user_id == self.user_id and self.can(Scope.ACCOUNT)) or self.is_admin


ANONYMOUS = Principal()

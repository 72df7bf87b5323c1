"""Accounts and sessions: register, verify, reset, profile, login, refresh, logout, `me`."""

from __future__ import annotations

import strawberry

from resolvers.identity import accounts as accounts_resolvers
from resolvers.identity import sessions as sessions_resolvers
from schema.identity.account_results import (
    ChangePasswordResult,
    LoginResult,
    RefreshResult,
    RegisterResult,
    RequestPasswordResetResult,
    ResetPasswordResult,
    RevokeSessionResult,
    UpdateProfileResult,
    VerifyEmailResult,
)
from schema.identity.users import User
from schema.permissions import IsAuthenticated


@strawberry.type
class AccountQuery:
    me: User | None = strawberry.field(
        resolver=accounts_resolvers.me,
        description="The signed-in user, with email, profile and sessions; null when anonymous.",
    )


@strawberry.type
class AccountMutation:
    register: RegisterResult = strawberry.field(
        resolver=accounts_resolvers.register,
        description=(
            "Create an account (role CONSUMER) and mail a verification link. A taken email or "
            "username is an ALREADY_EXISTS error naming the field (usernames are public handles; "
            "registration is rate-limited)."
        ),
    )
    verify_email: VerifyEmailResult = strawberry.field(
        resolver=accounts_resolvers.verify_email,
        description="Confirm an email address with the token from the verification mail.",
    )
    resend_verification_email: bool = strawberry.field(
        resolver=accounts_resolvers.resend_verification_email,
        permission_classes=[IsAuthenticated],
        description=(
            "Mail a new verification link. False when the address is already verified or a "
            "link was sent in the last minute."
        ),
    )
    request_password_reset: RequestPasswordResetResult = strawberry.field(
        resolver=accounts_resolvers.request_password_reset,
        description=(
            "Mail a one-time reset link (valid 1 hour) if the address has an account. The "
            "answer is the same either way."
        ),
    )
    reset_password: ResetPasswordResult = strawberry.field(
        resolver=accounts_resolvers.reset_password,
        description="Set a new password with a reset token; every session is signed out.",
    )
    change_password: ChangePasswordResult = strawberry.field(
        resolver=accounts_resolvers.change_password,
        permission_classes=[IsAuthenticated],
        description="Change your password; your other sessions are signed out.",
    )
    update_profile: UpdateProfileResult = strawberry.field(
        resolver=accounts_resolvers.update_profile,
        permission_classes=[IsAuthenticated],
        description="Edit your organisation, bio, avatar and links.",
    )
    login: LoginResult = strawberry.field(
        resolver=sessions_resolvers.login,
        description=(
            "Sign in with email or username. Repeated failures are throttled per account "
            "and per address."
        ),
    )
    refresh: RefreshResult = strawberry.field(
        resolver=sessions_resolvers.refresh,
        description=(
            "Trade a refresh token for new tokens. Each refresh token works once; presenting "
            "a used one signs its session out."
        ),
    )
    logout: bool = strawberry.field(
        resolver=sessions_resolvers.logout,
        permission_classes=[IsAuthenticated],
        description=(
            "Sign out the session of this access token. False when there is none (an API key: "
            "revoke the key instead)."
        ),
    )
    logout_all: int = strawberry.field(
        resolver=sessions_resolvers.logout_all,
        permission_classes=[IsAuthenticated],
        description="Sign out every session of your account; how many were live.",
    )
    revoke_session: RevokeSessionResult = strawberry.field(
        resolver=sessions_resolvers.revoke_session,
        permission_classes=[IsAuthenticated],
        description="Sign out one of your sessions (see `me.sessions`).",
    )

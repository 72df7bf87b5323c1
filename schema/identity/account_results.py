"""What the account and session mutations answer: a success type or a typed error."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

import strawberry

from domain.identity.sessions import Grant
from schema.errors import (
    InvalidCredentialsError,
    InvalidInputError,
    NotFoundError,
    RateLimitedError,
    ThrottledError,
)
from schema.identity.users import Session, User


@strawberry.type(description="The account exists; a verification link was mailed.")
class RegisterSuccess:
    user: User = strawberry.field(description="The new account (sign in to use it).")


@strawberry.type(description="The email address is verified.")
class VerifyEmailSuccess:
    user: User = strawberry.field(description="The account, now verified.")


@strawberry.type(description="The request was taken. The answer is the same for every address.")
class RequestPasswordResetAccepted:
    message: str = strawberry.field(description="What happens next.")


@strawberry.type(description="The password was reset and every session signed out.")
class ResetPasswordSuccess:
    revoked_sessions: int = strawberry.field(description="How many sessions were signed out.")


@strawberry.type(description="The password was changed; your other sessions were signed out.")
class ChangePasswordSuccess:
    revoked_sessions: int = strawberry.field(description="How many sessions were signed out.")


@strawberry.type(description="The profile was saved.")
class UpdateProfileSuccess:
    user: User = strawberry.field(description="The account, with its profile as it is now.")


@strawberry.type(description="Signed in: send `accessToken` as `Authorization: Bearer ...`.")
class LoginSuccess:
    access_token: str = strawberry.field(description="A short-lived JWT for API calls.")
    access_token_expires_at: datetime = strawberry.field(
        description="When the access token stops working; refresh before then."
    )
    refresh_token: str = strawberry.field(
        description="Trade it for new tokens with `refresh`. It works once: keep the newest."
    )
    refresh_token_expires_at: datetime = strawberry.field(
        description="When the session ends; sign in again after that."
    )
    user: User = strawberry.field(description="Who signed in.")
    session: Session = strawberry.field(description="The session these tokens belong to.")

    @classmethod
    def from_grant(cls, grant: Grant) -> Self:
        return cls(
            access_token=grant.access_token,
            access_token_expires_at=grant.access_expires_at,
            refresh_token=grant.refresh_token,
            refresh_token_expires_at=grant.auth_session.expires_at,
            user=User.from_model(grant.user, reveal_email=True),
            session=Session.from_model(grant.auth_session, issued_now=True),
        )


@strawberry.type(description="New tokens; the refresh token you sent no longer works.")
class RefreshSuccess(LoginSuccess):
    pass


@strawberry.type(description="The session was signed out.")
class RevokeSessionSuccess:
    session: Session = strawberry.field(description="The session, now revoked.")


RegisterResult = Annotated[
    RegisterSuccess | InvalidInputError | RateLimitedError,
    strawberry.union("RegisterResult", description="The outcome of `register`."),
]
VerifyEmailResult = Annotated[
    VerifyEmailSuccess | InvalidCredentialsError,
    strawberry.union("VerifyEmailResult", description="The outcome of `verifyEmail`."),
]
RequestPasswordResetResult = Annotated[
    RequestPasswordResetAccepted | InvalidInputError | RateLimitedError,
    strawberry.union(
        "RequestPasswordResetResult", description="The outcome of `requestPasswordReset`."
    ),
]
ResetPasswordResult = Annotated[
    ResetPasswordSuccess | InvalidCredentialsError | InvalidInputError,
    strawberry.union("ResetPasswordResult", description="The outcome of `resetPassword`."),
]
ChangePasswordResult = Annotated[
    ChangePasswordSuccess | InvalidCredentialsError | InvalidInputError | ThrottledError,
    strawberry.union("ChangePasswordResult", description="The outcome of `changePassword`."),
]
UpdateProfileResult = Annotated[
    UpdateProfileSuccess | InvalidInputError,
    strawberry.union("UpdateProfileResult", description="The outcome of `updateProfile`."),
]
LoginResult = Annotated[
    LoginSuccess | InvalidCredentialsError | ThrottledError,
    strawberry.union("LoginResult", description="The outcome of `login`."),
]
RefreshResult = Annotated[
    RefreshSuccess | InvalidCredentialsError,
    strawberry.union("RefreshResult", description="The outcome of `refresh`."),
]
RevokeSessionResult = Annotated[
    RevokeSessionSuccess | NotFoundError,
    strawberry.union("RevokeSessionResult", description="The outcome of `revokeSession`."),
]

"""Credential primitives: argon2id passwords, opaque secrets, short-lived JWT access tokens.

Refresh tokens, API keys and mailed tokens are 256-bit random secrets, so a SHA-256 of them is
enough at rest (nothing to brute-force); passwords are low-entropy and get argon2id.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.errors import InvalidCredentials

# argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane.
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verifying against this keeps "no such account" as slow as "wrong password".
_DUMMY_HASH = PASSWORD_HASHER.hash("qraph-timing-equaliser")

REFRESH_PREFIX = "qr_"
API_KEY_PREFIX = "qk_"
MAIL_TOKEN_PREFIX = "qt_"
JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "qraph"


def hash_password(password: str) -> str:
    return PASSWORD_HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends one argon2 verification."""
    try:
        return PASSWORD_HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False


def new_secret(prefix: str) -> str:
    """A recognisable, URL-safe, 256-bit secret such as `qk_...`."""
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    roles: tuple[str, ...]
    expires_at: datetime
    issued_at: float  # Unix time, sub-second, so a refresh right after a revocation counts
    # True when the address was verified as the token was issued. Verification is never taken
    # back, so only a False needs checking again (the user may have verified since).
    email_verified: bool = False


def issue_access_token(
    *,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    roles: list[str],
    secret: str,
    ttl_s: int,
    email_verified: bool = False,
) -> tuple[str, datetime]:
    """A signed access token and its expiry."""
    now = datetime.now(UTC)
    expires = now + timedelta(seconds=ttl_s)
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
        "roles": sorted(roles),
        "iat": now.timestamp(),
        "exp": expires,
        "aud": JWT_AUDIENCE,
        "typ": "access",
        "ev": email_verified,
    }
    return jwt.encode(claims, secret, algorithm=JWT_ALGORITHM), expires


def decode_access_token(token: str, *, secret: str) -> AccessClaims:
    """The claims of a valid, unexpired access token; InvalidCredentials otherwise."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            audience=JWT_AUDIENCE,
            options={"require": ["sub", "sid", "exp", "iat", "aud"]},
        )
        if claims.get("typ") != "access":
            raise InvalidCredentials("Not an access token.")
        return AccessClaims(
            user_id=uuid.UUID(claims["sub"]),
            session_id=uuid.UUID(claims["sid"]),
            roles=tuple(claims.get("roles", ())),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
            issued_at=float(claims["iat"]),
            email_verified=claims.get("ev") is True,
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidCredentials("The access token has expired; refresh it.") from exc
    except (jwt.InvalidTokenError, ValueError, KeyError) as exc:
        raise InvalidCredentials("The access token is not valid.") from exc

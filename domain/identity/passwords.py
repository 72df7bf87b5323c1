"""The password rule, in one place: long enough, of mixed kinds, and not the account's own name.

Kept deliberately simple (NIST SP 800-63B favours length over composition rules): one length
floor, at least two kinds of character, and never the email address or username itself.
"""

from __future__ import annotations

import asyncio

from domain.errors import InvalidInput
from domain.identity.credentials import PASSWORD_HASHER, hash_password, verify_password

# argon2 takes any length, but hashing megabytes on request is a denial of service.
MAX_LENGTH = 1024
KINDS = "lower-case letters, upper-case letters, digits, other characters (spaces, symbols)"


def rule(min_length: int) -> str:
    """The rule as users read it, repeated in every refusal."""
    return f"Use at least {min_length} characters, mixing at least two of: {KINDS}."


def kinds_of(password: str) -> int:
    """How many of the four kinds of character the password uses."""
    lower = any(c.islower() for c in password)
    upper = any(c.isupper() for c in password)
    digit = any(c.isdigit() for c in password)
    other = any(not (c.islower() or c.isupper() or c.isdigit()) for c in password)
    return lower + upper + digit + other


def check_password(
    password: str,
    *,
    min_length: int,
    email: str,
    username: str,
    field: str = "password",
) -> None:
    """InvalidInput (on `field`) naming what is wrong and the rule, when the password fails it."""
    if len(password) < min_length:
        problem = f"This password has {len(password)} characters."
    elif len(password) > MAX_LENGTH:
        raise InvalidInput(f"Passwords are limited to {MAX_LENGTH} characters.", field=field)
    elif kinds_of(password) < 2:
        problem = "This password uses only one kind of character."
    elif password.casefold() in _own_names(email, username):
        problem = "A password may not be your email address or username."
    else:
        return
    raise InvalidInput(f"{problem} {rule(min_length)}", field=field)


def _own_names(email: str, username: str) -> set[str]:
    return {email.casefold(), username.casefold(), email.partition("@")[0].casefold()}


async def hash_in_thread(password: str) -> str:
    """argon2id off the event loop (argon2-cffi releases the GIL while it works)."""
    return await asyncio.to_thread(hash_password, password)


async def verify_in_thread(password_hash: str | None, password: str) -> bool:
    """One argon2 verification off the event loop; None spends it against a dummy hash."""
    return await asyncio.to_thread(verify_password, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older argon2 parameters than today's."""
    return PASSWORD_HASHER.check_needs_rehash(password_hash)

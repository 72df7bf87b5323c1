"""Authenticated encryption for provider tokens at rest (AES-256-GCM).

Each token is sealed with a fresh 96-bit nonce and bound to its row's context (the owner and
the provider) as associated data, so a ciphertext copied onto another user's row does not open.
The key comes from the deployment (`qraph.secrets.secrets_key`); the plaintext is never logged
and leaves this module only to be handed to the provider's client.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class SealBroken(Exception):
    """The ciphertext does not open with this key and context (tampered, or the key changed)."""


@dataclass(frozen=True, slots=True)
class Sealed:
    ciphertext: bytes
    nonce: bytes

    def __repr__(self) -> str:  # never print the bytes, even sealed
        return f"Sealed({len(self.ciphertext)} bytes)"


class SecretBox:
    """Seals with the current key; opens with it or, during a rotation, a previous one."""

    def __init__(self, key: bytes, *, previous: tuple[bytes, ...] = ()) -> None:
        if any(len(k) != 32 for k in (key, *previous)):
            raise ValueError("The secret box takes a 32-byte key.")
        self._aead = AESGCM(key)
        self._previous = tuple(AESGCM(k) for k in previous)

    def __repr__(self) -> str:
        return "SecretBox(<key>)"

    def seal(self, plaintext: str, *, context: str) -> Sealed:
        nonce = os.urandom(NONCE_BYTES)
        return Sealed(self._aead.encrypt(nonce, plaintext.encode(), context.encode()), nonce)

    def open(self, sealed: Sealed, *, context: str) -> str:
        return self.open_current(sealed, context=context)[0]

    def open_current(self, sealed: Sealed, *, context: str) -> tuple[str, Sealed | None]:
        """The plaintext, and a reseal under the current key when a previous key opened it."""
        for index, aead in enumerate((self._aead, *self._previous)):
            try:
                plain = aead.decrypt(sealed.nonce, sealed.ciphertext, context.encode()).decode()
            except InvalidTag:
                continue
            return plain, (self.seal(plain, context=context) if index else None)
        raise SealBroken("The stored token does not open with this key.")

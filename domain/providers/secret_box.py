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
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("The secret box takes a 32-byte key.")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "SecretBox(<key>)"

    def seal(self, plaintext: str, *, context: str) -> Sealed:
        nonce = os.urandom(NONCE_BYTES)
        return Sealed(self._aead.encrypt(nonce, plaintext.encode(), context.encode()), nonce)

    def open(self, sealed: Sealed, *, context: str) -> str:
        try:
            return self._aead.decrypt(sealed.nonce, sealed.ciphertext, context.encode()).decode()
        except InvalidTag as error:
            raise SealBroken("The stored token does not open with this key.") from error

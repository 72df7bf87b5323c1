"""The secret box seals with a fresh nonce, binds each token to its row, and never shows it."""

from __future__ import annotations

import os

import pytest

from domain.providers.secret_box import SealBroken, Sealed, SecretBox

TOKEN = "ibmkey-1234567890abcdef"


def test_seal_round_trips_and_hides_the_token() -> None:
    box = SecretBox(os.urandom(32))
    sealed = box.seal(TOKEN, context="provider_accounts:alice:IBM_QUANTUM")
    assert TOKEN.encode() not in sealed.ciphertext
    assert TOKEN not in repr(sealed) and repr(box) == "SecretBox(<key>)"
    assert box.open(sealed, context="provider_accounts:alice:IBM_QUANTUM") == TOKEN
    again = box.seal(TOKEN, context="provider_accounts:alice:IBM_QUANTUM")
    assert again.nonce != sealed.nonce and again.ciphertext != sealed.ciphertext


def test_a_token_moved_to_another_row_or_tampered_or_under_another_key_does_not_open() -> None:
    key = os.urandom(32)
    sealed = SecretBox(key).seal(TOKEN, context="provider_accounts:alice:IBM_QUANTUM")
    with pytest.raises(SealBroken):
        SecretBox(key).open(sealed, context="provider_accounts:mallory:IBM_QUANTUM")
    flipped = Sealed(bytes([sealed.ciphertext[0] ^ 1]) + sealed.ciphertext[1:], sealed.nonce)
    with pytest.raises(SealBroken):
        SecretBox(key).open(flipped, context="provider_accounts:alice:IBM_QUANTUM")
    with pytest.raises(SealBroken):
        SecretBox(os.urandom(32)).open(sealed, context="provider_accounts:alice:IBM_QUANTUM")


def test_the_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32-byte"):
        SecretBox(b"short")


def test_a_rotation_opens_old_seals_and_reseals_them_under_the_new_key() -> None:
    old, new = os.urandom(32), os.urandom(32)
    context = "provider_accounts:alice:IBM_QUANTUM"
    sealed = SecretBox(old).seal(TOKEN, context=context)
    rotating = SecretBox(new, previous=(old,))

    plain, resealed = rotating.open_current(sealed, context=context)

    assert plain == TOKEN and resealed is not None
    assert SecretBox(new).open(resealed, context=context) == TOKEN
    with pytest.raises(SealBroken):
        SecretBox(old).open(resealed, context=context)
    assert rotating.open_current(resealed, context=context) == (TOKEN, None)  # already current

"""Process secrets that must be shared by every API process and worker of one deployment."""

from __future__ import annotations

import base64
import secrets

from domain.providers.secret_box import SecretBox
from qraph.settings import Settings


def jwt_secret(settings: Settings) -> str:
    """QRAPH_JWT_SECRET; outside production, a random one kept in the data dir (mode 600)."""
    if settings.jwt_secret is not None and settings.jwt_secret.get_secret_value():
        return settings.jwt_secret.get_secret_value()
    if settings.production:
        raise RuntimeError("Set QRAPH_JWT_SECRET: production will not sign tokens without it.")
    path = settings.data_dir / "jwt-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


def secrets_key(settings: Settings) -> bytes:
    """QRAPH_SECRETS_KEY (32 bytes, urlsafe base64): seals users' provider tokens at rest.

    Outside production a random key is kept in the data dir (mode 600); production refuses to
    store a token without a configured key.
    """
    if settings.secrets_key is not None and settings.secrets_key.get_secret_value():
        raw = settings.secrets_key.get_secret_value()
    elif settings.production:
        raise RuntimeError("Set QRAPH_SECRETS_KEY: production will not store tokens without it.")
    else:
        path = settings.data_dir / "secrets-key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        raw = path.read_text().strip()
    key = base64.urlsafe_b64decode(raw.encode())
    if len(key) != 32:
        raise RuntimeError("QRAPH_SECRETS_KEY must be 32 bytes in urlsafe base64.")
    return key


def previous_secrets_keys(settings: Settings) -> tuple[bytes, ...]:
    """QRAPH_SECRETS_KEY_PREVIOUS, when a rotation is under way: tokens sealed with it open."""
    if (
        settings.secrets_key_previous is None
        or not settings.secrets_key_previous.get_secret_value()
    ):
        return ()
    key = base64.urlsafe_b64decode(settings.secrets_key_previous.get_secret_value().encode())
    if len(key) != 32:
        raise RuntimeError("QRAPH_SECRETS_KEY_PREVIOUS must be 32 bytes in urlsafe base64.")
    return (key,)


def secret_box(settings: Settings) -> SecretBox:
    """The box that seals provider tokens with the current key and opens the previous one's."""
    return SecretBox(secrets_key(settings), previous=previous_secrets_keys(settings))

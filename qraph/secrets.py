"""Process secrets that must be shared by every API process and worker of one deployment."""

from __future__ import annotations

import secrets

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

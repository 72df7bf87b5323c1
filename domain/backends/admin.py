"""Operator changes to the catalog."""

from __future__ import annotations

from sqlalchemy import select

from domain.backends.models import Backend, BackendStatus
from domain.db import AsyncSession
from domain.errors import InvalidInput, NotFound
from domain.events import Event


async def set_status(
    session: AsyncSession, *, name: str, status: BackendStatus, reason: str | None
) -> tuple[Backend, Event | None]:
    """Set a backend's status; returns the row and the event to publish after commit, if any."""
    if status is not BackendStatus.ONLINE and not (reason and reason.strip()):
        raise InvalidInput("Say why the backend is not ONLINE.", field="reason")
    if reason is not None and len(reason) > 500:
        raise InvalidInput("`reason` is longer than 500 characters.", field="reason")
    backend = await session.scalar(select(Backend).where(Backend.name == name).with_for_update())
    if backend is None:
        raise NotFound(f"No backend is named {name!r}.")
    changed = backend.status != status or backend.status_reason != reason
    backend.status = status
    backend.status_reason = reason.strip() if reason else None
    return backend, Event("backend", name, "status_changed") if changed else None

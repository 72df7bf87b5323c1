"""A notification's link is a Relay global ID, the same text `node(id:)` takes."""

from __future__ import annotations

import base64
import uuid


def global_id(type_name: str, object_id: uuid.UUID) -> str:
    """`base64("<Type>:<id>")`, as strawberry.relay encodes it."""
    return base64.b64encode(f"{type_name}:{object_id}".encode()).decode()

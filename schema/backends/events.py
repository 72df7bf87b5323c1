"""Results of admin changes to the catalog."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.backends.types import Backend
from schema.errors import InvalidInputError, NotFoundError


@strawberry.type(description="The backend's status was set.")
class SetBackendStatusSuccess:
    backend: Backend = strawberry.field(description="The backend as it is now.")


SetBackendStatusResult = Annotated[
    SetBackendStatusSuccess | NotFoundError | InvalidInputError,
    strawberry.union("SetBackendStatusResult", description="The outcome of `setBackendStatus`."),
]

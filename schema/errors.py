"""The `Error` interface, the error types, and the one table from domain errors to them."""

from __future__ import annotations

import strawberry

from domain import errors as domain


@strawberry.interface(description="An expected failure: a stable `code` and a readable message.")
class Error:
    message: str = strawberry.field(description="What went wrong, for a person to read.")
    code: str = strawberry.field(description="A stable, machine-readable error code.")


@strawberry.type(description="The object does not exist, or is not visible to you.")
class NotFoundError(Error):
    pass


@strawberry.type(description="An argument failed validation.")
class InvalidInputError(Error):
    field: str | None = strawberry.field(description="The argument at fault, when known.")


@strawberry.type(description="A backend provider could not be reached or loaded.")
class ProviderUnavailableError(Error):
    provider: str = strawberry.field(description="The provider that failed.")


def _invalid_input(error: domain.InvalidInput) -> InvalidInputError:
    return InvalidInputError(message=error.message, code=error.code, field=error.field)


def _provider(error: domain.ProviderUnavailable) -> ProviderUnavailableError:
    return ProviderUnavailableError(message=error.message, code=error.code, provider=error.provider)


# The one table: each domain error class to the function that builds its schema type.
# Subclasses map through their nearest listed ancestor.
ERROR_TYPES: dict[type[domain.DomainError], object] = {
    domain.NotFound: lambda e: NotFoundError(message=e.message, code=e.code),
    domain.InvalidInput: _invalid_input,
    domain.ProviderUnavailable: _provider,
}


def to_error(error: domain.DomainError) -> Error:
    """The schema error for a domain error; unmapped domain errors are bugs and re-raise."""
    for cls in type(error).__mro__:
        build = ERROR_TYPES.get(cls)  # type: ignore[call-overload]
        if build is not None:
            return build(error)  # type: ignore[operator,no-any-return]
    raise error

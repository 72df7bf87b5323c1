"""Typed domain failures. The schema maps each one onto a GraphQL error type in one table."""

from __future__ import annotations


class DomainError(Exception):
    """An expected failure that a client can act on."""

    code = "DOMAIN_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object does not exist, or the viewer may not see it (the two read the same)."""

    code = "NOT_FOUND"


class InvalidInput(DomainError):
    """An argument failed validation; `field` names the argument."""

    code = "INVALID_INPUT"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidCursor(InvalidInput):
    """A pagination cursor that this server did not issue for this list."""

    code = "INVALID_CURSOR"


class PageSizeExceeded(InvalidInput):
    """`first` or `last` is above the maximum page size."""

    code = "PAGE_SIZE_EXCEEDED"


class ProviderUnavailable(DomainError):
    """A backend provider could not be reached or loaded."""

    code = "PROVIDER_UNAVAILABLE"

    def __init__(self, message: str, *, provider: str) -> None:
        super().__init__(message)
        self.provider = provider


class InvalidCredentials(DomainError):
    """A login, token or key that does not check out. Says nothing about which part failed."""

    code = "INVALID_CREDENTIALS"


class Unauthenticated(DomainError):
    """The operation needs a signed-in caller."""

    code = "UNAUTHENTICATED"


class Forbidden(DomainError):
    """The caller is signed in but lacks the role or scope."""

    code = "FORBIDDEN"


class AlreadyExists(InvalidInput):
    """A unique value (an email, a username) is taken."""

    code = "ALREADY_EXISTS"


class EmailNotVerified(DomainError):
    """The account has not confirmed its email address, and this would run or spend."""

    code = "EMAIL_NOT_VERIFIED"


class Throttled(DomainError):
    """Too many failed attempts; retry after `retry_after` seconds."""

    code = "THROTTLED"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RateLimited(Throttled):
    """Over a rate limit; retry after `retry_after` seconds."""

    code = "RATE_LIMITED"


class QuotaExceeded(DomainError):
    """The request would go past a budget (shots, spend)."""

    code = "QUOTA_EXCEEDED"

    def __init__(self, message: str, *, limit: int, used: int, requested: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.used = used
        self.requested = requested


class UnknownBackend(DomainError):
    """No backend has this name."""

    code = "UNKNOWN_BACKEND"

    def __init__(self, message: str, *, backend: str) -> None:
        super().__init__(message)
        self.backend = backend


class BackendUnavailable(DomainError):
    """The backend exists but takes no jobs now (maintenance, offline, retired)."""

    code = "BACKEND_UNAVAILABLE"

    def __init__(self, message: str, *, backend: str, status: str) -> None:
        super().__init__(message)
        self.backend = backend
        self.status = status


class ShotsOutOfRange(DomainError):
    """The shots asked for are outside what the job may use."""

    code = "SHOTS_OUT_OF_RANGE"

    def __init__(self, message: str, *, minimum: int, maximum: int, requested: int) -> None:
        super().__init__(message)
        self.minimum = minimum
        self.maximum = maximum
        self.requested = requested


class JobNotCancellable(DomainError):
    """The job already finished (COMPLETED, FAILED or CANCELLED)."""

    code = "JOB_NOT_CANCELLABLE"

    def __init__(self, message: str, *, status: str) -> None:
        super().__init__(message)
        self.status = status

"""The one failure a circuit can have: it does not parse, with where and why."""

from __future__ import annotations

from domain.errors import DomainError


class InvalidCircuit(DomainError):
    """The OpenQASM source does not parse or breaks a limit; `line`/`column` are 1-based.

    `message` is the human explanation without the position, so a client can show the two
    side by side (an editor underlines `line:column` and shows `message`).
    """

    code = "INVALID_CIRCUIT"

    def __init__(self, message: str, *, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


class CircuitLimitExceeded(InvalidCircuit):
    """The program asks for more work than a limit allows: `limit` names it, and by how much.

    `maximum` and `requested` are in the limit's own unit (bytes, statements, gates, loop
    iterations, seconds of simulation, megabytes). `line` and `column` place the construct at
    fault when there is one, else 1:1. A subclass of InvalidCircuit, so whatever refuses a bad
    circuit refuses this one too.
    """

    code = "CIRCUIT_LIMIT_EXCEEDED"

    def __init__(
        self,
        message: str,
        *,
        limit: str,
        maximum: float,
        requested: float,
        line: int = 1,
        column: int = 1,
    ) -> None:
        super().__init__(message, line=line, column=column)
        self.limit = limit
        self.maximum = maximum
        self.requested = requested

    @property
    def times_over(self) -> float:
        """How many times the limit the request is (2.0: twice the limit)."""
        return self.requested / self.maximum if self.maximum else float("inf")

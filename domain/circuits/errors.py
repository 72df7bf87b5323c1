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

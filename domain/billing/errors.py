"""Refusals of the bills area."""

from __future__ import annotations

from domain.errors import DomainError


class BillStatusRefused(DomainError):
    """The bill is not in a status that allows this (an OPEN bill has no invoice yet; a PAID
    bill cannot be paid again)."""

    code = "BILL_STATUS"

    def __init__(self, message: str, *, status: str) -> None:
        super().__init__(message)
        self.status = status

"""What a job costs before it runs: the backend's list price for one task of `shots` shots."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class Priced(Protocol):
    price_per_shot: Decimal
    price_per_task: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Cost:
    amount: Decimal
    currency: str


def estimate_cost(backend: Priced, *, shots: int) -> Cost:
    """per_task + per_shot × shots, in the backend's currency (Braket's pricing model)."""
    amount = backend.price_per_task + backend.price_per_shot * shots
    return Cost(amount=amount.quantize(Decimal("0.000001")), currency=backend.currency)

"""Cost estimates for Azure Quantum targets, computed locally from the circuit.

azure-quantum 3.x no longer ships `Target.estimate_cost`, so Qraph computes the published
formulas itself, from gate counts of the circuit as submitted:

- IonQ bills per gate-shot: `shots × (N1q × price_1q + N2q × price_2q)`, at least a minimum per
  program; the simulator is free.
- Quantinuum bills H-System Quantum Credits: `HQC = 5 + shots × (N1q + 10 × N2q + 5 × Nm) / 5000`;
  the syntax checkers (`*sc`) are free.

The prices are list prices as published for Azure Quantum's pay-as-you-go plans and may change;
the provider's own figure (the job's `costEstimate`) is recorded once a job has run.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

# target -> (price per 1-qubit gate-shot, per 2-qubit gate-shot, minimum per program), USD
IONQ_PRICES: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    "ionq.simulator": (Decimal(0), Decimal(0), Decimal(0)),
    "ionq.qpu.aria-1": (Decimal("0.000220"), Decimal("0.000975"), Decimal("97.50")),
    "ionq.qpu.aria-2": (Decimal("0.000220"), Decimal("0.000975"), Decimal("97.50")),
}
_NOT_GATES = frozenset({"measure", "barrier", "reset", "delay"})
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class GateCounts:
    one_qubit: int
    two_qubit: int
    measurements: int


@dataclass(frozen=True, slots=True)
class AzureCostEstimate:
    amount: Decimal
    currency: str  # "USD", or "HQC" for Quantinuum
    gates: GateCounts


def gate_counts(circuit: QuantumCircuit) -> GateCounts:
    """1- and 2-qubit gates and measurements; wider gates are decomposed to 1q and cx first."""
    if any(len(i.qubits) > 2 and i.operation.name not in _NOT_GATES for i in circuit.data):
        from qiskit import transpile

        circuit = transpile(
            circuit,
            basis_gates=["rx", "ry", "rz", "h", "x", "y", "z", "s", "sdg", "t", "tdg", "cx"],
            optimization_level=0,
        )
    one = two = measured = 0
    for instruction in circuit.data:
        name = instruction.operation.name
        if name == "measure":
            measured += 1
        elif name not in _NOT_GATES:
            if len(instruction.qubits) == 1:
                one += 1
            else:
                two += 1
    return GateCounts(one, two, measured)


def estimate(target: str, circuit: QuantumCircuit, shots: int) -> AzureCostEstimate | None:
    """The estimate for an IonQ or Quantinuum target; None for targets without a formula."""
    family = target.split(".", 1)[0].lower()
    if family == "ionq" and target in IONQ_PRICES:
        counts = gate_counts(circuit)
        price_1q, price_2q, minimum = IONQ_PRICES[target]
        amount = shots * (counts.one_qubit * price_1q + counts.two_qubit * price_2q)
        amount = max(amount, minimum)
        return AzureCostEstimate(amount.quantize(CENT, ROUND_HALF_UP), "USD", counts)
    if family == "quantinuum":
        counts = gate_counts(circuit)
        if target.endswith("sc"):
            return AzureCostEstimate(Decimal("0.00"), "HQC", counts)
        weighted = counts.one_qubit + 10 * counts.two_qubit + 5 * counts.measurements
        hqc = Decimal(5) + Decimal(shots * weighted) / Decimal(5000)
        return AzureCostEstimate(hqc.quantize(CENT, ROUND_HALF_UP), "HQC", counts)
    return None

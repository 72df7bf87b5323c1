"""Ideal (noise-free) Qiskit Aer simulators, one catalog backend per simulation method."""

from __future__ import annotations

from typing import Any

from domain.backends.models import BackendStatus, Provider, Technology
from domain.providers.base import BackendSpec, Capabilities, Pricing

# Method -> when a user should pick it. Order is the order the catalog lists them in.
_METHODS: dict[str, str] = {
    "automatic": (
        "Ideal simulator that picks a suitable method per circuit, e.g. stabilizer for Clifford "
        "circuits and statevector otherwise; the sensible default."
    ),
    "statevector": (
        "Ideal dense statevector simulation of any circuit; exact, but memory doubles with every "
        "added qubit, so it suits small-to-medium circuits."
    ),
    "matrix_product_state": (
        "Tensor-network (MPS) simulation for wide circuits with little entanglement, such as "
        "shallow or nearest-neighbour circuits; cost grows with entanglement, not qubit count."
    ),
    "stabilizer": (
        "Clifford-only simulation (H, S, CX, Paulis, measure, reset) that scales to thousands of "
        "qubits; circuits with T gates or arbitrary rotations are rejected."
    ),
    "density_matrix": (
        "Ideal mixed-state simulation for circuits with noise channels or resets where exact "
        "probabilities matter; handles half as many qubits as statevector."
    ),
}

# Aer's target advertises instructions that are not gates a user writes in a portable circuit:
# control flow is a language feature rather than a gate, `delay` is meaningless without noise,
# and the rest are Aer's save/set snapshot plumbing and noise-model bookkeeping.
_NOT_GATES = frozenset(
    {
        "if_else",
        "for_loop",
        "while_loop",
        "switch_case",
        "break_loop",
        "continue_loop",
        "delay",
        "store",
        "roerror",
        "qerror_loc",
        "quantum_channel",
    }
)
_NOT_GATE_PREFIXES = ("save_", "set_")

MAX_SHOTS = 100_000


def backend_name(method: str) -> str:
    """Catalog name of the Aer backend for a simulation method."""
    return "aer_simulator" if method == "automatic" else f"aer_simulator_{method}"


def _basis_gates(operation_names: Any) -> tuple[str, ...]:
    names = {str(name) for name in operation_names}
    return tuple(
        sorted(
            name
            for name in names
            if name not in _NOT_GATES and not name.startswith(_NOT_GATE_PREFIXES)
        )
    )


class AerProvider:
    """Lists one ideal Aer simulator per useful simulation method."""

    provider = Provider.AER

    def list_backends(self) -> list[BackendSpec]:
        """Build the Aer backends with the qubit limits and gate sets Aer itself reports."""
        # Imported here so that importing the catalog does not pay for loading Qiskit.
        from qiskit_aer import AerSimulator

        specs: list[BackendSpec] = []
        for method, description in _METHODS.items():
            simulator = AerSimulator(method=method)
            # Aer derives the statevector (and so density-matrix) limit from this host's memory,
            # which is why it is read here rather than written down.
            target = simulator.target
            specs.append(
                BackendSpec(
                    name=backend_name(method),
                    provider=Provider.AER,
                    technology=Technology.SIMULATOR,
                    num_qubits=int(target.num_qubits),
                    basis_gates=_basis_gates(target.operation_names),
                    simulator=True,
                    status=BackendStatus.ONLINE,
                    description=description,
                    coupling_map=(),
                    simulation_method=method,
                    max_shots=MAX_SHOTS,
                    pricing=Pricing(),
                    last_calibrated_at=None,
                    capabilities=Capabilities(
                        mid_circuit_measurement=True, dynamic_circuits=True, max_shots=MAX_SHOTS
                    ),
                )
            )
        return specs

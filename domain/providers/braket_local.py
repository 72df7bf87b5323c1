"""Braket's local simulators in the catalog, as a third provider beside Aer and the emulators."""

from __future__ import annotations

from domain.backends.models import BackendStatus, Provider, Technology
from domain.execution.braket_local import DEVICES
from domain.providers.base import BackendSpec, Capabilities, Pricing

# Braket's local simulators take the OpenQASM 3 standard gates; these are the ones its
# translator emits, so they are what a circuit compiles to.
BASIS_GATES = (
    "ccnot", "cnot", "cphaseshift", "cswap", "cy", "cz", "h", "i", "iswap", "measure",
    "phaseshift", "rx", "ry", "rz", "s", "si", "swap", "t", "ti", "v", "vi", "x", "y", "z",
)  # fmt: skip
MAX_SHOTS = 100_000
MAX_CIRCUITS_PER_JOB = 1

_DESCRIPTIONS = {
    "braket_sv": (
        "Amazon Braket's local state-vector simulator, run offline by the Braket SDK: exact, "
        "noise-free sampling of up to 26 qubits."
    ),
    "braket_dm": (
        "Amazon Braket's local density-matrix simulator, run offline by the Braket SDK: "
        "mixed states and noise channels, up to 13 qubits."
    ),
}


class BraketLocalProvider:
    """Lists Braket's two local simulators (no AWS account needed)."""

    provider = Provider.BRAKET

    def list_backends(self) -> list[BackendSpec]:
        return [
            BackendSpec(
                name=name,
                provider=Provider.BRAKET,
                technology=Technology.SIMULATOR,
                num_qubits=qubits,
                basis_gates=BASIS_GATES,
                simulator=True,
                status=BackendStatus.ONLINE,
                description=_DESCRIPTIONS[name],
                simulation_method=device,
                max_shots=MAX_SHOTS,
                pricing=Pricing(),
                capabilities=Capabilities(
                    mid_circuit_measurement=False,
                    dynamic_circuits=False,
                    max_shots=MAX_SHOTS,
                    max_circuits_per_job=MAX_CIRCUITS_PER_JOB,
                ),
            )
            for name, (device, qubits) in DEVICES.items()
        ]

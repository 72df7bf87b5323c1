"""Decode IBM runtime payloads (params and results) with qiskit-ibm-runtime's own decoder."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("qraph.providers.ibm")

MAX_QASM_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class DecodedCircuit:
    qasm: str | None
    qubits: int
    depth: int
    shots: int


def counts_from_results(text: str) -> tuple[dict[str, int], ...] | None:
    """Each pub's counts from a SamplerV2 result; None when the result is of another kind."""
    from qiskit_ibm_runtime.json import RuntimeDecoder

    try:
        decoded = json.loads(text, cls=RuntimeDecoder)
        return tuple(
            {str(k): int(v) for k, v in pub.join_data().get_counts().items()} for pub in decoded
        )
    except Exception as error:  # an Estimator or older result: kept without counts
        log.info("IBM result without sampler counts", extra={"error": type(error).__name__})
        return None


def first_circuit(params: Any) -> DecodedCircuit | None:
    """The first pub's circuit as OpenQASM 3, its size and shots, where the params hold one."""
    from qiskit import QuantumCircuit, qasm3
    from qiskit_ibm_runtime.json import RuntimeDecoder

    if not params:
        return None
    try:
        decoded = json.loads(json.dumps(params), cls=RuntimeDecoder)
        pub = (decoded.get("pubs") or [None])[0]
        circuit = pub if isinstance(pub, QuantumCircuit) else (pub[0] if pub else None)
        if not isinstance(circuit, QuantumCircuit):
            return None
        shots = pub[2] if isinstance(pub, list | tuple) and len(pub) > 2 and pub[2] else 0
        shots = shots or int((decoded.get("options") or {}).get("default_shots") or 0)
        try:
            qasm: str | None = qasm3.dumps(circuit)[:MAX_QASM_CHARS]
        except Exception:
            qasm = None
        return DecodedCircuit(qasm, circuit.num_qubits, circuit.depth(), int(shots))
    except Exception as error:
        log.info("IBM params without a readable circuit", extra={"error": type(error).__name__})
        return None

"""A corpus of hostile circuit submissions, each with the typed refusal it must get.

Used by tests/unit/test_admission.py (straight through `admission.fit` in the sandbox) and by
tests/integration/test_hostile_circuits.py (through the real `submitJob`/`submitJobs`).
Classes: huge, deep, looping, gate-definition bombs, expression bombs, non-finite numbers, NUL
bytes, lone surrogates and other characters no program holds, opaque gates, and too many
qubits, shots or simulated seconds for a backend.
"""

from __future__ import annotations

from dataclasses import dataclass

H3 = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] c;\n'
H2 = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\n'
M3 = "c = measure q;\n"
M2 = "measure q -> c;\n"


@dataclass(frozen=True)
class Hostile:
    id: str
    circuit: str
    expect: str  # the GraphQL type of the refusal
    limit: str | None = None  # CircuitLimitExceededError.limit, when that is the refusal
    backend: str = "aer_simulator"
    shots: int = 1024


def _q3(body: str, qubits: int = 2) -> str:
    header = f'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[{qubits}] q;\nbit[{qubits}] c;\n'
    return header + body + M3


def _q2(body: str, qubits: int = 2) -> str:
    header = f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[{qubits}];\ncreg c[{qubits}];\n'
    return header + body + M2


def _doubling(levels: int, *, qasm2: bool = False, params: bool = False, ctrl: bool = False):
    sig = "(t)" if params else ""
    arg = "(t)" if params else ""
    first = "gate g0(t) a { rz(t) a; }\n" if params else "gate g0 a { h a; }\n"
    defs = [first]
    for k in range(1, levels):
        call = f"g{k - 1}{arg} a"
        defs.append(f"gate g{k}{sig} a {{ {call}; {call}; }}\n")
    top = f"g{levels - 1}{'(0.1)' if params else ''} q[0];\n"
    body = "".join(defs) + top
    return _q2(body) if qasm2 else _q3(body)


def _ghz(qubits: int, *, qasm2: bool = False) -> str:
    gates = "h q[0];\n" + "".join(f"cx q[{i}], q[{i + 1}];\n" for i in range(qubits - 1))
    return _q2(gates, qubits) if qasm2 else _q3(gates, qubits)


def _layers(qubits: int, layers: int) -> str:
    body = []
    for layer in range(layers):
        body += [f"rx({0.1 + layer}) q[{i}];\n" for i in range(qubits)]
        body += [f"cx q[{i}], q[{i + 1}];\n" for i in range(layer % 2, qubits - 1, 2)]
    return _q3("".join(body), qubits)


LIMIT = "CircuitLimitExceededError"
INVALID = "InvalidCircuitError"

HOSTILE: list[Hostile] = [
    # Huge programs.
    Hostile("chars-over-limit", _q3("x q[0];\n" * 30_000), INVALID),
    Hostile("bytes-over-limit", _q3("// " + "€" * 150_000 + "\n"), LIMIT, "program_bytes"),
    Hostile("statements-over-limit", _q3(";" * 50_001), LIMIT, "statements"),
    Hostile("qubits-over-limit-q3", _q3("", 5001), INVALID),
    Hostile("qubits-over-limit-q2", _q2("", 5001), INVALID),
    Hostile("register-size-20-digits", H3 + "qubit[99999999999999999999] r;\n" + M3, INVALID),
    Hostile("qreg-size-11-digits", H2 + "qreg r[99999999999];\n" + M2, INVALID),
    Hostile("index-11-digits-q2", _q2("x q[99999999999];\n"), INVALID),
    Hostile("physical-qubit-far", _q3("x $99999;\n"), INVALID),
    Hostile("number-5000-digits-q3", _q3("rz(" + "1" * 5000 + ") q[0];\n"), INVALID),
    Hostile("number-5000-digits-q2", _q2("rz(" + "1" * 5000 + ") q[0];\n"), INVALID),
    # Deep programs: too much state or too many operations for the time limit.
    Hostile(
        "statevector-26q-deep",
        _layers(26, 40),
        LIMIT,
        "simulation_seconds",
        backend="aer_simulator_statevector",
    ),
    Hostile(
        "statevector-30q-memory",
        _layers(30, 1),
        LIMIT,
        "simulation_memory_mb",
        backend="aer_simulator_statevector",
    ),
    Hostile(
        "statevector-40q",
        _layers(40, 1),
        "CircuitTooLargeError",
        backend="aer_simulator_statevector",
    ),
    Hostile(
        "density-matrix-20q",
        _layers(20, 1),
        "CircuitTooLargeError",
        backend="aer_simulator_density_matrix",
    ),
    Hostile(
        "density-matrix-15q-deep",
        _layers(15, 200),
        LIMIT,
        "simulation_memory_mb",
        backend="aer_simulator_density_matrix",
    ),
    Hostile(
        "mps-60q-entangling",
        _layers(60, 60),
        LIMIT,
        "simulation_memory_mb",
        backend="aer_simulator_matrix_product_state",
    ),
    Hostile("automatic-30q-entangling", _layers(30, 30), LIMIT, "simulation_memory_mb"),
    Hostile(
        "brackets-100-deep-q3",
        _q3("rz(" + "(" * 100 + "1" + ")" * 100 + ") q[0];\n"),
        LIMIT,
        "nesting",
    ),
    Hostile(
        "brackets-10000-deep-q2",
        _q2("rz(" + "(" * 10_000 + "1" + ")" * 10_000 + ") q[0];\n"),
        LIMIT,
        "nesting",
    ),
    Hostile(
        "blocks-100-deep", _q3("if (c[0]) {" * 100 + "x q[0];" + "}" * 100 + "\n"), LIMIT, "nesting"
    ),
    # Loops.
    Hostile(
        "for-10^18",
        _q3("for int i in [0:1000000000000000000] { x q[0]; }\n"),
        LIMIT,
        "loop_iterations",
    ),
    Hostile(
        "for-10^30",
        _q3("for int i in [0:1000000000000000000000000000000] { x q[0]; }\n"),
        LIMIT,
        "loop_iterations",
    ),
    Hostile(
        "for-nested-10^4x10^4",
        _q3("for int i in [0:9999] { for int j in [0:9999] { x q[0]; } }\n"),
        LIMIT,
        "loop_iterations",
    ),
    Hostile(
        "for-stepped-huge",
        _q3("for int i in [0:2:1000000000000] { x q[0]; }\n"),
        LIMIT,
        "loop_iterations",
    ),
    Hostile(
        "for-10^6-times-shots",
        _q3("for int i in [0:999999] { h q[0]; }\n"),
        LIMIT,
        "simulation_seconds",
    ),
    Hostile(
        "for-nested-three",
        _q3("for int i in [0:199] { for int j in [0:199] { for int k in [0:199] { x q[0]; } } }\n"),
        LIMIT,
        "loop_iterations",
    ),
    Hostile("while-true", _q3("while (true) { x q[0]; }\n"), INVALID),
    Hostile(
        "for-over-gate-bomb",
        _q3(
            "gate g0 a { h a; }\n"
            + "".join(f"gate g{k} a {{ g{k - 1} a; g{k - 1} a; }}\n" for k in range(1, 16))
            + "for int i in [0:999] { g15 q[0]; }\n"
        ),
        LIMIT,
        "operations",
    ),
    # Gate-definition bombs.
    Hostile("gate-doubling-40-q3", _doubling(40), LIMIT, "gate_expansion"),
    Hostile("gate-doubling-40-q2", _doubling(40, qasm2=True), LIMIT, "gate_expansion"),
    Hostile("gate-doubling-params-q3", _doubling(30, params=True), LIMIT, "gate_expansion"),
    Hostile(
        "gate-doubling-params-q2", _doubling(30, qasm2=True, params=True), LIMIT, "gate_expansion"
    ),
    Hostile(
        "gate-chain-30-deep",
        _q3(
            "gate g0 a { h a; }\n"
            + "".join(f"gate g{k} a {{ g{k - 1} a; }}\n" for k in range(1, 30))
            + "g29 q[0];\n"
        ),
        LIMIT,
        "gate_definition_depth",
    ),
    Hostile(
        "gate-fan-200",
        _q3(
            "gate g0 a { h a; }\n"
            + "".join(f"gate g{k} a {{ {f'g{k - 1} a; ' * 200}}}\n" for k in range(1, 4))
            + "g3 q[0];\n"
        ),
        LIMIT,
        "gate_expansion",
    ),
    Hostile(
        "gate-modifiers-bomb",
        _q3(
            "gate g0 a { h a; }\n"
            + "".join(
                f"gate g{k} a, b {{ ctrl @ g{k - 1} a, b; ctrl @ g{k - 1} a, b; }}\n"
                if k == 1
                else f"gate g{k} a, b {{ g{k - 1} a, b; g{k - 1} b, a; }}\n"
                for k in range(1, 40)
            )
            + "g39 q[0], q[1];\n"
        ),
        LIMIT,
        "gate_expansion",
    ),
    Hostile(
        "gate-builtins-q2",
        _q2(
            "gate g0 a, b { CX a, b; U(0.1, 0, 0) a; }\n"
            + "".join(f"gate g{k} a, b {{ g{k - 1} a, b; g{k - 1} b, a; }}\n" for k in range(1, 40))
            + "g39 q[0], q[1];\n"
        ),
        LIMIT,
        "gate_expansion",
    ),
    Hostile(
        "gate-16-called-40-times",
        _q3(
            "gate g0 a { h a; }\n"
            + "".join(f"gate g{k} a {{ g{k - 1} a; g{k - 1} a; }}\n" for k in range(1, 17))
            + "g16 q[0];\n" * 40
        ),
        LIMIT,
        "operations",
    ),
    # Expression bombs.
    Hostile(
        "minus-50000-q3", _q3("rz(" + "-" * 50_000 + "1) q[0];\n"), LIMIT, "operators_per_statement"
    ),
    Hostile(
        "minus-50000-q2", _q2("rz(" + "-" * 50_000 + "1) q[0];\n"), LIMIT, "operators_per_statement"
    ),
    Hostile(
        "plus-chain-20000",
        _q3("rz(" + "+".join(["1"] * 20_000) + ") q[0];\n"),
        LIMIT,
        "operators_per_statement",
    ),
    Hostile(
        "times-chain-q2",
        _q2("rz(" + "*".join(["1"] * 5_000) + ") q[0];\n"),
        LIMIT,
        "operators_per_statement",
    ),
    Hostile(
        "tilde-condition",
        _q3("c[0] = measure q[0];\nif (" + "~" * 10_000 + "c[0]) { x q[1]; }\n"),
        LIMIT,
        "operators_per_statement",
    ),
    Hostile(
        "not-condition",
        _q3("c[0] = measure q[0];\nif (" + "!" * 10_000 + "c[0]) { x q[1]; }\n"),
        LIMIT,
        "operators_per_statement",
    ),
    Hostile(
        "xor-chain-condition",
        _q3("if (" + " ^ ".join(["c[0]"] * 1_000) + ") { x q[1]; }\n"),
        LIMIT,
        "operators_per_statement",
    ),
    # Non-finite numbers.
    Hostile("nan-q3", _q3("rz(1e400 * 0) q[0];\n"), INVALID),
    Hostile("inf-q3", _q3("rz(1e400) q[0];\n"), INVALID),
    Hostile("minus-inf-q3", _q3("rx(-1e400) q[1];\n"), INVALID),
    Hostile("inf-u3-q2", _q2("u3(1e400,0,0) q[0];\n"), INVALID),
    Hostile("inf-exp-q2", _q2("rx(exp(1000)) q[0];\n"), INVALID),
    Hostile("inf-product-q2", _q2("u1(1e308*10) q[0];\n"), INVALID),
    Hostile("zero-over-zero-q2", _q2("rz(0/0) q[0];\n"), INVALID),
    Hostile("zero-over-zero-q3", _q3("rz(0.0/0.0) q[0];\n"), INVALID),
    Hostile(
        "inf-in-definition-q3",
        _q3("gate g(t) a { rz(t * 1e300 * 1e300) a; }\ng(1.0) q[0];\n"),
        INVALID,
    ),
    Hostile("huge-exponent-q3", _q3("rz(1e999999999) q[0];\n"), INVALID),
    # Characters no program holds.
    Hostile("nul-in-name", _q3("h\x00 q[0];\n"), INVALID),
    Hostile("nul-first", "\x00" + _q3(""), INVALID),
    Hostile("nul-in-comment", _q3("// \x00\n"), INVALID),
    Hostile("nul-q2", _q2("x q[0];\x00\n"), INVALID),
    Hostile("surrogate-in-comment", _q3("// \ud800\n"), INVALID),
    Hostile("surrogate-in-name", _q3("x\udcff q[0];\n"), INVALID),
    Hostile("surrogate-pair-halves-q2", _q2("// \udc80\udc81\n"), INVALID),
    Hostile("escape-character", _q3("x q[0];\x1b[31m\n"), INVALID),
    Hostile("delete-character", _q3("x\x7f q[0];\n"), INVALID),
    # Opaque and friends.
    Hostile("opaque-used-q2", _q2("opaque foo a;\nfoo q[0];\n"), INVALID),
    Hostile("opaque-declared-q2", _q2("opaque foo(t) a, b;\n"), INVALID),
    Hostile("extern-q3", _q3("extern f(int) -> int;\n"), INVALID),
    Hostile("defcal-q3", _q3('defcalgrammar "openpulse";\n'), INVALID),
    Hostile("include-passwd-q3", H3 + 'include "/etc/passwd";\n' + M3, INVALID),
    Hostile("include-passwd-q2", H2 + 'include "/etc/passwd";\n' + M2, INVALID),
    # Too many qubits, shots or seconds for the backend.
    Hostile(
        "ghz-5000-stabilizer",
        _ghz(5000),
        LIMIT,
        "simulation_seconds",
        backend="aer_simulator_stabilizer",
        shots=10,
    ),
    Hostile(
        "ghz-3000-stabilizer-q2",
        _ghz(3000, qasm2=True),
        LIMIT,
        "simulation_seconds",
        backend="aer_simulator_stabilizer",
        shots=100,
    ),
    Hostile(
        "sherbrooke-12q-20000-shots",
        _layers(12, 3),
        LIMIT,
        "simulation_seconds",
        backend="fake_sherbrooke",
        shots=20_000,
    ),
    Hostile(
        "sherbrooke-ghz12-20000-shots",
        _ghz(12),
        LIMIT,
        "simulation_seconds",
        backend="fake_sherbrooke",
        shots=20_000,
    ),
    Hostile(
        "sherbrooke-20q-deep",
        _layers(20, 20),
        LIMIT,
        "simulation_seconds",
        backend="fake_sherbrooke",
        shots=1000,
    ),
    Hostile("manila-6q", _ghz(6), "CircuitTooLargeError", backend="fake_manila"),
    Hostile("shots-over-max", _ghz(2), "ShotsOutOfRangeError", shots=100_001),
    Hostile(
        "shots-over-backend-max", _ghz(2), "ShotsOutOfRangeError", backend="fake_quito", shots=9000
    ),
    Hostile(
        "stabilizer-non-clifford",
        _q3("t q[0];\n"),
        "UnsupportedCircuitError",
        backend="aer_simulator_stabilizer",
    ),
]

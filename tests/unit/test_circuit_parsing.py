"""Parsing OpenQASM 2 and 3: which parser reads what, the figures, and every error's position."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from qiskit import QuantumCircuit
from qiskit.qasm3 import QASM3ImporterError

from domain.circuits import InvalidCircuit, parse_circuit, qasm3_native
from domain.circuits.qasm3_antlr import load_antlr
from domain.circuits.qasm3_native import NATIVE_GATES, load_native, native_program
from domain.circuits.source import read_source
from domain.errors import DomainError

CORPUS = Path(__file__).parent / "circuits"
BELL = (CORPUS / "valid" / "qasm3_bell.qasm").read_text()

# file, format, parser, qubits, clbits, depth, gate counts
VALID = [
    ("qasm3_bell.qasm", "QASM3", "qasm3-native", 2, 2, 3, {"measure": 2, "h": 1, "cx": 1}),
    ("qasm3_ghz3.qasm", "QASM3", "qasm3-native", 3, 3, 4,
     {"measure": 3, "cx": 2, "h": 1, "barrier": 1}),
    ("qasm3_register_measure.qasm", "QASM3", "qasm3-native", 2, 2, 2, {"measure": 2, "x": 1}),
    ("qasm3_rotations.qasm", "QASM3", "qasm3-native", 2, 2, 4,
     {"measure": 2, "rx": 1, "ry": 1, "rz": 1, "u3": 1, "crz": 1}),
    ("qasm3_comments.qasm", "QASM3", "qasm3-native", 2, 2, 3, {"measure": 2, "h": 1, "cx": 1}),
    ("qasm3_no_header.qasm", "QASM3", "qasm3-native", 3, 3, 3,
     {"h": 2, "measure": 2, "x": 1, "cz": 1}),
    ("qasm3_qft3.qasm", "QASM3", "qasm3-native", 3, 3, 7,
     {"h": 3, "cp": 3, "measure": 3, "x": 1, "swap": 1}),
    ("qasm3_rotations_pi.qasm", "QASM3", "qasm3-native", 1, 1, 4,
     {"rx": 1, "rz": 1, "ry": 1, "measure": 1}),
    ("qasm3_custom_gate.qasm", "QASM3", "qasm3-antlr", 3, 3, 2,
     {"measure": 3, "bell": 1, "twist": 1}),
    ("qasm3_old_style.qasm", "QASM3", "qasm3-antlr", 2, 2, 3, {"measure": 2, "h": 1, "cx": 1}),
    ("qasm3_reset_conditional.qasm", "QASM3", "qasm3-antlr", 2, 2, 5,
     {"reset": 2, "measure": 2, "h": 1, "if_else": 1, "x": 1}),
    ("qasm2_bell.qasm", "QASM2", "qasm2", 2, 2, 3, {"measure": 2, "h": 1, "cx": 1}),
    ("qasm2_qelib1.qasm", "QASM2", "qasm2", 3, 3, 6,
     {"measure": 2, "u3": 1, "cu1": 1, "majority": 1, "if_else": 1, "x": 1}),
]  # fmt: skip

# file, line, column, message
INVALID = [
    ("qasm3_syntax_mid_line.qasm", 4, 9, "unexpected ','; expected ';'"),
    ("qasm3_bad_character.qasm", 4, 8, "unexpected '$'"),
    ("qasm3_missing_semicolon.qasm", 4, 7, "expected ';'"),
    ("qasm3_unexpected_end.qasm", 4, 6, "unexpected end of program"),
    ("qasm3_undefined_gate.qasm", 4, 3, "gate 'foo' is not defined"),
    ("qasm3_wrong_qubit_count.qasm", 5, 1, "gate 'cx' takes 2 qubits, but 1 given"),
    ("qasm3_wrong_parameter_count.qasm", 4, 3, "gate 'rz' takes 1 parameter, but 2 given"),
    ("qasm3_qubit_index_out_of_range.qasm", 4, 12, "index 5 is out of range: 'q' has 2 qubits"),
    ("qasm3_bit_index_out_of_range.qasm", 5, 3, "index 2 is out of range: 'c' has 2 bits"),
    ("qasm3_undeclared_register.qasm", 5, 10, "'r' is not declared"),
    ("qasm3_missing_include.qasm", 3, 1,
     "gate 'h' is not defined (add 'include \"stdgates.inc\";' after the header)"),
    ("qasm3_unknown_include.qasm", 2, 1,
     "cannot include '/etc/passwd': only 'stdgates.inc' is available"),
    ("qasm3_qelib1_include.qasm", 1, 1,
     "cannot include 'qelib1.inc': only 'stdgates.inc' is available; qelib1.inc belongs to "
     "OpenQASM 2: start the program with 'OPENQASM 2.0;'"),
    ("qasm3_unsupported_version.qasm", 2, 3, "unsupported OpenQASM version 4.0; use 2.0 or 3.0"),
    ("qasm1_version.qasm", 1, 1, "unsupported OpenQASM version 1.0; use 2.0 or 3.0"),
    ("qasm3_redeclared_register.qasm", 5, 1, 'register name "q" already exists'),
    ("qasm3_too_many_qubits.qasm", 4, 1, "the circuit declares 5,001 qubits; the limit is 5,000"),
    ("qasm3_physical_qubit_past_limit.qasm", 4, 8,
     "physical qubit $5000 is past the limit of 5,000 qubits"),
    ("qasm3_no_qubits.qasm", 1, 1, "the circuit has no qubits; declare some, e.g. 'qubit[2] q;'"),
    ("qasm2_syntax_mid_line.qasm", 4, 8, "encountered '$', which doesn't match any valid tokens"),
    ("qasm2_missing_semicolon.qasm", 4, 7, "expected ';'"),
    ("qasm2_undefined_gate.qasm", 4, 3, "'foo' is not defined in this scope"),
    ("qasm2_wrong_qubit_count.qasm", 4, 1, "'cx' takes 2 quantum arguments, but got 1"),
    ("qasm2_qubit_index_out_of_range.qasm", 4, 5,
     "index 5 is out-of-range for register 'q' of size 2"),
    ("qasm2_undeclared_register.qasm", 4, 3, "'r' is not defined in this scope"),
    ("qasm2_missing_include.qasm", 3, 1, "gate 'h' is not defined (add 'include \"qelib1.inc\";')"),
    ("qasm2_unknown_include.qasm", 2, 9,
     "unable to find '/etc/hostname' in the include search path"),
    ("qasm2_unsupported_version.qasm", 1, 1, "unsupported OpenQASM version 2.1; use 2.0 or 3.0"),
    ("qasm2_too_many_qubits.qasm", 5, 1, "the circuit declares 6,000 qubits; the limit is 5,000"),
]  # fmt: skip

# OpenQASM 3 the native parser does not handle, or handles differently: the ANTLR path reads it.
OUTSIDE_NATIVE_SUBSET = [
    "qubit q;\nid q;\n",
    "qubit[2] q;\nctrl @ x q[0], q[1];\n",
    "qubit q;\nU(pi, 0, pi) q;\n",
    "input float theta;\nqubit q;\nrz(theta) q;\n",
    "qubit q;\nreset q;\nx q;\n",
    "qreg q[1];\nx q[0];\n",
    "qubit q;\nbit c;\nmeasure q -> c;\n",
    "qubit[2] q;\nbarrier;\n",
    "gate g a { x a; }\nqubit q;\ng q;\n",
]


def corpus(kind: str, name: str) -> str:
    return (CORPUS / kind / name).read_text()


Instruction = tuple[str, list[int], list[int], list[object]]


def instructions(circuit: QuantumCircuit) -> list[Instruction]:
    """What a circuit does, in terms that do not depend on which parser built it."""
    return [
        (
            item.operation.name,
            [circuit.find_bit(qubit).index for qubit in item.qubits],
            [circuit.find_bit(clbit).index for clbit in item.clbits],
            [_comparable(param) for param in item.operation.params],
        )
        for item in circuit.data
    ]


def _comparable(param: object) -> object:
    if isinstance(param, QuantumCircuit):  # a control-flow block
        return instructions(param)
    if isinstance(param, int | float):
        return round(float(param), 12)
    return str(param)


@pytest.mark.parametrize(("name", "fmt", "parser", "qubits", "clbits", "depth", "counts"), VALID)
def test_valid_corpus_parses_with_the_expected_parser_and_figures(
    name: str, fmt: str, parser: str, qubits: int, clbits: int, depth: int, counts: dict[str, int]
) -> None:
    parsed = parse_circuit(corpus("valid", name))

    assert (parsed.format, parsed.parser) == (fmt, parser)
    assert (parsed.qubits, parsed.clbits, parsed.depth) == (qubits, clbits, depth)
    assert parsed.gate_counts == counts
    assert parsed.measured
    assert parsed.circuit.num_qubits == qubits


@pytest.mark.parametrize("name", [row[0] for row in VALID])
def test_windows_line_endings_read_the_same(name: str) -> None:
    unix = parse_circuit(corpus("valid", name))
    windows = parse_circuit(corpus("valid", name).replace("\n", "\r\n"))

    assert windows.parser == unix.parser
    assert instructions(windows.circuit) == instructions(unix.circuit)


@pytest.mark.parametrize(("name", "line", "column", "message"), INVALID)
def test_invalid_corpus_reports_line_and_column(
    name: str, line: int, column: int, message: str, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InvalidCircuit) as raised:
        parse_circuit(corpus("invalid", name))

    assert (raised.value.line, raised.value.column, raised.value.message) == (line, column, message)
    # Neither native parser got the chance to print diagnostics to the server's stderr.
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(("name", "line", "column", "message"), INVALID[:12])
def test_windows_line_endings_keep_positions(
    name: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(InvalidCircuit) as raised:
        parse_circuit(corpus("invalid", name).replace("\n", "\r\n"))

    assert (raised.value.line, raised.value.column, raised.value.message) == (line, column, message)


def test_invalid_circuit_is_a_domain_error_with_code_and_position() -> None:
    with pytest.raises(InvalidCircuit) as raised:
        parse_circuit(corpus("invalid", "qasm3_missing_semicolon.qasm"))

    assert isinstance(raised.value, DomainError)
    assert raised.value.code == "INVALID_CIRCUIT"
    assert str(raised.value) == "4:7: expected ';'"


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
def test_empty_source_is_refused(text: str) -> None:
    with pytest.raises(InvalidCircuit) as raised:
        parse_circuit(text)

    assert (raised.value.line, raised.value.column) == (1, 1)
    assert raised.value.message == "the program is empty"


def test_source_over_200000_characters_is_refused_before_parsing() -> None:
    text = BELL + "// " + "x" * 200_000

    with pytest.raises(InvalidCircuit) as raised:
        parse_circuit(text)

    assert (raised.value.line, raised.value.column) == (1, 1)
    assert "the limit is 200,000" in raised.value.message


def test_max_qubits_is_a_parameter() -> None:
    with pytest.raises(InvalidCircuit) as raised:
        parse_circuit(BELL, max_qubits=1)

    assert (raised.value.line, raised.value.column) == (3, 1)
    assert raised.value.message == "the circuit declares 2 qubits; the limit is 1"


def test_huge_register_is_refused_before_it_is_built() -> None:
    # Allocating two billion qubits would take minutes and gigabytes; the refusal is immediate.
    for text in ("OPENQASM 2.0;\nqreg q[2000000000];\n", "qubit[2000000000] q;\n"):
        with pytest.raises(InvalidCircuit, match="2,000,000,000 qubits"):
            parse_circuit(text)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("qubit q;\nrz(" + "(" * 5000 + "1" + ")" * 5000 + ") q;\n", 2, 67,
         "brackets are nested more than 64 deep"),
        ("qubit[2] q;\nx q[" + "9" * 5000 + "];\n", 2, 5, "this number is too long"),
        ("OPENQASM 2.0;\nqreg q[" + "9" * 5000 + "];\n", 2, 1,
         "the circuit declares more than 10^18 qubits; the limit is 5,000"),
        ("OPENQASM 2.0;\nqreg q[2];\nU(0,0,0) q[99999999999999999999];\n", 3, 12,
         "this index is far past any register's size"),
    ],
)  # fmt: skip
def test_hostile_programs_are_refused_quickly_with_a_position(
    text: str, line: int, column: int, message: str, capfd: pytest.CaptureFixture[str]
) -> None:
    # Each of these once cost seconds, a Python ValueError or a Rust panic on stderr.
    with pytest.raises(InvalidCircuit) as raised:
        parse_circuit(text)

    assert (raised.value.line, raised.value.column, raised.value.message) == (line, column, message)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("body", OUTSIDE_NATIVE_SUBSET)
def test_programs_outside_the_native_subset_use_antlr(
    body: str, capfd: pytest.CaptureFixture[str]
) -> None:
    parsed = parse_circuit('OPENQASM 3.0;\ninclude "stdgates.inc";\n' + body)

    assert parsed.parser == "qasm3-antlr"
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("angle", ["pi/2", "1", "-2*pi/3 + 0.1", "τ / 8", "(1 + 2) * euler"])
def test_constant_angles_are_folded_for_the_native_parser(angle: str) -> None:
    text = f'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nrz({angle}) q;\n'

    parsed = parse_circuit(text)
    antlr = load_antlr(read_source(text), max_qubits=5000, max_clbits=5000)

    assert parsed.parser == "qasm3-native"
    # Bit for bit: the folding does the importer's arithmetic in the importer's order.
    assert parsed.circuit.data[0].operation.params == antlr.data[0].operation.params


def test_qasm2_accepts_qiskits_extended_qelib1_gates() -> None:
    text = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nsx q[0];\nrzz(0.5) q[0],q[1];\n'

    assert parse_circuit(text).gate_counts == {"sx": 1, "rzz": 1}


def test_a_byte_order_mark_is_not_part_of_the_program() -> None:
    parsed = parse_circuit("\ufeff" + corpus("valid", "qasm2_bell.qasm"))

    assert (parsed.format, parsed.parser) == ("QASM2", "qasm2")


def test_integer_version_header_is_qasm3_through_antlr() -> None:
    parsed = parse_circuit(BELL.replace("OPENQASM 3.0;", "OPENQASM 3;"))

    assert (parsed.format, parsed.parser) == ("QASM3", "qasm3-antlr")


def test_falls_back_to_antlr_when_the_native_parser_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> QuantumCircuit:
        raise QASM3ImporterError("not today")

    monkeypatch.setattr(qasm3_native.qasm3, "loads_experimental", refuse)

    parsed = parse_circuit(BELL)

    assert parsed.parser == "qasm3-antlr"
    assert instructions(parsed.circuit) == instructions(
        parse_circuit(corpus("valid", "qasm3_bell.qasm")).circuit
    )


@pytest.mark.parametrize("name", [row[0] for row in VALID if row[2] == "qasm3-native"])
def test_native_and_antlr_agree_on_the_corpus(name: str) -> None:
    source = read_source(corpus("valid", name))
    program = native_program(source, max_qubits=5000, max_clbits=5000)
    assert program is not None

    native = load_native(program)
    antlr = load_antlr(source, max_qubits=5000, max_clbits=5000)

    assert native is not None
    assert (native.num_qubits, native.num_clbits) == (antlr.num_qubits, antlr.num_clbits)
    assert instructions(native) == instructions(antlr)


def test_native_and_antlr_agree_on_generated_flat_circuits(
    capfd: pytest.CaptureFixture[str],
) -> None:
    generate = random.Random(20240611)
    for _ in range(150):
        source = read_source(_flat_circuit(generate))
        program = native_program(source, max_qubits=5000, max_clbits=5000)
        assert program is not None, source.text

        native = load_native(program)
        antlr = load_antlr(source, max_qubits=5000, max_clbits=5000)

        assert native is not None, source.text
        assert instructions(native) == instructions(antlr), source.text
    assert capfd.readouterr().err == ""


ANGLES = ["0.5", "-1.25", "2.0e-3", "pi", "-pi/2", "3*pi/4", "2 * π / 3 - 0.1", "1", "tau/8"]


def _flat_circuit(generate: random.Random) -> str:
    """A random valid program inside the native subset: registers, gates, barrier, measure."""
    sizes = {"q": generate.randint(1, 4), "r": generate.randint(1, 3)}
    lines = ["OPENQASM 3.0;", 'include "stdgates.inc";', "qubit[{q}] q;", "qubit[{r}] r;"]
    lines = [line.format(**sizes) for line in lines] + ["qubit a;", "bit[{q}] c;".format(**sizes)]
    qubits = [f"q[{i}]" for i in range(sizes["q"])] + [f"r[{i}]" for i in range(sizes["r"])]
    qubits.append("a")
    for _ in range(generate.randint(1, 12)):
        name = generate.choice(sorted(NATIVE_GATES))
        n_params, n_qubits = NATIVE_GATES[name]
        if n_qubits > len(qubits):
            continue
        params = [generate.choice(ANGLES) for _ in range(n_params)]
        operands = generate.sample(qubits, n_qubits)
        call = f"{name}({', '.join(params)})" if params else name
        lines.append(f"{call} {', '.join(operands)};")
    if generate.random() < 0.5:
        lines.append("barrier q, a;")
    lines.append("c = measure q;" if generate.random() < 0.5 else "c[0] = measure q[0];")
    return "\n".join(lines) + "\n"

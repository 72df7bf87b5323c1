"""OpenQASM source text: version header, comment blanking and offsets as editor positions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from domain.circuits.errors import InvalidCircuit

CircuitFormat = Literal["QASM2", "QASM3"]

MAX_SOURCE_CHARS = 200_000

# Whitespace and comments may precede the header; the version is kept as written so the error
# for an unsupported one can quote it.
# Possessive `*+`: on a miss, the skipped prefix is never re-split (which would take exponential
# time on a long run of spaces).
_HEADER = re.compile(
    r"(?:\s|//[^\n]*|/\*.*?\*/)*+(?P<keyword>OPENQASM)\b\s*(?P<version>[^\s;]*)", re.DOTALL
)
_QASM3_VERSIONS = frozenset({"3", "3.0", "3.1"})
# A string is matched first so that `//` inside an include path is not taken for a comment.
_QASM3_COMMENTS = re.compile(r'"[^"\n]*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_QASM2_COMMENTS = re.compile(r'"[^"\n]*"|//[^\n]*')  # OpenQASM 2 has no block comments


@dataclass(frozen=True)
class Source:
    """One submitted program, with helpers that never change its offsets."""

    text: str
    format: CircuitFormat

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a character offset; columns count characters."""
        offset = max(0, min(offset, len(self.text)))
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based (line, column); the inverse of `position`."""
        start = 0
        for _ in range(line - 1):
            start = self.text.find("\n", start) + 1
            if start == 0:
                return len(self.text)
        return start + column - 1

    def error(self, message: str, offset: int) -> InvalidCircuit:
        line, column = self.position(offset)
        return InvalidCircuit(message, line=line, column=column)

    @cached_property
    def blanked(self) -> str:
        """The text with comments replaced by spaces (newlines kept), so offsets still match."""
        pattern = _QASM2_COMMENTS if self.format == "QASM2" else _QASM3_COMMENTS
        return pattern.sub(_blank_comment, self.text)


def read_source(text: str) -> Source:
    """Check the size and the `OPENQASM x.y;` header; no header means OpenQASM 3."""
    text = text.removeprefix("\ufeff")  # a byte-order mark from an editor is not a column
    if len(text) > MAX_SOURCE_CHARS:
        raise InvalidCircuit(
            f"the program is {len(text):,} characters long; the limit is {MAX_SOURCE_CHARS:,}",
            line=1,
            column=1,
        )
    if not text.strip():
        raise InvalidCircuit("the program is empty", line=1, column=1)
    header = _HEADER.match(text)
    if header is None:
        return Source(text, "QASM3")
    version = header["version"]
    if version == "2.0":
        return Source(text, "QASM2")
    if version in _QASM3_VERSIONS:
        return Source(text, "QASM3")
    source = Source(text, "QASM3")
    if not version:
        raise source.error("expected a version number after OPENQASM", header.end("keyword"))
    raise source.error(
        f"unsupported OpenQASM version {version}; use 2.0 or 3.0", header.start("keyword")
    )


def _blank_comment(match: re.Match[str]) -> str:
    found = match.group()
    if found.startswith('"'):
        return found
    return re.sub(r"[^\n]", " ", found)

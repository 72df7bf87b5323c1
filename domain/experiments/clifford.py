"""The 24 single-qubit Cliffords as words in H and S, and standard RB sequences. Pure.

A sequence is m random Cliffords then the one Clifford that undoes them all, so an ideal run
returns to |0>. Barriers between Cliffords keep the compiler from merging the sequence into one
gate, which would hide the decay RB measures.
"""

from __future__ import annotations

import random
from functools import lru_cache

import numpy as np

_H = np.array([[1, 1], [1, -1]], dtype=complex) / np.sqrt(2)
_S = np.array([[1, 0], [0, 1j]], dtype=complex)
_GATES = {"h": _H, "s": _S}


def _key(unitary: np.ndarray) -> tuple[complex, ...]:
    """The unitary up to global phase, rounded: the first sizeable entry made real positive."""
    flat = unitary.flatten()
    pivot = flat[np.argmax(np.abs(flat) > 1e-6)]
    normal = flat * (abs(pivot) / pivot)
    return tuple(complex(round(z.real, 6), round(z.imag, 6)) for z in normal)


@lru_cache(maxsize=1)
def group() -> tuple[list[tuple[str, ...]], list[np.ndarray], dict[tuple[complex, ...], int]]:
    """The 24 elements (shortest words first), their unitaries and an index by unitary."""
    words: list[tuple[str, ...]] = [()]
    unitaries = [np.eye(2, dtype=complex)]
    index = {_key(unitaries[0]): 0}
    frontier = [0]
    while frontier:
        following = []
        for i in frontier:
            for name, gate in _GATES.items():
                unitary = gate @ unitaries[i]  # the word's gates applied in order
                key = _key(unitary)
                if key not in index:
                    index[key] = len(words)
                    words.append((*words[i], name))
                    unitaries.append(unitary)
                    following.append(index[key])
        frontier = following
    assert len(words) == 24
    return words, unitaries, index


def rb_sequence(length: int, rng: random.Random) -> list[str]:
    """Gate names (with barriers) of `length` random Cliffords and the inverse of their product."""
    words, unitaries, index = group()
    total = np.eye(2, dtype=complex)
    gates: list[str] = []
    for _ in range(length):
        choice = rng.randrange(24)
        gates.extend(words[choice])
        gates.append("barrier")
        total = unitaries[choice] @ total
    inverse = index[_key(total.conj().T)]
    gates.extend(words[inverse])
    return gates

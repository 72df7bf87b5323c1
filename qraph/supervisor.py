"""What `qraph serve` runs its processes under: start in order, restart what dies, stop in reverse.

Children come in layers (the embedded services, then the API processes, then the workers). A
child that dies is started again after a backoff that doubles from `MIN_BACKOFF_S` up to
`MAX_BACKOFF_S`, and falls back once it has stayed up `STABLE_S`; nothing else is touched, so a
dead worker never takes the API or the databases down. The current pids are kept in a JSON file
in the data dir for operators and tests.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

log = logging.getLogger("qraph.supervisor")

MIN_BACKOFF_S = 0.5
MAX_BACKOFF_S = 30.0
STABLE_S = 30.0
TICK_S = 0.2
STOP_S = 30.0  # a worker finishes in-flight jobs for up to 20 s (arq's job_completion_wait)


class Child(Protocol):
    name: str

    def start(self) -> None: ...
    def alive(self) -> bool: ...
    def pid(self) -> int | None: ...
    def terminate(self) -> None: ...
    def wait(self, timeout: float) -> None: ...


@dataclass
class Command:
    """A child process: an API process or a worker, in its own session so that a Ctrl-C reaches
    only the supervisor, which then stops everything in order."""

    name: str
    argv: list[str]
    pass_fds: tuple[int, ...] = ()
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.argv,
            pass_fds=self.pass_fds,
            start_new_session=True,
            # No orphans if the supervisor itself is killed. The supervisor starts no threads,
            # so preexec_fn's fork-safety caveat does not apply.
            preexec_fn=_die_with_parent,  # noqa: PLW1509
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def terminate(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.terminate()

    def wait(self, timeout: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("child did not stop in time; killing it", extra={"child": self.name})
            self.process.kill()
            self.process.wait()


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


@dataclass
class _Slot:
    child: Child
    started_at: float = 0.0
    backoff_s: float = MIN_BACKOFF_S
    restart_at: float | None = None  # set while the child is down and waiting for its restart
    restarts: int = 0
    deferred: bool = False  # not started yet (`start(defer=...)`), so not watched either


class Supervisor:
    def __init__(self, layers: list[list[Child]], *, state_file: Path | None = None) -> None:
        self._layers = [[_Slot(child) for child in layer] for layer in layers]
        self._state_file = state_file
        self._stopping = False

    @property
    def slots(self) -> list[_Slot]:
        return [slot for layer in self._layers for slot in layer]

    def start(self, *, already_running: tuple[str, ...] = (), defer: tuple[str, ...] = ()) -> None:
        """Start every layer in order; a child that fails to start here is an error.

        Children named in `defer` wait for `start_deferred` (serve starts the worker once the
        API answers, so on a small machine the two do not import their SDKs at once).
        """
        for slot in self.slots:
            if slot.child.name in defer:
                slot.deferred = True
                continue
            if slot.child.name not in already_running:
                slot.child.start()
            slot.started_at = time.monotonic()
        self._write_state()

    def start_deferred(self) -> None:
        """Start the children `start` deferred; from then on they are watched like the rest."""
        for slot in self.slots:
            if slot.deferred and not self._stopping:
                slot.child.start()
                slot.started_at = time.monotonic()
                slot.deferred = False
        self._write_state()

    def request_stop(self) -> None:
        self._stopping = True

    def run(self, on_tick: Callable[[], None] | None = None) -> None:
        """Watch the children until `request_stop`, calling `on_tick` after each round (how
        `serve` waits for /health and follows its one-shot catalog load without a thread)."""
        while not self._stopping:
            self.check(time.monotonic())
            if on_tick is not None and not self._stopping:
                on_tick()
            time.sleep(TICK_S)

    def check(self, now: float) -> None:
        """One round: notice deaths, and restart children whose backoff has passed."""
        changed = False
        for slot in self.slots:
            if self._stopping:
                return
            if slot.deferred:
                continue
            if slot.restart_at is None:
                if slot.child.alive():
                    continue
                if now - slot.started_at >= STABLE_S:
                    slot.backoff_s = MIN_BACKOFF_S
                slot.restart_at = now + slot.backoff_s
                log.warning(
                    "child exited; restarting it",
                    extra={"child": slot.child.name, "in_s": slot.backoff_s},
                )
                continue
            if now < slot.restart_at:
                continue
            try:
                slot.child.start()
            except Exception as exc:  # a service may refuse to start for a while; keep trying
                slot.backoff_s = min(slot.backoff_s * 2, MAX_BACKOFF_S)
                slot.restart_at = now + slot.backoff_s
                log.warning(
                    "child did not start; retrying",
                    extra={"child": slot.child.name, "in_s": slot.backoff_s, "error": str(exc)},
                )
                continue
            slot.restarts += 1
            slot.started_at = now
            slot.restart_at = None
            slot.backoff_s = min(slot.backoff_s * 2, MAX_BACKOFF_S)
            log.warning(
                "child restarted",
                extra={
                    "child": slot.child.name,
                    "pid": slot.child.pid(),
                    "restarts": slot.restarts,
                },
            )
            changed = True
        if changed:
            self._write_state()

    def stop(self) -> None:
        """Stop the layers in reverse order, each layer's children together."""
        self._stopping = True
        for layer in reversed(self._layers):
            for slot in layer:
                with contextlib.suppress(Exception):
                    slot.child.terminate()
            for slot in layer:
                with contextlib.suppress(Exception):
                    slot.child.wait(STOP_S)
        if self._state_file is not None:
            with contextlib.suppress(FileNotFoundError):
                self._state_file.unlink()

    def _write_state(self) -> None:
        if self._state_file is None:
            return
        state = {
            "supervisor": os.getpid(),
            "children": {slot.child.name: slot.child.pid() for slot in self.slots},
            "restarts": {slot.child.name: slot.restarts for slot in self.slots},
        }
        partial = self._state_file.with_suffix(".tmp")
        partial.write_text(json.dumps(state, indent=2))
        partial.replace(self._state_file)

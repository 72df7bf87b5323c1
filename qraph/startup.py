"""What `qraph serve` does once its children are started: wait until `/health` answers, say
"ready" with the URLs a newcomer needs, then load the backend catalog in the background.

It runs on the supervisor's ticks (`Supervisor.run(on_tick=...)`), in the supervisor's one
thread: the supervisor forks children with `preexec_fn`, which threads would make unsafe.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from qraph.settings import Environment, Settings
from qraph.supervisor import Command

log = logging.getLogger("qraph.startup")

PROBE_EVERY_S = 0.2
SLOW_START_S = 60.0  # past this, say once what is still missing


def say(message: str) -> None:
    """A line for the person at the terminal (logs are JSON; these are not)."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


class HealthProbe:
    """GET /health without blocking: one request at a time, read as the answer arrives.

    The listening socket is `serve`'s own, so the connection is queued in its backlog until an
    API process accepts it; a blocking probe with a timeout would leave a trail of abandoned
    requests there for the API to answer once it starts.
    """

    def __init__(self, host: str, port: int) -> None:
        self.address = (host.strip("[]"), port)
        self._socket: socket.socket | None = None
        self._answer = b""

    def answered_ok(self) -> bool:
        """True once a GET /health got a 200; otherwise starts or continues one and says False."""
        if self._socket is None:
            self._open()
            return False
        assert self._socket is not None
        readable, _, _ = select.select([self._socket], [], [], 0)
        if not readable:
            return False
        try:
            chunk = self._socket.recv(4096)
        except OSError:
            chunk = b""
        self._answer += chunk
        if b"\r\n" in self._answer:
            status_line = self._answer.split(b"\r\n", 1)[0].split()
            self.close()
            return len(status_line) >= 2 and status_line[1] == b"200"
        if not chunk:  # closed without an answer (an API process restarting): ask again
            self.close()
        return False

    def _open(self) -> None:
        try:
            self._socket = socket.create_connection(self.address, timeout=1.0)
            request = (
                f"GET /health HTTP/1.1\r\nHost: {self.address[0]}\r\n"
                "X-Request-ID: serve-readiness\r\nConnection: close\r\n\r\n"
            )
            self._socket.sendall(request.encode())
            self._socket.setblocking(False)
        except OSError:
            self.close()

    def close(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.close()
        self._socket = None
        self._answer = b""


def banner(settings: Settings, *, seconds: float, processes: int, admin_key: str | None) -> str:
    base = f"http://{settings.display_host}:{settings.port}"
    lines = [
        f"qraph: ready in {seconds:.1f}s ({processes} API process(es)).",
        f"  GraphiQL:  {base}/graphql",
        f"  Health:    {base}/health",
    ]
    if settings.env is Environment.DEVELOPMENT:
        lines.append(f"  Mailbox:   {base}/dev/mailbox   (mail the server sent; development only)")
    if admin_key is not None:
        lines += [
            "  Local admin: paste into GraphiQL's Headers tab:",
            f'    {{"Authorization": "Bearer {admin_key}"}}',
        ]
    lines.append("  Ctrl-C stops everything.")
    return "\n".join(lines)


@dataclass
class Startup:
    """Readiness, then the background catalog load; `tick` is called every supervisor round."""

    settings: Settings
    started_at: float
    processes: int
    admin_key: str | None
    catalog: Command | None  # the one-shot loader, started once the API answers
    on_ready: Callable[[], None] | None = None  # e.g. start the deferred worker
    ready: bool = False
    _probe: HealthProbe | None = None
    _next_probe: float = 0.0
    _warned_slow: bool = False
    _catalog_started_at: float = 0.0
    _catalog_reported: bool = field(default=False)

    def tick(self) -> None:
        now = time.monotonic()
        if not self.ready:
            if now < self._next_probe:
                return
            self._next_probe = now + PROBE_EVERY_S
            if self._probe is None:
                self._probe = HealthProbe(self.settings.display_host, self.settings.port)
            if self._probe.answered_ok():
                self._become_ready()
            elif not self._warned_slow and time.perf_counter() - self.started_at > SLOW_START_S:
                self._warned_slow = True
                say("qraph: still waiting for /health to answer (see the log above)")
            return
        self._follow_catalog()

    def _become_ready(self) -> None:
        self.ready = True
        seconds = time.perf_counter() - self.started_at
        say(
            banner(
                self.settings, seconds=seconds, processes=self.processes, admin_key=self.admin_key
            )
        )
        if self.on_ready is not None:
            self.on_ready()
        if self.catalog is not None:
            self._catalog_started_at = time.perf_counter()
            try:
                self.catalog.start()
            except OSError as exc:
                say(f"qraph: the backend catalog could not be loaded: {exc}")
                self.catalog = None

    def _follow_catalog(self) -> None:
        if self.catalog is None or self._catalog_reported or self.catalog.alive():
            return
        self._catalog_reported = True
        process = self.catalog.process
        code = process.returncode if process is not None else None
        seconds = time.perf_counter() - self._catalog_started_at
        if code == 0:
            say(f"qraph: backend catalog loaded in {seconds:.1f}s")
        else:
            say(f"qraph: loading the backend catalog failed (exit {code}); see the log above")

    def stop(self) -> None:
        """Stop a catalog load still running (it resumes from scratch on the next start)."""
        if self._probe is not None:
            self._probe.close()
        if self.catalog is not None and self.catalog.alive():
            with contextlib.suppress(Exception):
                self.catalog.terminate()
                self.catalog.wait(10)

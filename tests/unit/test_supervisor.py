"""The supervisor's restart rules, on real child processes and a clock the test moves."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qraph.supervisor import MAX_BACKOFF_S, MIN_BACKOFF_S, STABLE_S, Command, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
QUITTER = [sys.executable, "-c", "raise SystemExit(1)"]


@pytest.fixture
def supervisors() -> Iterator[list[Supervisor]]:
    started: list[Supervisor] = []
    yield started
    for supervisor in started:
        supervisor.stop()


def _wait_dead(child: Command) -> None:
    deadline = time.monotonic() + 30
    while child.alive():
        if time.monotonic() > deadline:
            pytest.fail(f"{child.name} did not die")
        time.sleep(0.02)


def test_a_dead_child_is_restarted_alone_after_its_backoff(supervisors, tmp_path: Path):
    # given two running children
    api, worker = Command("api", SLEEPER), Command("worker", SLEEPER)
    supervisor = Supervisor([[api], [worker]], state_file=tmp_path / "serve.json")
    supervisors.append(supervisor)
    supervisor.start()
    api_pid, worker_pid = api.pid(), worker.pid()
    # when the worker is killed
    os.kill(worker_pid or 0, signal.SIGKILL)
    _wait_dead(worker)
    now = time.monotonic()
    supervisor.check(now)
    supervisor.check(now + MIN_BACKOFF_S / 2)
    # then it waits out its backoff first
    assert not worker.alive()
    supervisor.check(now + MIN_BACKOFF_S)
    # and then only the worker is started again, and the state file says so
    assert worker.alive() and worker.pid() != worker_pid
    assert api.pid() == api_pid and api.alive()
    state = json.loads((tmp_path / "serve.json").read_text())
    assert state["children"] == {"api": api_pid, "worker": worker.pid()}
    assert state["restarts"] == {"api": 0, "worker": 1}


def test_backoff_doubles_while_a_child_keeps_dying_and_resets_once_it_stays_up(supervisors):
    # given a child that exits as soon as it starts
    child = Command("flaky", QUITTER)
    supervisor = Supervisor([[child]])
    supervisors.append(supervisor)
    supervisor.start()
    slot = supervisor.slots[0]
    now = time.monotonic()
    delays = []
    for _ in range(8):
        # when it dies again and again
        _wait_dead(child)
        supervisor.check(now)
        assert slot.restart_at is not None
        delays.append(slot.restart_at - now)
        now = slot.restart_at
        supervisor.check(now)
    # then each restart waits twice as long as the one before, up to the cap
    assert delays == [min(MIN_BACKOFF_S * 2**n, MAX_BACKOFF_S) for n in range(8)]
    # and once it has stayed up long enough, the next death waits the shortest time again
    _wait_dead(child)
    supervisor.check(now + STABLE_S)
    assert slot.restart_at == now + STABLE_S + MIN_BACKOFF_S


def test_stop_ends_every_child_and_removes_the_state_file(tmp_path: Path):
    children = [Command("api", SLEEPER), Command("worker", SLEEPER)]
    supervisor = Supervisor([children[:1], children[1:]], state_file=tmp_path / "serve.json")
    supervisor.start()
    supervisor.stop()
    assert not any(child.alive() for child in children)
    assert not (tmp_path / "serve.json").exists()


def test_a_deferred_child_waits_for_start_deferred_and_is_then_watched(supervisors, tmp_path):
    # given an API started now and a worker deferred (serve starts it once the API answers)
    api, worker = Command("api", SLEEPER), Command("worker", QUITTER)
    supervisor = Supervisor([[api], [worker]], state_file=tmp_path / "serve.json")
    supervisors.append(supervisor)
    supervisor.start(defer=("worker",))
    # then the worker is neither started nor "restarted" by the watch loop meanwhile
    now = time.monotonic()
    for tick in range(3):
        supervisor.check(now + tick * 10)
    assert api.alive() and worker.process is None
    assert json.loads((tmp_path / "serve.json").read_text())["children"]["worker"] is None
    # when it is started, and dies
    supervisor.start_deferred()
    assert worker.process is not None
    _wait_dead(worker)
    first = worker.pid()
    supervisor.check(time.monotonic())
    supervisor.check(time.monotonic() + MIN_BACKOFF_S + 0.01)
    # then it is restarted like any child
    assert worker.pid() != first

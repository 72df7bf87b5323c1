"""Jobs run in simulation processes, with what happens when a process is stopped or dies.

- A job whose stop event fires (its row left RUNNING: a cancel) gets None: nothing to record.
- Past the time limit: `TIME_LIMIT_EXCEEDED`. Past the memory limit: `MEMORY_LIMIT_EXCEEDED`.
- A process that dies under a job is replaced and the job runs again in a fresh one; when it
  dies under the job `POISON_DEATHS` times, the job is refused as `POISON` and never run again,
  so a circuit that crashes its process cannot take the worker's processes down in a loop.
- A batch (several jobs in one call) that fails any of these ways is run again job by job, so
  only the job to blame is charged, and its neighbours complete.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from domain.execution import BackendSpec, JobResult, Refused
from domain.execution.errors import MemoryLimitExceeded, PoisonJob, TimeLimitExceeded
from domain.execution.pool import ProcessDied, SimulationFailed, SimulationPool, Stopped

log = logging.getLogger("qraph.simulation")

POISON_DEATHS = 2
INTERNAL = Refused("INTERNAL_ERROR", "The simulation failed unexpectedly; it was not retried.")


@dataclass(frozen=True, slots=True)
class Work:
    """One job for a simulation process, and the event that stops it (set on a cancel)."""

    source: str
    shots: int
    stop: asyncio.Event


def _death(error: ProcessDied) -> str:
    code = error.exitcode
    if code is not None and code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"


async def run_alone(
    pool: SimulationPool, backend: BackendSpec, work: Work, *, time_limit_s: float
) -> JobResult | None:
    """One job in its own call; None when it was stopped."""
    deaths: list[str] = []
    while True:
        try:
            [result] = await pool.run(
                backend, [(work.source, work.shots)], time_limit_s=time_limit_s, stop=work.stop
            )
        except Stopped:
            return None
        except (TimeLimitExceeded, MemoryLimitExceeded) as error:
            return Refused.of(error)
        except SimulationFailed:
            log.exception("simulation process failed")
            return INTERNAL
        except ProcessDied as error:
            deaths.append(_death(error))
            log.warning("simulation process died under a job", extra={"death": deaths[-1]})
            if len(deaths) >= POISON_DEATHS:
                return Refused.of(
                    PoisonJob(
                        f"The job's simulation process died {len(deaths)} times "
                        f"({', '.join(deaths)}); it is not run again."
                    )
                )
        else:
            return result


async def _all_set(events: Sequence[asyncio.Event], stop: asyncio.Event) -> None:
    await asyncio.gather(*(event.wait() for event in events))
    stop.set()


async def run_batch(
    pool: SimulationPool, backend: BackendSpec, works: Sequence[Work], *, time_limit_s: float
) -> list[JobResult | None]:
    """Several jobs in one call where all goes well; see the module docstring for the rest."""
    if len(works) == 1:
        return [await run_alone(pool, backend, works[0], time_limit_s=time_limit_s)]
    stop = asyncio.Event()  # the batch stops when every one of its jobs is stopped
    watcher = asyncio.ensure_future(_all_set([work.stop for work in works], stop))
    try:
        results: list[JobResult | None] = list(
            await pool.run(
                backend,
                [(work.source, work.shots) for work in works],
                time_limit_s=time_limit_s,
                stop=stop,
            )
        )
    except Stopped:
        return [None] * len(works)
    except (ProcessDied, TimeLimitExceeded, MemoryLimitExceeded, SimulationFailed):
        log.warning("a batch failed in its process; running its jobs one by one")
        return list(
            await asyncio.gather(
                *(run_alone(pool, backend, work, time_limit_s=time_limit_s) for work in works)
            )
        )
    finally:
        watcher.cancel()
    # A job cancelled while its batch ran has nothing to record either.
    return [
        None if work.stop.is_set() else result for work, result in zip(works, results, strict=True)
    ]

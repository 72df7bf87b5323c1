"""The `health` preset's wall time on an emulator, end to end.

Run with `make bench` or `python tests/benchmarks/bench_experiments.py [--rounds N]`. Uses
BENCH_DATABASE_URL / BENCH_REDIS_URL when set (a throwaway database: it is migrated and loaded),
else embedded services. Each round submits `runExperiment(preset: health)` on fake_sherbrooke
over the real app, runs its jobs on an in-process burst worker with the worker's simulation
processes, and settles the run with the worker's sweep (fits in a child process). It prints the
time to the mutation's answer, to the last job's result, to the analysed run, and the fit.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.common import services

RUN = """
mutation Run($input: RunExperimentInput!) {
  runExperiment(input: $input) { __typename ... on RunExperimentSuccess { run { id } }
    ... on Error { code message } }
}
"""
READ = "{ experimentRuns(first: 1) { edges { node { status result } } } }"
INPUT = {
    "preset": "health",
    "backends": ["fake_sherbrooke"],
    "qubits": [0],
    "shots": 1000,
    "params": {"points": 7, "rbSequences": 1},
}


async def main(rounds: int) -> None:
    import httpx

    from domain.identity.principal import Role
    from qraph.app import create_app
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import make_user
    from tests.integration.test_experiments import _drain
    from tests.support import MODERN_ACCEPT

    await asyncio.to_thread(migrate)
    await _sync_backends()
    app = create_app(get_settings())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=MODERN_ACCEPT
        ) as client:
            print(f"health preset on fake_sherbrooke, {rounds} round(s), 7+7+2+5 jobs each")
            for round_ in range(rounds):
                user = await make_user(app, Role.CONSUMER)
                start = time.perf_counter()
                response = await client.post(
                    "/graphql",
                    json={"query": RUN, "variables": {"input": INPUT}},
                    headers=user.headers,
                )
                answered = time.perf_counter()
                kind = response.json()["data"]["runExperiment"]["__typename"]
                assert kind == "RunExperimentSuccess", response.text
                await _drain(app)  # jobs on a burst worker, then the experiments sweep
                settled = time.perf_counter()
                body = (
                    await client.post("/graphql", json={"query": READ}, headers=user.headers)
                ).json()
                run = body["data"]["experimentRuns"]["edges"][0]["node"]
                result = run["result"]
                t1, t2 = result["t1"], result["t2"]
                print(
                    f"round {round_ + 1}: mutation {1000 * (answered - start):7.1f} ms, "
                    f"jobs run and run analysed {settled - start:6.2f} s, status {run['status']}; "
                    f"qubit {result['physicalQubit']}: "
                    f"T1 {t1['fitted']['value']:.1f} ± {t1['fitted']['stderr']:.1f} µs "
                    f"(calibrated {t1['calibrated']:.1f}), "
                    f"T2 {t2['fitted']['value']:.1f} ± {t2['fitted']['stderr']:.1f} µs "
                    f"(calibrated {t2['calibrated']:.1f})"
                )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    with services():
        asyncio.run(main(arguments.rounds))

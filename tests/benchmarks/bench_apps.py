"""A page of 50 apps, creating a version, a marketplace search page, and runApp vs submitJob.

Run with `make bench` (or `python tests/benchmarks/bench_apps.py [--rounds N] [--profile]`).
The apps are inserted as rows (tests.integration.apps_support.insert_apps): the page measures
the read path only. Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set, else embedded services.

Prints, from one run:
  1. in process (the schema executed without HTTP, signed in as the apps' owner), the page
     `myApps(first: 50) { tags owner latestVersion { version estimates } }` beside one raw
     asyncpg statement returning the same rows: p50, p99, CPU and the ratios, and its SQL count;
  2. `createAppVersion` of the two-input template through the ASGI app (parsing it in the
     sandbox, deriving the input schema, the cost per backend): p50, p99, and this process's
     CPU (the parse runs in a child process, whose CPU is not counted);
  3. in process, a marketplace search page of 50 listings with each app, its latest version
     and rating, by words (`marketplace(query: "grover", first: 50)`) and by recency: p50,
     p99, CPU and SQL count;
  4. through the ASGI app, `runApp` of a registry version with two inputs against `submitJob`
     of the same circuit already bound (same backend, shots): p50 and p99 of each and the p50
     overhead of finding the version, checking the inputs and binding them (the bind parses
     the template in the sandbox, as the submission parses the circuit again).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx

from tests.benchmarks.common import services
from tests.benchmarks.in_process import (
    Statements,
    Timings,
    executor,
    latencies,
    profile,
    ratio_line,
    raw_connection,
    timing_line,
)

PAGE = """
query Page { myApps(first: 50) { edges { node { slug tags { name } owner { username }
  latestVersion { version estimates { qubits depth } } } } } }
"""
RAW_PAGE = """
SELECT a.slug, u.username,
       (SELECT array_agg(t.name ORDER BY t.name) FROM app_tags x JOIN tags t ON t.id = x.tag_id
        WHERE x.app_id = a.id) AS tags,
       v.version, v.qubits, v.depth
FROM quantum_apps a JOIN users u ON u.id = a.owner_id
LEFT JOIN LATERAL (
  SELECT version, qubits, depth FROM app_versions
  WHERE app_id = a.id AND status IN ('PUBLISHED', 'DEPRECATED') AND NOT prerelease
  ORDER BY status = 'PUBLISHED' DESC, precedence DESC LIMIT 1) v ON true
WHERE a.owner_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT 51
"""
SEARCH = """
query Search { marketplace(%sfirst: 50) { totalCount
  edges { node { pricingModel flatPrice { amount currency }
    app { slug name rating ratingCount latestVersion { version } } } } } }
"""
PUBLISH = """
mutation P($id: ID!) { publishAppVersion(id: $id) { __typename } }
"""
REGISTER = """
mutation R($id: ID!) { publishToRegistry(versionId: $id) { __typename } }
"""
RUN_APP = """
mutation Run($input: RunAppInput!) { runApp(input: $input) {
  __typename ... on SubmitJobSuccess { job { id circuit { source } } } } }
"""
SUBMIT = """
mutation Submit($input: SubmitJobInput!) { submitJob(input: $input) {
  __typename ... on SubmitJobSuccess { job { id } } } }
"""
CREATE = """
mutation Create($appId: ID!, $version: String!, $template: String!) {
  createAppVersion(appId: $appId, input: {version: $version, template: $template}) {
    __typename ... on CreateAppVersionSuccess { version { id } } } }
"""


async def main(rounds: int, with_profile: bool) -> None:
    from domain.identity.authn import Credentials, authenticate
    from domain.identity.principal import Role
    from qraph.app import create_app
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import make_user
    from tests.integration.apps_support import TEMPLATE, insert_apps

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        services_ = app.state.services
        owner = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
        await insert_apps(app, owner.id, 50, tags=("qaoa", "vqe"))
        principal = await authenticate(
            Credentials.from_headers(owner.headers["Authorization"], None),
            sessionmaker=services_.sessionmaker,
            redis=services_.redis,
            jwt_secret=services_.jwt_secret,
        )
        statements = Statements(app)
        execute = executor(app, principal)
        raw = await raw_connection(settings.database_url or "")
        try:
            print(f"in process, {rounds} sequential runs each; ratios to raw asyncpg")
            rows = await raw.fetch(RAW_PAGE, owner.id)
            assert len(rows) == 50, len(rows)
            baseline = await latencies(lambda: raw.fetch(RAW_PAGE, owner.id), rounds)
            samples = await latencies(lambda: execute(PAGE), rounds)
            statements.seen.clear()
            data = await execute(PAGE)
            assert len(data["myApps"]["edges"]) == 50
            name = "myApps(first: 50) + tags, owner, latest"
            print(ratio_line(name, samples, baseline), f"  SQL: {len(statements.seen)}")
            print(timing_line("  raw asyncpg, one statement", baseline))
            if with_profile:
                print(await profile(lambda: execute(PAGE), rounds))
        finally:
            await raw.close()

        first = await execute("{ myApps(first: 1) { edges { node { id } } } }")
        app_id = first["myApps"]["edges"][0]["node"]["id"]
        made = iter(range(10**6))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=owner.headers
        ) as client:

            async def create() -> None:
                variables = {"appId": app_id, "version": f"2.0.{next(made)}", "template": TEMPLATE}
                response = await client.post(
                    "/graphql", json={"query": CREATE, "variables": variables}
                )
                result = response.json()["data"]["createAppVersion"]
                assert result["__typename"] == "CreateAppVersionSuccess", result

            creates = max(rounds // 10, 5)
            _print_creates(creates, await latencies(create, creates))
            await _search_page(app, owner, execute, statements, rounds)
            await _run_app_against_submit_job(client, app_id, max(rounds // 10, 10))


def _print_creates(creates: int, timings: Timings) -> None:
    print(f"\nthrough the ASGI app, {creates} sequential createAppVersion (parse in sandbox)")
    print(timing_line("createAppVersion, two inputs", timings))


async def _search_page(app, owner, execute, statements, rounds: int) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.search_support import add_apps

    await add_apps(app, owner.id, [{"name": f"Grover search {i}"} for i in range(50)])
    print(f"\nin process, {rounds} sequential marketplace searches, 50 listings a page")
    for label, query in (("by words", "grover"), ("newest, no words", None)):
        statements.seen.clear()
        data = await execute_search(execute, query)
        assert len(data["marketplace"]["edges"]) == 50, data
        sql = len(statements.seen)
        samples = await latencies(lambda q=query: execute_search(execute, q), rounds)
        print(timing_line(f"marketplace(first: 50) {label}", samples), f"  SQL: {sql}")


async def execute_search(execute, query):  # type: ignore[no-untyped-def]
    return await execute(SEARCH % ("" if query is None else f'query: "{query}", '))


async def _run_app_against_submit_job(client: httpx.AsyncClient, app_id: str, rounds: int) -> None:
    from tests.integration.apps_support import TEMPLATE

    async def post(query: str, variables: dict[str, object]) -> dict[str, object]:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
        return response.json()["data"]  # type: ignore[no-any-return]

    made = await post(CREATE, {"appId": app_id, "version": "9.0.0", "template": TEMPLATE})
    version_id = made["createAppVersion"]["version"]["id"]  # type: ignore[index]
    await post(PUBLISH, {"id": version_id})
    await post(REGISTER, {"id": version_id})
    run_input = {"versionId": version_id, "inputs": {"theta": 0.5, "phi": 0.25}, "shots": 10}
    first = await post(RUN_APP, {"input": {**run_input, "backend": "aer_simulator"}})
    circuit = first["runApp"]["job"]["circuit"]["source"]  # type: ignore[index]

    async def run_app() -> None:
        result = await post(RUN_APP, {"input": {**run_input, "backend": "aer_simulator"}})
        assert result["runApp"]["__typename"] == "SubmitJobSuccess", result  # type: ignore[index]

    async def submit_job() -> None:
        job = {"backend": "aer_simulator", "circuit": circuit, "shots": 10}
        result = await post(SUBMIT, {"input": job})
        assert result["submitJob"]["__typename"] == "SubmitJobSuccess", result  # type: ignore[index]

    submits = await latencies(submit_job, rounds)
    runs = await latencies(run_app, rounds)
    print(f"\nthrough the ASGI app, {rounds} sequential runs each, the same bound circuit")
    print(timing_line("submitJob", submits))
    print(timing_line("runApp (find, check inputs, bind, submit)", runs))
    print(ratio_line("runApp against submitJob", runs, submits))
    overhead = _p50(runs.samples_ms) - _p50(submits.samples_ms)
    print(f"{'runApp overhead (p50 difference)':44s} {overhead:7.2f} ms")


def _p50(samples: list[float]) -> float:
    return sorted(samples)[len(samples) // 2]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="runs per figure")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    args = parser.parse_args()
    with services():
        asyncio.run(main(args.rounds, args.profile))

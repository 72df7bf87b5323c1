"""Sign-in figures: `login` and `refresh` latency through the ASGI app, and argon2's share.

Run with `make bench` (or directly). Uses BENCH_DATABASE_URL/BENCH_REDIS_URL when set (point
them at a throwaway database: the benchmark migrates it and adds a user), else embedded services.
`login` is dominated by one argon2id verification, which runs in a worker thread; `refresh`
uses no password hashing at all.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import httpx

from tests.benchmarks.common import services, summary

ROUNDS = 50
LOGIN = """
mutation Login($login: String!, $password: String!) {
  login(login: $login, password: $password) {
    __typename ... on LoginSuccess { accessToken refreshToken }
  }
}
"""
REFRESH = """
mutation Refresh($token: String!) {
  refresh(refreshToken: $token) { __typename ... on RefreshSuccess { accessToken refreshToken } }
}
"""


async def _timed(client: httpx.AsyncClient, query: str, variables: dict[str, str]) -> tuple:
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    elapsed = (time.perf_counter() - started) * 1000
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, response.text
    return elapsed, next(iter(body["data"].values()))


async def main() -> None:
    from domain.identity.credentials import PASSWORD_HASHER, verify_password
    from qraph.app import create_app
    from qraph.cli import migrate
    from qraph.settings import get_settings
    from tests.identity import TEST_PASSWORD, make_user

    await asyncio.to_thread(migrate)  # alembic runs its own event loop
    params = PASSWORD_HASHER
    print(
        f"argon2id: time_cost={params.time_cost} memory_cost={params.memory_cost} KiB "
        f"parallelism={params.parallelism} hash_len={params.hash_len} salt_len={params.salt_len}"
    )
    stored = PASSWORD_HASHER.hash(TEST_PASSWORD)
    raw = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        verify_password(stored, TEST_PASSWORD)
        raw.append((time.perf_counter() - started) * 1000)

    app = create_app(get_settings())
    async with app.router.lifespan_context(app):
        user = await make_user(app)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            credentials = {"login": user.username, "password": TEST_PASSWORD}
            await _timed(client, LOGIN, credentials)  # warm the caches and the pool
            logins, refreshes = [], []
            token = ""
            for _ in range(ROUNDS):
                elapsed, result = await _timed(client, LOGIN, credentials)
                assert result["__typename"] == "LoginSuccess", result
                logins.append(elapsed)
                token = result["refreshToken"]
            for _ in range(ROUNDS):
                elapsed, result = await _timed(client, REFRESH, {"token": token})
                assert result["__typename"] == "RefreshSuccess", result
                refreshes.append(elapsed)
                token = result["refreshToken"]
    print(f"{'login (HTTP, ASGI)':28s} {summary(logins)}")
    print(f"{'refresh (HTTP, ASGI)':28s} {summary(refreshes)}")
    print(f"{'argon2id verify alone':28s} {summary(raw)}")


if __name__ == "__main__":
    # Lift the request limits: these figures are for signing in, not for the limiter.
    for name in ("QRAPH_RATE_LIMIT_ANONYMOUS", "QRAPH_MUTATION_RATE_LIMIT"):
        os.environ.setdefault(name, "1000000")
    os.environ.setdefault("QRAPH_COST_BUDGET_PER_HOUR", "100000000")
    with services():
        asyncio.run(main())

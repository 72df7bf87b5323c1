"""A read costs its own statement and no more round trips; a lost connection is still replaced.

Reads run in autocommit sessions (`domain.db.reader_of`): no BEGIN and ROLLBACK around them. The
API's pool pings only connections idle for a second (`make_engine(ping_after_idle_s=...)`), so
a busy process sends no ping per checkout, and a connection that died while idle is replaced
before a request uses it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest

from tests.identity import make_user
from tests.integration.test_job_reads import insert_jobs
from tests.support import graphql

BACKENDS_PAGE = "{ backends(first: 50) { edges { node { name qubits provider } } } }"
JOBS_PAGE = """
{ jobs(first: 50) { edges { node {
  backend { name } kpis { fidelity } statusHistory { status } } } } }
"""
IDLE_S = 1.0  # what qraph.app passes as ping_after_idle_s


class ServerCalls:
    """What asyncpg sends outside prepared statements: BEGIN, ROLLBACK, pings (`;`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: list[str] = []
        for name in ("execute", "fetchrow"):
            original = getattr(asyncpg.Connection, name)
            monkeypatch.setattr(asyncpg.Connection, name, self._recording(original))

    def _recording(self, original: Any) -> Any:
        async def recorded(connection: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            self.sent.append(query.strip())
            return await original(connection, query, *args, **kwargs)

        return recorded


async def test_a_page_of_backends_sends_no_begin_rollback_or_ping(
    client, sql_statements, monkeypatch
):
    # given a warm process (its connection was used just now)
    assert "errors" not in await graphql(client, BACKENDS_PAGE)
    calls = ServerCalls(monkeypatch)
    sql_statements.statements.clear()
    # when the page is read again
    body = await graphql(client, BACKENDS_PAGE)
    # then the page statement went out alone
    assert len(body["data"]["backends"]["edges"]) == 50
    assert sql_statements.count == 1
    assert calls.sent == []


async def test_a_page_of_jobs_reads_each_relation_in_one_statement_and_nothing_else(
    app, client, sql_statements, monkeypatch
):
    owner = await make_user(app)
    await insert_jobs(app, owner.id, 50)
    client.headers.update(owner.headers)
    assert "errors" not in await graphql(client, JOBS_PAGE)
    calls = ServerCalls(monkeypatch)
    sql_statements.statements.clear()
    body = await graphql(client, JOBS_PAGE)
    assert len(body["data"]["jobs"]["edges"]) == 50
    assert sql_statements.count == 3  # the page, the backends, the histories
    assert calls.sent == []


async def _drop_app_connections(database_url: str) -> int:
    """Terminate every other connection to the app's database, as a server restart would."""
    admin = await asyncpg.connect(database_url)
    try:
        return int(
            await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    finally:
        await admin.close()


async def test_a_connection_lost_while_idle_is_replaced_before_a_read(client, database_url):
    # given a pooled connection that dies while the process is idle
    assert "errors" not in await graphql(client, BACKENDS_PAGE)
    assert await _drop_app_connections(database_url) >= 1
    await asyncio.sleep(IDLE_S + 0.2)
    # when the next request reads
    response = await client.post("/graphql", json={"query": BACKENDS_PAGE})
    # then the ping found it dead and a fresh connection served the read
    assert response.status_code == 200, response.text
    assert len(response.json()["data"]["backends"]["edges"]) == 50


async def test_a_connection_lost_while_busy_fails_one_read_at_most_then_the_pool_recovers(
    client, database_url
):
    # given a connection used just now that dies before the next request (no ping this soon)
    assert "errors" not in await graphql(client, BACKENDS_PAGE)
    assert await _drop_app_connections(database_url) >= 1
    # when two requests follow at once
    first = await client.post("/graphql", json={"query": BACKENDS_PAGE})
    second = await client.post("/graphql", json={"query": BACKENDS_PAGE})
    # then the first may get the typed outage answer (never the driver's text), and the second,
    # on a fresh connection, is served
    if first.status_code != 200:
        assert first.status_code == 503
        assert first.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert "terminat" not in first.text.lower()
    assert second.status_code == 200, second.text
    assert len(second.json()["data"]["backends"]["edges"]) == 50

"""Qraph's own schema gives the same answers with and without the short path for plain fields.

Each document runs over the same database twice, as the same caller: with graphql-core's own path
(`SharedEventExecutor`, what Strawberry would run) and with `PlainFields`, which the app uses.
"""

from __future__ import annotations

from typing import Any

import pytest

from domain.identity.authn import Credentials, authenticate
from domain.identity.principal import ANONYMOUS, Principal, Role
from qraph.context import Context
from resolvers.loaders import Loaders
from schema.execution import PlainFields
from schema.subscription import SharedEventExecutor
from tests.identity import make_user
from tests.integration.test_job_reads import insert_jobs

DOCUMENTS = {
    "backends page": "{ backends(first: 50) { edges { node { name qubits provider } } } }",
    "backends, every plain field": """
        { backends(first: 20) { totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { id name description provider technology status statusReason
            operational simulator qubits basisGates simulationMethod processorFamily maxShots
            lastCalibratedAt pricing { perShot perTask currency free }
            calibration { calibratedAt medianT1Us medianTwoQubitError twoQubitGate
              qubits(first: 2) { edges { node { qubit t1Us calibratedAt } } } } } } } }
    """,
    "one backend, aliases and fragments": """
        { a: backend(name: "aer_simulator") { ...B } b: backend(name: "no such") { ...B } }
        fragment B on Backend { name n: qubits couplingMap { source target } }
    """,
    "jobs page": """
        { jobs(first: 50) { edges { node { backend { name } kpis { fidelity }
          statusHistory { status } } } } }
    """,
    "jobs, every field": """
        { jobs(first: 10) { edges { node { id name qubits depth shots priority tags status
          createdAt startedAt finishedAt cancelRequestedAt queueWait executionTime
          circuit { source format } result { shots counts { bitstring count } }
          error { code message } costEstimate { amount currency } actualCost { amount }
          kpis { fidelity queueWaitMs executionMs shotsUsed status shotBudget }
          statusHistory { status at note } backend { name qubits } } } } }
    """,
    "me and typename": "{ __typename me { __typename id username } }",
    "an error in a field": '{ jobs(first: 5, after: "not a cursor") { edges { cursor } } }',
}


async def _principal(app: Any, headers: dict[str, str]) -> Principal:
    services = app.state.services
    return await authenticate(
        Credentials.from_headers(headers["Authorization"], None),
        sessionmaker=services.sessionmaker,
        redis=services.redis,
        jwt_secret=services.jwt_secret,
    )


async def _run(app: Any, executor: type, document: str, principal: Principal) -> Any:
    services = app.state.services
    schema = app.state.graphql.schema
    context = Context(
        services=services,
        request=None,  # type: ignore[arg-type]  # nothing on these reads reads it
        response=None,
        loaders=Loaders(services.sessionmaker),
        principal=principal,
    )
    schema.execution_context_class = executor
    try:
        return await schema.execute(document, context_value=context)
    finally:
        schema.execution_context_class = PlainFields


@pytest.mark.parametrize("viewer", ["anonymous", "owner"])
async def test_every_document_gives_the_same_answer_both_ways(app, viewer):
    owner = await make_user(app, Role.CONSUMER)
    await insert_jobs(app, owner.id, 12)
    await insert_jobs(app, owner.id, 3, status="FAILED", error_code="E", error_message="boom")
    principal = ANONYMOUS if viewer == "anonymous" else await _principal(app, owner.headers)
    for name, document in DOCUMENTS.items():
        expected = await _run(app, SharedEventExecutor, document, principal)
        got = await _run(app, PlainFields, document, principal)
        assert got.data == expected.data, name
        assert _errors(got) == _errors(expected), name
        if viewer == "owner" and name.startswith("jobs"):
            assert got.data["jobs"]["edges"], name  # the jobs were there to compare


def _errors(result: Any) -> list[tuple[str, Any]]:
    return sorted((error.message, error.path) for error in result.errors or ())

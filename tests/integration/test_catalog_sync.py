"""Catalog sync is idempotent, and operators trigger it through a typed mutation."""

from __future__ import annotations

from sqlalchemy import func, select, update

from domain.backends.models import Backend, BackendStatus, GateCalibration, QubitCalibration
from domain.backends.sync import sync_catalog
from domain.identity.principal import Role
from domain.providers.base import BackendSpec
from domain.providers.registry import default_providers
from tests.identity import make_user

SYNC = """
mutation Sync {
  syncBackends {
    __typename
    ... on SyncBackendsSuccess { created updated retired calibrationsWritten calibrationsUnchanged }
    ... on Error { code message }
  }
}
"""


async def _counts(session):
    return tuple(
        [
            await session.scalar(select(func.count()).select_from(model))
            for model in (Backend, QubitCalibration, GateCalibration)
        ]
    )


async def test_a_second_sync_updates_in_place_and_duplicates_nothing(app):
    # given the catalog already loaded once (the template database)
    sessionmaker = app.state.services.sessionmaker
    async with sessionmaker() as session:
        before = await _counts(session)
        await session.execute(
            update(Backend).where(Backend.name == "fake_sherbrooke").values(num_qubits=1)
        )
        await session.commit()
    # when the catalog is synced again
    async with sessionmaker() as session:
        report = await sync_catalog(session, default_providers())
    # then no row was added, the edited row was put back, and calibration was left alone
    async with sessionmaker() as session:
        assert await _counts(session) == before
        qubits = await session.scalar(
            select(Backend.num_qubits).where(Backend.name == "fake_sherbrooke")
        )
    assert qubits == 127
    assert report.created == 0 and report.retired == 0
    assert report.updated == before[0]
    assert report.calibrations_written == 0


class _OneBackend:
    """A provider that now offers a single backend (the others were withdrawn)."""

    def __init__(self, spec: BackendSpec) -> None:
        self.provider = spec.provider
        self._spec = spec

    def list_backends(self) -> list[BackendSpec]:
        return [self._spec]


async def test_backends_a_provider_withdraws_are_retired_not_deleted(app):
    from domain.providers.aer import AerProvider

    sessionmaker = app.state.services.sessionmaker
    only = AerProvider().list_backends()[0]
    async with sessionmaker() as session:
        report = await sync_catalog(session, [_OneBackend(only)])
    async with sessionmaker() as session:
        rows = await session.execute(
            select(Backend.name, Backend.status).where(Backend.provider == only.provider)
        )
        statuses = dict(rows.all())
    assert report.retired == len(statuses) - 1
    assert statuses.pop(only.name) == BackendStatus.ONLINE
    assert set(statuses.values()) == {BackendStatus.RETIRED}


async def test_the_sync_mutation_is_for_admins_only(app, client):
    # given a consumer and an admin
    consumer = await make_user(app, Role.CONSUMER)
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    # when each of them, and an anonymous caller, asks for a sync
    anonymous = await client.post("/graphql", json={"query": SYNC})
    refused = await client.post("/graphql", json={"query": SYNC}, headers=consumer.headers)
    allowed = await client.post("/graphql", json={"query": SYNC}, headers=admin.headers)
    # then only the admin's runs, and it is idempotent against the loaded catalog
    for response in (anonymous, refused):
        assert response.json()["data"] is None
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    result = allowed.json()["data"]["syncBackends"]
    assert result["__typename"] == "SyncBackendsSuccess"
    assert result["created"] == 0 and result["calibrationsWritten"] == 0
    assert result["updated"] >= 70

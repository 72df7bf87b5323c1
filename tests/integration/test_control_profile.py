"""The control profile: admins change it, it is in force at once without a restart, every
change is recorded with who made it and when, and others can read but not change it."""

from __future__ import annotations

from sqlalchemy import select

from domain.experiments import control_profile
from domain.experiments.models import ControlProfile as ProfileRow
from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support
from tests.integration.test_experiments import RUN

READ = "{ controlProfile { defaultShots experimentShotCap fidelityOk changedById changedAt } }"
SET = """
mutation S($input: SetControlProfileInput!) {
  setControlProfile(input: $input) {
    __typename
    ... on SetControlProfileSuccess { profile { experimentShotCap defaultShots changedAt } }
    ... on InvalidInputError { field message }
  }
}
"""
DPD = {
    "preset": "dpd_demo",
    "backends": ["aer_simulator"],
    "shots": 300,
    "params": {"strengths": [1.0]},
}


async def test_a_change_is_in_force_at_once_and_recorded(app, client):
    control_profile.forget()
    admin = await make_user(app, Role.ADMIN)
    user = await make_user(app, Role.CONSUMER)
    # given the defaults, a two-job run of 300 shots each passes the cap
    body = await support.post(client, READ, {}, user.headers)
    assert body["data"]["controlProfile"]["changedAt"] is None
    assert body["data"]["controlProfile"]["experimentShotCap"] == 200_000
    first = await support.post(client, RUN, {"input": DPD}, user.headers)
    assert first["data"]["runExperiment"]["__typename"] == "RunExperimentSuccess", first
    # when an admin lowers the cap under 600 shots
    changed = await support.post(
        client, SET, {"input": {"experimentShotCap": 500, "defaultShots": 64}}, admin.headers
    )
    assert changed["data"]["setControlProfile"]["__typename"] == "SetControlProfileSuccess"
    # then the same run is refused at once, with no restart, and writes nothing
    refused = await support.post(client, RUN, {"input": DPD}, user.headers)
    assert refused["data"]["runExperiment"]["__typename"] == "ShotsOutOfRangeError", refused
    # and a run without shots takes the new default
    fewer = {**DPD, "shots": None}
    done = await support.post(client, RUN, {"input": fewer}, user.headers)
    assert done["data"]["runExperiment"]["run"]["shots"] == 64, done
    # and the change is recorded with who made it and when
    async with app.state.services.sessionmaker() as session:
        rows = list(await session.scalars(select(ProfileRow).order_by(ProfileRow.id)))
    assert len(rows) == 1 and rows[0].changed_by == admin.id and rows[0].changed_at
    assert rows[0].values["experiment_shot_cap"] == 500
    body = await support.post(client, READ, {}, user.headers)
    profile = body["data"]["controlProfile"]
    assert profile["experimentShotCap"] == 500 and profile["changedAt"] and profile["changedById"]


async def test_only_admins_change_it_and_bad_values_are_refused(app, client):
    control_profile.forget()
    admin = await make_user(app, Role.ADMIN)
    user = await make_user(app, Role.CONSUMER)
    body = await support.post(client, SET, {"input": {"defaultShots": 10}}, user.headers)
    assert body["data"] is None or body["data"]["setControlProfile"] is None
    assert body["errors"]
    for bad in ({"fidelityOk": 1.5}, {"fidelityOk": 0.5, "fidelityWarn": 0.8}, {"defaultShots": 0}):
        body = await support.post(client, SET, {"input": bad}, admin.headers)
        assert body["data"]["setControlProfile"]["__typename"] == "InvalidInputError", body
    async with app.state.services.sessionmaker() as session:
        assert list(await session.scalars(select(ProfileRow))) == []

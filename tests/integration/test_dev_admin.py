"""The local admin of a development install: created once, its key reused, and it works."""

from __future__ import annotations

from sqlalchemy import func, select

from domain.identity.bootstrap import ensure_dev_admin
from domain.identity.models import ApiKey, User

WHO = "query Who { backendStats { total } }"


async def test_the_dev_admin_is_created_once_and_its_key_reused(app):
    sessionmaker = app.state.services.sessionmaker
    # given a fresh install
    async with sessionmaker() as session, session.begin():
        first = await ensure_dev_admin(session, saved_key=None)
    # when the server starts again with the saved key
    async with sessionmaker() as session, session.begin():
        second = await ensure_dev_admin(session, saved_key=first.api_key)
    # then there is one admin and one key, and the key is the same
    async with sessionmaker() as session:
        users = await session.scalar(select(func.count()).select_from(User))
        keys = (await session.scalars(select(ApiKey))).all()
    assert first.created and not second.created
    assert second.api_key == first.api_key
    assert users == 1 and len(keys) == 1
    assert first.api_key not in {keys[0].secret_hash, keys[0].last4}


async def test_a_lost_or_revoked_key_is_replaced(app):
    sessionmaker = app.state.services.sessionmaker
    async with sessionmaker() as session, session.begin():
        first = await ensure_dev_admin(session, saved_key=None)
    async with sessionmaker() as session, session.begin():
        replaced = await ensure_dev_admin(session, saved_key="qk_not-a-key-we-issued")
    assert replaced.api_key != first.api_key


async def test_the_dev_admin_key_authenticates_as_an_admin(app, client):
    async with app.state.services.sessionmaker() as session, session.begin():
        admin = await ensure_dev_admin(session, saved_key=None)
    headers = {"Authorization": f"Bearer {admin.api_key}"}
    response = await client.post("/graphql", json={"query": WHO}, headers=headers)
    assert response.status_code == 200
    bad = await client.post(
        "/graphql", json={"query": WHO}, headers={"Authorization": "Bearer qk_forged"}
    )
    assert bad.status_code == 401
    assert bad.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

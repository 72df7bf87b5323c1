"""The committed SDL and the migrations stay in step with the code."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

import domain.models  # noqa: F401
from domain.db import Base, async_url
from schema import export_sdl

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_matches_the_code(settings):
    # the SDL is what client codegen reads; regenerate it with `make schema`
    committed = (ROOT / "schema.graphql").read_text()
    assert export_sdl(settings) == committed, "run `make schema`"


async def test_migrations_match_the_models(database_url):
    # given a database migrated to head (the template every test clones)
    engine = create_async_engine(async_url(database_url))

    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        changes = await connection.run_sync(diff)
    await engine.dispose()
    # then autogenerate would produce nothing
    assert changes == [], f"write a migration: {changes}"

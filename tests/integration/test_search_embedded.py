"""Typo-tolerant search on the embedded PostgreSQL (pgserver), which has no pg_trgm: the same
migrations and the same search code as on the machine's PostgreSQL find a misspelt name.

(The rest of the search tests run on whichever server TEST_DATABASE_URL names, or on pgserver
when it is unset; this one runs on pgserver always, so both are covered in every run.)
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from domain.apps import search
from domain.db import make_engine, make_sessionmaker
from domain.pagination import PageRequest
from qraph import embedded
from tests.identity import create_user
from tests.integration.search_support import add_apps

ROOT = Path(__file__).resolve().parents[2]


def test_a_misspelt_name_finds_the_app_on_embedded_postgres():
    # Not under pytest's tmp dir: as root, pgserver runs PostgreSQL as another user.
    data_dir = Path(tempfile.mkdtemp(prefix="qraph-search-"))
    postgres = embedded.EmbeddedPostgres(data_dir)
    postgres.start()
    try:
        # given the embedded server migrated to head
        config = Config(str(ROOT / "alembic.ini"))
        config.set_main_option("script_location", str(ROOT / "migrations"))
        config.set_main_option("sqlalchemy.url", postgres.url)
        command.upgrade(config, "head")
        asyncio.run(_search_with_a_typo(postgres.url))
    finally:
        postgres.terminate()
        postgres.wait(30)
        shutil.rmtree(data_dir, ignore_errors=True)


async def _search_with_a_typo(url: str) -> None:
    engine = make_engine(url, pool_size=2)
    sessionmaker = make_sessionmaker(engine)
    try:
        async with sessionmaker() as session:
            similarity = await session.scalar(text("SELECT qraph_similarity('solvr', 'solver')"))
        assert similarity is not None and similarity > search.MIN_SIMILARITY
        owner = await create_user(sessionmaker, "s" * 48)
        holder = SimpleNamespace(
            state=SimpleNamespace(services=SimpleNamespace(sessionmaker=sessionmaker))
        )
        slugs = await add_apps(
            holder, owner.id, [{"name": "Hamiltonian Solver"}, {"name": "Other"}]
        )
        # when searching with the name misspelt
        async with sessionmaker() as session:
            found = await search.search(
                session,
                where="registry",
                query="hamiltonain solvr",
                given=search.SearchFilter(),
                order=search.SearchOrder.RELEVANCE,
                request=PageRequest(first=10),
                size=10,
            )
        # then the app is found, by the corrected words
        assert [app.slug for _, app in found.page.items] == [slugs[0]]
        assert found.corrected and found.query == "hamiltonian solver"
    finally:
        await engine.dispose()

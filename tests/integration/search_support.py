"""Apps for the search tests, written straight to the database: each with a published 1.0.0,
a marketplace listing and a registry entry (nothing here is parsed: these are for reading)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from domain.apps.models import (
    AppVersion,
    MarketplaceListing,
    Project,
    QuantumApp,
    RegistryEntry,
    Tag,
    app_tags,
)
from domain.apps.semantic_versions import parse_version, precedence_key
from tests.integration.apps_support import TEMPLATE


async def add_apps(app: Any, owner_id: uuid.UUID, specs: list[dict[str, Any]]) -> list[str]:
    """One listed, registered app per spec; returns their slugs in order. A spec names `name`,
    and optionally `summary`, `description`, `category`, `tags`, `price` (USD per month),
    `currency`, `rating`, `downloads` and `age` (days since it was listed)."""
    slugs = []
    now = datetime.now(UTC)
    async with app.state.services.sessionmaker() as session, session.begin():
        for index, spec in enumerate(specs):
            project = Project(owner_id=owner_id, name=spec["name"])
            session.add(project)
            await session.flush()
            slug = f"s{index}-{project.id.hex[:10]}"
            found = QuantumApp(
                owner_id=owner_id,
                project_id=project.id,
                slug=slug,
                name=spec["name"],
                summary=spec.get("summary", "An app."),
                description=spec.get("description", ""),
                category=spec.get("category", "OTHER"),
                visibility="PUBLIC",
                rating=spec.get("rating"),
                rating_count=1 if spec.get("rating") is not None else 0,
                downloads=spec.get("downloads", 0),
            )
            session.add(found)
            await session.flush()
            version = AppVersion(
                app_id=found.id,
                version="1.0.0",
                precedence=precedence_key(parse_version("1.0.0")),
                prerelease=False,
                status="PUBLISHED",
                release_notes="",
                sdk="qiskit",
                template=TEMPLATE,
                input_schema={},
                constraints={},
                documentation="",
                default_shots=1024,
                qubits=2,
                depth=4,
                two_qubit_gates=1,
                cost_estimates=[],
                published_at=now,
            )
            session.add(version)
            await session.flush()
            listed_at = now - timedelta(days=spec.get("age", index))
            price = spec.get("price", Decimal("10"))
            session.add(
                MarketplaceListing(
                    app_id=found.id,
                    pricing_model="FLAT",
                    currency=spec.get("currency", "USD"),
                    flat_price=price,
                    period="MONTH",
                    trial_days=0,
                    support_email="help@example.org",
                    status="LISTED",
                    listed_at=listed_at,
                )
            )
            session.add(
                RegistryEntry(
                    app_id=found.id,
                    version_id=version.id,
                    package=b"package",
                    package_sha256="0" * 64,
                    package_size=7,
                    published_by=owner_id,
                    published_at=listed_at,
                )
            )
            for name in spec.get("tags", ()):
                tag_id = await session.scalar(select(Tag.id).where(Tag.name == name))
                if tag_id is None:
                    tag = Tag(name=name)
                    session.add(tag)
                    await session.flush()
                    tag_id = tag.id
                await session.execute(insert(app_tags).values(app_id=found.id, tag_id=tag_id))
            slugs.append(slug)
    return slugs

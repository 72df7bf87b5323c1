"""The cron that keeps every connected IBM account's imported jobs up to date."""

from __future__ import annotations

import logging
from typing import Any

from domain import events
from domain.errors import DomainError
from domain.providers import ibm_accounts, ibm_imports
from qraph.secrets import secret_box
from qraph.settings import get_settings

log = logging.getLogger("qraph.worker.ibm_accounts")

EVERY_MINUTES = 5


async def sync_ibm_accounts(ctx: dict[str, Any]) -> dict[str, int]:
    """Sync each connected account in turn; one account's failure is recorded on it and skipped."""
    settings = get_settings()
    box = secret_box(settings)
    clients = ibm_accounts.default_client_factory(settings.ibm_api_url, settings.ibm_iam_url)
    async with ctx["sessionmaker"]() as session:
        user_ids = await ibm_accounts.connected_users(session)
    synced = failed = 0
    for user_id in user_ids:
        try:
            async with ctx["sessionmaker"]() as session:
                report = await ibm_imports.sync_jobs(
                    session,
                    user_id=user_id,
                    box=box,
                    client_factory=clients,
                    limit=settings.ibm_import_limit,
                )
        except DomainError as error:
            failed += 1
            log.info("IBM account sync failed", extra={"user_id": str(user_id), "code": error.code})
            continue
        except Exception:  # one account's surprise never stops the others' sync
            failed += 1
            log.exception("IBM account sync crashed", extra={"user_id": str(user_id)})
            continue
        synced += 1
        for event in report.events:
            await events.publish(ctx["redis"], event)
    return {"synced": synced, "failed": failed}

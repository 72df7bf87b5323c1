"""Connected IBM Quantum accounts: connect (the token checked with IBM, then sealed), disconnect,
and list them. Importing the account's jobs is `ibm_imports`.

The token is sealed at rest (secret_box, bound to the owner and provider) and opened only to
build an `IbmAccountClient`; it is never logged or returned. IBM calls run on the SDK thread with
no transaction open.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from domain.db import AsyncSession
from domain.errors import InvalidInput, NotFound
from domain.providers.ibm_account_client import IbmAccountClient
from domain.providers.models import AccountProvider, ProviderAccount
from domain.providers.sdk_thread import run_in_sdk_thread
from domain.providers.secret_box import SecretBox

log = logging.getLogger("qraph.providers.ibm_accounts")

CHANNEL = "ibm_quantum_platform"
MAX_TOKEN_CHARS = 2_000
MAX_INSTANCE_CHARS = 400

# Builds the client for one account: (token, instance, channel) -> client.
ClientFactory = Callable[[str, str | None, str], IbmAccountClient]


def token_context(user_id: uuid.UUID) -> str:
    return f"provider_accounts:{user_id}:{AccountProvider.IBM_QUANTUM}"


def _validate(token: str, instance: str | None) -> tuple[str, str | None]:
    token = token.strip()
    if (
        not token
        or len(token) > MAX_TOKEN_CHARS
        or not token.isascii()  # it travels in HTTP headers and forms
        or not token.isprintable()
        or " " in token
    ):
        raise InvalidInput(
            f"The token must be 1 to {MAX_TOKEN_CHARS} printable ASCII characters.",
            field="token",
        )
    if instance is not None:
        instance = instance.strip() or None
    if instance is not None and (
        len(instance) > MAX_INSTANCE_CHARS or not instance.isascii() or not instance.isprintable()
    ):
        raise InvalidInput(
            f"The instance (a CRN) is at most {MAX_INSTANCE_CHARS} printable ASCII characters.",
            field="instance",
        )
    return token, instance


async def list_accounts(session: AsyncSession, *, user_id: uuid.UUID) -> list[ProviderAccount]:
    """The user's connected accounts."""
    rows = await session.scalars(
        select(ProviderAccount)
        .where(ProviderAccount.user_id == user_id)
        .order_by(ProviderAccount.provider)
    )
    return list(rows)


async def connect(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    token: str,
    instance: str | None,
    box: SecretBox,
    client_factory: ClientFactory,
) -> ProviderAccount:
    """Check the token with IBM (no transaction open), then store it sealed; replaces any."""
    token, instance = _validate(token, instance)
    client = client_factory(token, instance, CHANNEL)
    try:
        await run_in_sdk_thread(client.verify)
    finally:
        close_client(client)
    sealed = box.seal(token, context=token_context(user_id))
    async with session.begin():
        statement = pg_insert(ProviderAccount).values(
            id=uuid.uuid4(),
            user_id=user_id,
            provider=AccountProvider.IBM_QUANTUM,
            token_ciphertext=sealed.ciphertext,
            token_nonce=sealed.nonce,
            instance=instance,
            channel=CHANNEL,
        )
        statement = statement.on_conflict_do_update(
            index_elements=["user_id", "provider"],
            set_={
                "token_ciphertext": statement.excluded.token_ciphertext,
                "token_nonce": statement.excluded.token_nonce,
                "instance": statement.excluded.instance,
                "channel": statement.excluded.channel,
                "connected_at": datetime.now(UTC),
                "last_error": None,
            },
        )
        account = (await session.scalars(statement.returning(ProviderAccount))).one()
    log.info("IBM account connected", extra={"user_id": str(user_id)})
    return account


async def disconnect(session: AsyncSession, *, user_id: uuid.UUID) -> None:
    """Delete the account and its sealed token; imported jobs stay, as the user's history."""
    async with session.begin():
        gone = await session.execute(
            delete(ProviderAccount)
            .where(
                ProviderAccount.user_id == user_id,
                ProviderAccount.provider == AccountProvider.IBM_QUANTUM,
            )
            .returning(ProviderAccount.id)
        )
        if gone.first() is None:
            raise NotFound("No IBM Quantum account is connected.")
    log.info("IBM account disconnected", extra={"user_id": str(user_id)})


async def connected_users(session: AsyncSession) -> list[uuid.UUID]:
    """Every user with a connected IBM account (the cron syncs each)."""
    rows = await session.scalars(
        select(ProviderAccount.user_id).where(
            ProviderAccount.provider == AccountProvider.IBM_QUANTUM
        )
    )
    return list(rows)


def close_client(client: IbmAccountClient) -> None:
    close = getattr(client, "close", None)
    if close is not None:
        close()


async def record_error(session: AsyncSession, user_id: uuid.UUID, message: str) -> None:
    async with session.begin():
        await session.execute(
            update(ProviderAccount)
            .where(
                ProviderAccount.user_id == user_id,
                ProviderAccount.provider == AccountProvider.IBM_QUANTUM,
            )
            .values(last_error=message[:500])
        )


def default_client_factory(api_url: str, iam_url: str) -> ClientFactory:
    """The production factory: the REST client against the given IBM URLs."""
    from domain.providers.ibm_account_client import IbmRestClient

    def build(token: str, instance: str | None, channel: str) -> IbmAccountClient:
        return IbmRestClient(
            api_url=api_url, iam_url=iam_url, token=token, instance=instance, channel=channel
        )

    return build


async def list_accounts_of(
    session: AsyncSession, *, user_ids: Sequence[uuid.UUID]
) -> list[ProviderAccount]:
    """Connected accounts of several users at once (`User.connectedAccounts` batches)."""
    rows = await session.scalars(
        select(ProviderAccount)
        .where(ProviderAccount.user_id.in_(list(user_ids)))
        .order_by(ProviderAccount.user_id, ProviderAccount.provider)
    )
    return list(rows)

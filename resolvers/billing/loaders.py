"""Per-request dataloaders for bills; each batch opens its own short session."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cached_property

from strawberry.dataloader import DataLoader

from domain.billing import bills
from domain.billing.bill_models import Bill
from domain.billing.ledger import Item
from qraph.context import Context

_ATTRIBUTE = "_bill_loaders"


class BillLoaders:
    def __init__(self, context: Context) -> None:
        self._sessionmaker = context.services.sessionmaker

    @cached_property
    def bill_by_id(self) -> DataLoader[uuid.UUID, Bill | None]:
        sessionmaker = self._sessionmaker

        async def load(ids: Sequence[uuid.UUID]) -> list[Bill | None]:
            async with sessionmaker() as session:
                return await bills.get_many(session, ids)

        return DataLoader(load_fn=load)

    @cached_property
    def items_by_bill(self) -> DataLoader[Bill, list[Item]]:
        """Every bill of a page in one batch: frozen items in one statement, live ones in one."""
        sessionmaker = self._sessionmaker

        async def load(rows: Sequence[Bill]) -> list[list[Item]]:
            async with sessionmaker() as session:
                return await bills.items_of(session, rows)

        return DataLoader(load_fn=load, cache_key_fn=lambda row: row.id)


def bill_loaders(context: Context) -> BillLoaders:
    """This request's bill loaders, kept on `context.loaders` so they die with the request."""
    found = getattr(context.loaders, _ATTRIBUTE, None)
    if found is None:
        found = BillLoaders(context)
        setattr(context.loaders, _ATTRIBUTE, found)
    return found

"""The GraphQL endpoint: Strawberry's ASGI view, wired to Qraph's context and protocols."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from qraph.context import Context, Services
from resolvers.loaders import Loaders


class GraphQLView(GraphQL[Context, None]):
    """Only graphql-transport-ws; the legacy graphql-ws protocol (CVE-2026-35523) is off."""

    def __init__(self, schema: strawberry.Schema, services: Services) -> None:
        settings = services.settings
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            max_subscriptions_per_connection=20,
        )
        self.services = services

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> Context:
        return Context(
            services=self.services,
            request=request,
            response=response if isinstance(response, Response) else None,
            loaders=Loaders(self.services.sessionmaker),
        )

    async def get_root_value(self, request: Request | WebSocket) -> None:
        return None

    def encode_json(self, data: Any) -> str:
        return super().encode_json(data)

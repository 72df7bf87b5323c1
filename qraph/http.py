"""The GraphQL endpoint: Strawberry's ASGI view, made to follow the GraphQL-over-HTTP spec.

Strawberry 0.341.2 always answers `application/json`, and a subscription posted over plain HTTP
gets 200 with "Cannot return null for non-nullable field". This view adds a body limit, CSRF-safe
content types, `application/graphql-response+json` and its status codes, and a clear refusal.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import orjson
import strawberry
from cross_web import AsyncHTTPRequestAdapter, HTTPException, StarletteRequestAdapter
from graphql import GraphQLError
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from domain import outages
from domain.errors import InvalidCredentials
from domain.identity.authn import Credentials, authenticate
from domain.identity.principal import Principal
from qraph import graphiql, streams
from qraph.context import Context, Services
from qraph.credentials import credentials_from_params
from qraph.multipart import MultipartSubscription, wants_multipart_subscription
from qraph.observability import is_request_error
from qraph.persisted import PersistedDocumentError, PersistedDocuments, with_document_id
from qraph.refusals import (
    GRAPHQL_RESPONSE_JSON,
    JSON,
    UNAVAILABLE,
    RequestRefused,
    encode,
    limited,
    negotiate,
    refusal,
    unexpected,
)
from qraph.sse import ServerSentEvents, wants_event_stream
from qraph.websocket import TransportWSHandler, Unavailable
from resolvers.limits import take_request_token
from resolvers.loaders import Loaders

SUBSCRIPTION_OVER_HTTP = (
    "Subscriptions are served at /graphql over WebSocket (graphql-transport-ws), Server-Sent "
    "Events (Accept: text/event-stream) or multipart HTTP "
    "(Accept: multipart/mixed;subscriptionSpec=1.0)."
)
_UNRESOLVED = "OPERATION_RESOLUTION_FAILURE"  # Apollo's code for GetOperation() failing
CLIENT_CLOSED_REQUEST = 499  # nginx's status for a client that left before the answer
_MEDIA_TYPE_KEY = "qraph.media_type"  # the negotiated type, kept in the ASGI scope

log = logging.getLogger("qraph.http")


class GraphQLView(GraphQL[Context, None]):
    """Queries and mutations over HTTP; subscriptions over graphql-transport-ws, and over
    Server-Sent Events or multipart HTTP (qraph/streams.py, routed here by `Accept`).

    The legacy graphql-ws protocol (CVE-2026-35523) is off. Strawberry's own HTTP stream
    transports are not registered: ours keep the WebSocket's authentication and limits.
    """

    def __init__(self, schema: strawberry.Schema, services: Services) -> None:
        settings = services.settings
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            max_subscriptions_per_connection=20,
            # Cross-origin WebSocket handshakes only from the CORS allow-list (same-origin passes).
            allowed_origins=settings.allowed_origins,
        )
        self.services = services
        self.max_body_bytes = settings.max_body_bytes
        self.documents = PersistedDocuments(settings, services.redis)  # APQ, trusted documents
        # Server-Sent Events and multipart subscriptions (qraph/streams.py), per caller.
        self.stream_slots = streams.StreamSlots(settings.max_streams_per_caller)
        self.stream_transport_classes_by_protocol = {}  # even if `protocols` ever grows
        self.graphql_transport_ws_handler_class = TransportWSHandler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        if framing := _stream_framing(request.headers.get("accept", "")):
            await streams.serve(self, framing, scope, receive, send)
            return
        media_type = negotiate(request.headers.get("accept"))
        try:
            if not self.should_render_graphql_ide(StarletteRequestAdapter(request)):
                self._check(request, media_type)
            scope[_MEDIA_TYPE_KEY] = media_type
            response = await self.run(Request(scope, limited(receive, self.max_body_bytes)))
        except ClientDisconnect:
            # The client left mid-request (usually while its body was read): nothing failed
            # here. The 499 reaches no one (servers drop sends after a disconnect); it is sent
            # so the access log and metrics record a departure, not a 500.
            log.debug("client disconnected before the response")
            response = Response(status_code=CLIENT_CLOSED_REQUEST)
        except HTTPException as error:
            response = refusal(error, media_type)
        except Exception as error:  # never a plain-text 500, never the exception's text
            response = refusal(unexpected(error), media_type)
        await response(scope, receive, send)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        data = await super().parse_http_body(request)
        return await with_document_id(data, request, self.decode_json)

    def parse_json(self, data: str | bytes) -> object:
        try:
            return self.decode_json(data)
        except orjson.JSONDecodeError as error:  # its reason names a position, not internals
            raise RequestRefused(400, f"Unable to parse request body as JSON: {error}") from error

    def decode_json(self, data: str | bytes) -> object:
        # orjson refuses invalid UTF-8, lone surrogates and nesting past 1,024 levels with a
        # JSONDecodeError, which Strawberry answers with 400 (WebSocket: close 4400).
        return orjson.loads(data)

    def encode_json(self, data: object) -> str:
        """Text, as graphql-transport-ws frames must be (HTTP bodies use `_encode` bytes)."""
        return encode(data).decode()

    def _check(self, request: Request, media_type: str | None) -> None:
        """Refusals that need no body: method, Accept, Content-Type (CSRF), declared size."""
        if request.method not in ("GET", "POST"):
            raise RequestRefused(405, "Use GET or POST.", allow="GET, POST")
        if media_type is None:
            raise RequestRefused(406, f"Accept {GRAPHQL_RESPONSE_JSON} or {JSON}.")
        if request.method == "GET":
            return
        # Only a non-simple content type forces a CORS preflight, so form posts from other
        # sites (text/plain, urlencoded, multipart) can never reach a mutation.
        content_type, params = parse_content_type(request.headers.get("content-type", ""))
        charset = params.get("charset", "utf-8").lower()
        if content_type.lower() != JSON or charset not in ("utf-8", "utf8"):
            raise RequestRefused(415, "POST bodies must be UTF-8 application/json.")
        length = request.headers.get("content-length", "0")
        if not length.isdigit():
            raise RequestRefused(400, "Content-Length must be a number.")
        if int(length) > (limit := self.max_body_bytes):
            raise RequestRefused(413, f"Bodies are limited to {limit} bytes.")

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # Strawberry also renders it for `Accept: */*`, which curl and scripts send.
        return (
            self.graphql_ide is not None
            and request.method == "GET"
            and request.query_params.get("query") is None
            and "text/html" in request.headers.get("accept", "")
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page: Strawberry's loads React and GraphiQL from a CDN (blank when offline).
        return graphiql.page(request, self.services.settings)

    async def execute_single(  # Strawberry calls it with these keywords
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        allowed = {OperationType.QUERY}
        if request_adapter.method == "POST":
            allowed.add(OperationType.MUTATION)
        try:
            resolved = await self.documents.resolve(request_data)
        except PersistedDocumentError as error:
            if request_adapter.method == "GET":
                sub_response.headers["Cache-Control"] = "no-store"
            return ExecutionResult(data=None, errors=[error.error])
        request_data = resolved.request
        try:
            result = await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as error:
            if error.operation_type is OperationType.SUBSCRIPTION:
                raise RequestRefused(
                    400, SUBSCRIPTION_OVER_HTTP, "SUBSCRIPTION_OVER_HTTP"
                ) from error
            raise RequestRefused(405, "Send mutations with POST.", allow="POST") from error
        except CannotGetOperationTypeError as error:
            # GetOperation() failed: a GraphQL request error, so a GraphQL response, not a refusal.
            failure = GraphQLError(error.as_http_error_reason(), extensions={"code": _UNRESOLVED})
            return ExecutionResult(data=None, errors=[failure])
        except MissingQueryError as error:
            raise RequestRefused(400, "No GraphQL query found in the request.") from error
        if resolved.persisted and request_adapter.method == "GET":
            # A persisted query by GET is what HTTP caches can keep (qraph/persisted.py).
            sub_response.headers.update(
                self.documents.cache_headers(
                    anonymous=not context.principal.authenticated, succeeded=not result.errors
                )
            )
        return result

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = request.scope.get(_MEDIA_TYPE_KEY) or GRAPHQL_RESPONSE_JSON
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        # GraphQL spec §7.1.2: when nothing executed (a request error) there is no `data` entry.
        if is_request_error(result.data, result.errors):
            response.pop("data", None)
        return response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media_type = sub_response.media_type or GRAPHQL_RESPONSE_JSON
        # graphql-response+json: a response without `data` is a request error, so a 4xx.
        failed = isinstance(response_data, dict) and "data" not in response_data
        status = 400 if failed and media_type == GRAPHQL_RESPONSE_JSON else 200
        codes = _codes(response_data)
        if failed and _UNRESOLVED in codes:
            status = 400  # no operation selected: a malformed request in either media type
        if UNAVAILABLE in codes:
            status = 503
            sub_response.headers["Retry-After"] = str(outages.RETRY_AFTER_S)
        response = Response(
            encode(response_data),
            status_code=sub_response.status_code or status,
            media_type=f"{media_type}; charset=utf-8",
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        return response

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> Context:
        context = Context(
            services=self.services,
            request=request,
            response=response if isinstance(response, Response) else None,
            loaders=Loaders(self.services.sessionmaker),
        )
        if isinstance(request, Request):
            headers = request.headers
            credentials = await self._credentials(
                headers.get("authorization"), headers.get("x-api-key")
            )
            context.principal = await self._authenticate(credentials)
            await self._take_request_token(context)
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Subscriptions authenticate in `connection_init` (headers don't reach browsers' WS)."""
        try:
            credentials = credentials_from_params(context.connection_params)  # 4400 if malformed
            context.principal = await authenticate(
                credentials,
                sessionmaker=self.services.sessionmaker,
                redis=self.services.redis,
                jwt_secret=self.services.jwt_secret,
            )
        except InvalidCredentials as error:
            raise ConnectionRejectionError({"reason": error.message}) from error
        except Exception as error:
            if not outages.is_outage(error):
                raise
            # The record is out of reach: a refusal to retry (TransportWSHandler), not a bug.
            log.warning("dependency unavailable authenticating a WebSocket", exc_info=error)
            raise Unavailable(outages.MESSAGE) from error
        if self.services.connections is not None and isinstance(context.request, WebSocket):
            # Closed with 4403 once this credential is revoked or its roles change.
            self.services.connections.track(context.request, context.principal)
        return UNSET

    async def _credentials(self, authorization: str | None, api_key: str | None) -> Credentials:
        try:
            return Credentials.from_headers(authorization, api_key)
        except InvalidCredentials as error:
            raise RequestRefused(401, error.message, "UNAUTHENTICATED") from error

    async def _take_request_token(self, context: Context) -> None:
        """Each HTTP request costs one token of the caller's bucket: 429 once it is empty."""
        decision = await take_request_token(context)
        if decision is None:
            return
        headers = {
            "X-RateLimit-Limit": str(decision.limit),
            "X-RateLimit-Remaining": str(decision.remaining),
        }
        if not decision.allowed:
            error = decision.refusal()
            raise RequestRefused(
                429,
                error.message,
                error.code,
                headers={**headers, "Retry-After": str(error.retry_after)},
                extensions={"retryAfter": error.retry_after},
            )
        if context.response is not None:
            context.response.headers.update(headers)

    async def _authenticate(self, credentials: Credentials) -> Principal:
        try:
            return await authenticate(
                credentials,
                sessionmaker=self.services.sessionmaker,
                redis=self.services.redis,
                jwt_secret=self.services.jwt_secret,
            )
        except InvalidCredentials as error:
            # A wrong credential is refused outright, never downgraded to anonymous.
            raise RequestRefused(401, error.message, "UNAUTHENTICATED") from error


def _stream_framing(accept: str) -> streams.Framing | None:
    """The streaming transport an `Accept` header asks for, if any."""
    if wants_event_stream(accept):
        return ServerSentEvents()
    if wants_multipart_subscription(accept):
        return MultipartSubscription()
    return None


def _codes(response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse]) -> set[str]:
    results = response_data if isinstance(response_data, list) else [response_data]
    return {
        str((error.get("extensions") or {}).get("code"))
        for result in results
        for error in result.get("errors") or ()
        if isinstance(error, dict)
    }

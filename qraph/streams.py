"""Operations streamed over one HTTP response: GraphQL over SSE and multipart subscriptions.

The framing differs (qraph/sse.py, qraph/multipart.py); everything else is what the WebSocket
does, so the rules cannot drift apart:
- the caller authenticates with the request's headers, as any HTTP request does, and a wrong
  credential gets 401, never an anonymous stream; the request costs a rate-limit token;
- the body limit, the CSRF-safe content type, and the schema's depth, alias, token and cost
  limits hold, since the operation runs through `schema.stream`, the WebSocket's path too;
- each caller holds at most `max_streams_per_caller` open streams in this process (429 past it);
- revoking the credential ends the stream (`LiveConnections` closes it as it closes sockets);
- a slow consumer is dropped: its feed ends it once it falls behind (the hub's bounded queue),
  and a client that reads nothing for `SEND_TIMEOUT_S` is disconnected.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from cross_web import HTTPException, StarletteRequestAdapter
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.http.parse_content_type import parse_content_type
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from domain.limits import rate
from qraph.persisted import PersistedDocumentError
from qraph.refusals import JSON, RequestRefused, limited, refusal, unexpected
from resolvers.limits import client_ip

if TYPE_CHECKING:
    from qraph.http import GraphQLView

log = logging.getLogger("qraph.streams")

SEND_TIMEOUT_S = 30.0  # a client that reads nothing for this long is let go
TOO_MANY = "TOO_MANY_SUBSCRIPTIONS"
REVOKED = {"message": "Access revoked", "extensions": {"code": "FORBIDDEN"}}
MASKED = {"message": "Unexpected error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
_DONE = object()


class Framing(Protocol):
    """How one transport writes a stream's parts."""

    name: str
    heartbeat_s: float

    def headers(self) -> Mapping[str, str]: ...
    def operations(self, method: str) -> set[OperationType]: ...
    def opening(self) -> bytes: ...
    def result(self, response: Mapping[str, Any]) -> bytes: ...
    def failure(self, errors: list[dict[str, Any]]) -> bytes: ...
    def heartbeat(self) -> bytes: ...
    def closing(self) -> bytes: ...


class OpenStream:
    """An open stream as `LiveConnections` sees it: something it can close on revocation."""

    def __init__(self) -> None:
        self.ended = asyncio.Event()

    async def close(self, code: int, reason: str) -> None:
        self.ended.set()


class StreamSlots:
    """Open streams per caller in this process; a caller past the cap is refused."""

    def __init__(self, per_caller: int) -> None:
        self.per_caller = per_caller
        self._open: Counter[str] = Counter()

    def take(self, caller: str) -> bool:
        if self._open[caller] >= self.per_caller:
            return False
        self._open[caller] += 1
        return True

    def give_back(self, caller: str) -> None:
        self._open[caller] -= 1
        if self._open[caller] <= 0:
            del self._open[caller]


async def serve(
    view: GraphQLView, framing: Framing, scope: Scope, receive: Receive, send: Send
) -> None:
    """Answer one streaming request: a refusal in GraphQL's JSON shape, or the stream."""
    request = Request(scope, limited(receive, view.max_body_bytes))
    slots = view.stream_slots
    caller = None
    try:
        try:
            _check(request, view.max_body_bytes)
            data = await view.parse_http_body(StarletteRequestAdapter(request))
            if isinstance(data, list):
                raise RequestRefused(400, f"Batching is not supported over {framing.name}.")
            head = Response()
            context = await view.get_context(request, head)
            caller = rate.caller_key(context.principal, client_ip(context))
            if not slots.take(caller):
                caller = None
                raise RequestRefused(
                    429,
                    f"At most {slots.per_caller} subscriptions may be open at once; end one.",
                    TOO_MANY,
                )
            try:
                data, failure = (await view.documents.resolve(data)).request, None
            except PersistedDocumentError as error:  # answered in the stream, as HTTP does
                failure = ExecutionResult(data=None, errors=[error.error])
        except ClientDisconnect:
            return
        except HTTPException as error:
            await refusal(error, JSON)(scope, receive, send)
            return
        except Exception as error:  # never a plain-text 500, never the exception's text
            await refusal(unexpected(error), JSON)(scope, receive, send)
            return
        stream = OpenStream()
        if view.services.connections is not None:
            view.services.connections.track(stream, context.principal)
        source = (
            _single(failure)
            if failure is not None
            else await view.schema.stream(
                data.query,
                variable_values=data.variables,
                context_value=context,
                operation_name=data.operation_name,
                operation_extensions=data.extensions,
                allowed_operation_types=framing.operations(request.method),
            )
        )
        headers = {**framing.headers(), **_rate_headers(head)}
        await _pump(view, request, source, framing, stream, headers, receive, send)
    finally:
        if caller is not None:
            slots.give_back(caller)


async def _single(result: ExecutionResult) -> AsyncIterator[ExecutionResult]:
    yield result


def _check(request: Request, limit: int) -> None:
    """The refusals that need no body, as for any GraphQL request over HTTP."""
    if request.method not in ("GET", "POST"):
        raise RequestRefused(405, "Use GET or POST.", allow="GET, POST")
    if request.method == "POST":
        media, params = parse_content_type(request.headers.get("content-type", ""))
        charset = params.get("charset", "utf-8").lower()
        # Only a non-simple content type forces a CORS preflight (see GraphQLView._check).
        if media.lower() != JSON or charset not in ("utf-8", "utf8"):
            raise RequestRefused(415, "POST bodies must be UTF-8 application/json.")
        length = request.headers.get("content-length", "0")
        if not length.isdigit():
            raise RequestRefused(400, "Content-Length must be a number.")
        if int(length) > limit:
            raise RequestRefused(413, f"Bodies are limited to {limit} bytes.")


def _rate_headers(head: Response) -> dict[str, str]:
    return {k: v for k, v in head.headers.items() if k.lower().startswith("x-ratelimit")}


async def _pump(
    view: GraphQLView,
    request: Request,
    source: AsyncIterator[Any],
    framing: Framing,
    stream: OpenStream,
    headers: Mapping[str, str],
    receive: Receive,
    send: Send,
) -> None:
    """Write the stream until it ends, the client leaves, or its credential is revoked."""
    # One task drains the operation (async generators must stay in one task), into a queue of
    # one: the operation runs no further ahead of the client than one result.
    results: asyncio.Queue[Any] = asyncio.Queue(maxsize=1)

    async def drain() -> None:
        try:
            async for result in source:
                await results.put(result)
        finally:
            with contextlib.suppress(Exception):
                await source.aclose()  # type: ignore[attr-defined]
        await results.put(_DONE)

    async def watch_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    draining = asyncio.create_task(drain(), name="qraph-stream-drain")
    leaving = asyncio.create_task(watch_disconnect(), name="qraph-stream-disconnect")
    revoked = asyncio.create_task(stream.ended.wait(), name="qraph-stream-revoked")
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    try:
        await _write(send, {"type": "http.response.start", "status": 200, "headers": raw})
        await _body(send, framing.opening())
        while (part := await _next_part(framing, results, draining, leaving, revoked)) is not None:
            if not isinstance(part, bytes):
                part = framing.result(await view.process_result(request, part))
            await _body(send, part)
            if stream.ended.is_set():  # revoked: the failure is written, then the end
                break
        if not leaving.done():
            await _body(send, framing.closing(), more=False)
    except TimeoutError:
        log.info("a stream's client stopped reading; letting it go")
    except (OSError, RuntimeError):
        return  # the connection went away mid-write
    except Exception as error:
        unexpected(error)  # logs it with the request's id; the client gets the masked error
        with contextlib.suppress(Exception):
            await _body(send, framing.failure([MASKED]) + framing.closing(), more=False)
    finally:
        for task in (draining, leaving, revoked):
            task.cancel()
        for task in (draining, leaving, revoked):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _next_part(
    framing: Framing,
    results: asyncio.Queue[Any],
    draining: asyncio.Task[None],
    leaving: asyncio.Task[None],
    revoked: asyncio.Task[bool],
) -> Any:
    """The next result, or bytes to write (a heartbeat, the revocation); None: the end."""
    getting = asyncio.ensure_future(results.get())
    done, _ = await asyncio.wait(
        {getting, leaving, revoked, draining},
        timeout=framing.heartbeat_s,
        return_when=asyncio.FIRST_COMPLETED,
    )
    if getting not in done:
        getting.cancel()
    if leaving in done:
        return None
    if revoked in done:
        return framing.failure([REVOKED])
    if getting in done:
        item = getting.result()
        return None if item is _DONE else item
    if draining in done and results.empty():
        draining.result()  # re-raises what broke the operation
        return None
    return (
        framing.heartbeat()
        if not done
        else await _next_part(framing, results, draining, leaving, revoked)
    )


async def _body(send: Send, chunk: bytes, *, more: bool = True) -> None:
    await _write(send, {"type": "http.response.body", "body": chunk, "more_body": more})


async def _write(send: Send, message: Message) -> None:
    async with asyncio.timeout(SEND_TIMEOUT_S):
        await send(message)

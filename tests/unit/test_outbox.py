"""A subscription's outbox: frames in order with their id, written at once or queued behind a
write that waits, a bounded backlog, and nothing after close."""

from __future__ import annotations

import asyncio
import json

from resolvers.outbox import BACKLOG, Outbox


class Socket:
    """A socket whose writes wait while `open` is clear (a transport under flow control)."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.open = asyncio.Event()
        self.open.set()

    async def send(self, text: str) -> None:
        await self.open.wait()
        self.written.append(text)


def frames(socket: Socket) -> list[dict[str, object]]:
    return [json.loads(text) for text in socket.written]


async def test_a_frame_is_written_at_once_with_the_subscriptions_id():
    # given an outbox on a socket that takes writes
    socket = Socket()
    outbox = Outbox('op "1"', socket.send)

    # when a payload is pushed
    assert outbox.push('{"data":{"n":1}}')

    # then it is written before push returns, framed with the id (quoted as JSON)
    assert frames(socket) == [{"id": 'op "1"', "type": "next", "payload": {"data": {"n": 1}}}]


async def test_frames_wait_in_order_behind_a_write_that_waits_and_a_full_backlog_refuses():
    # given an outbox on a socket that stopped taking writes
    socket = Socket()
    socket.open.clear()
    outbox = Outbox("1", socket.send)

    # when frames keep coming: one being written, a rendering still running, then a full backlog
    assert outbox.push('{"data":0}')
    rendering: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    assert outbox.push(rendering)
    for n in range(2, BACKLOG + 1):
        assert outbox.push(f'{{"data":{n}}}')
    # then one more is refused: the client does not read, the feed drops it
    assert not outbox.push('{"data":"late"}')

    # when the socket takes writes again and the rendering finishes
    socket.open.set()
    rendering.set_result('{"data":1}')
    async with asyncio.timeout(5):
        while len(socket.written) < BACKLOG + 1:  # noqa: ASYNC110 - the writer has no hook
            await asyncio.sleep(0)

    # then every frame went out in the order it came
    assert [frame["payload"]["data"] for frame in frames(socket)] == list(range(BACKLOG + 1))  # type: ignore[index]


async def test_nothing_is_written_after_close_and_a_failed_rendering_ends_the_subscription():
    # given an outbox with frames waiting behind a write that waits
    socket = Socket()
    socket.open.clear()
    outbox = Outbox("1", socket.send)
    outbox.push('{"data":1}')
    outbox.push('{"data":2}')

    # when it is closed (the client completed), and the socket takes writes again
    outbox.close()
    socket.open.set()
    await asyncio.sleep(0.01)

    # then nothing more was written, and pushes are ignored
    assert socket.written == []
    assert outbox.push('{"data":3}')
    assert socket.written == []

    # and an outbox whose rendering failed refuses what comes next
    failing = Outbox("2", Socket().send)
    broken: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    broken.set_exception(ValueError("a bug"))
    assert failing.push(broken)
    await asyncio.sleep(0.01)
    assert not failing.push('{"data":4}')

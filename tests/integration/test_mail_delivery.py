"""Mail through SMTP: sent after commit, and the outbox row records how it went.

The SMTP server is a minimal one speaking the real protocol on a local socket (no STARTTLS, no
auth), so smtplib is exercised for real; there is no SMTP server among our services.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select

from domain.identity.models import OutboxMessage
from qraph.app import create_app
from tests.integration.accounts_support import mailed_token, new_name, register


class SmtpSink:
    """Accepts every message and keeps its DATA."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 sink ESMTP\r\n")
        lines: list[bytes] | None = None
        while line := await reader.readline():
            if lines is not None:  # inside DATA
                if line == b".\r\n":
                    self.messages.append(b"".join(lines).decode())
                    lines = None
                    writer.write(b"250 queued\r\n")
                else:
                    lines.append(line)
            elif line[:4].upper() == b"EHLO":
                writer.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif line[:4].upper() == b"DATA":
                lines = []
                writer.write(b"354 go ahead\r\n")
            elif line[:4].upper() == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()


@contextlib.asynccontextmanager
async def _client(settings: Any, smtp_url: str) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    configured = settings.model_copy(update={"smtp_url": SecretStr(smtp_url)})
    application = create_app(configured)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield application, http


@pytest.fixture
async def sink() -> AsyncIterator[tuple[SmtpSink, int]]:
    smtp = SmtpSink()
    server = await asyncio.start_server(smtp.handle, "127.0.0.1", 0)
    async with server:
        yield smtp, server.sockets[0].getsockname()[1]


async def _outbox(app: Any) -> OutboxMessage:
    async with app.state.services.sessionmaker() as session:
        row = await session.scalar(select(OutboxMessage))
    assert row is not None
    return row


async def test_registration_mail_is_sent_and_stamped(settings, sink):
    smtp, port = sink
    async with _client(settings, f"smtp://127.0.0.1:{port}") as (app, client):
        name = new_name()
        assert (await register(client, name))["__typename"] == "RegisterSuccess"
        token = await mailed_token(app, f"{name}@example.org", "verify_email")
        row = await _outbox(app)
    assert row.sent_at is not None and row.error is None
    assert len(smtp.messages) == 1
    assert f"To: {name}@example.org" in smtp.messages[0]
    assert token in smtp.messages[0]


async def test_an_unreachable_server_is_recorded_and_registration_still_stands(settings):
    # port 1 is closed: the connection is refused at once
    async with _client(settings, "smtp://127.0.0.1:1") as (app, client):
        assert (await register(client, new_name()))["__typename"] == "RegisterSuccess"
        row = await _outbox(app)
    assert row.sent_at is None
    assert row.error is not None and "ConnectionRefusedError" in row.error

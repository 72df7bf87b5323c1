"""Mail delivery: a port and two adapters. Every message is an `outbox_messages` row first.

`record` writes the row inside the caller's unit of work, so a rolled-back registration leaves
no mail behind. `dispatch` runs after the commit: the outbox adapter only logs (the row is the
delivery), the SMTP adapter sends and stamps the row with `sent_at` or `error`.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import unquote, urlsplit

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.db import AsyncSession
from domain.identity.models import OutboxMessage

logger = logging.getLogger("qraph.mail")
SMTP_TIMEOUT_S = 10


@dataclass(frozen=True, slots=True)
class Mail:
    kind: str
    recipient: str
    subject: str
    body: str


class Delivery(Protocol):
    async def record(self, session: AsyncSession, mail: Mail) -> OutboxMessage:
        """Write the outbox row in the caller's transaction."""
        ...

    async def dispatch(
        self, sessionmaker: async_sessionmaker[AsyncSession], messages: Sequence[OutboxMessage]
    ) -> None:
        """Send committed messages; never raises for a delivery failure."""
        ...


class OutboxDelivery:
    """The default: the outbox row is the delivery. Bodies carry tokens, so they are logged
    only outside production, where the log is how a developer gets them."""

    def __init__(self, *, log_bodies: bool) -> None:
        self.log_bodies = log_bodies

    async def record(self, session: AsyncSession, mail: Mail) -> OutboxMessage:
        row = OutboxMessage(
            kind=mail.kind, recipient=mail.recipient, subject=mail.subject, body=mail.body
        )
        session.add(row)
        await session.flush()
        return row

    async def dispatch(
        self, sessionmaker: async_sessionmaker[AsyncSession], messages: Sequence[OutboxMessage]
    ) -> None:
        for message in messages:
            extra = {"outbox_id": str(message.id), "kind": message.kind}
            if self.log_bodies:
                extra |= {"recipient": message.recipient, "body": message.body}
            logger.info("mail written to the outbox", extra=extra)


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    tls: bool  # implicit TLS (smtps://); plain smtp:// upgrades with STARTTLS when offered
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """`smtp://user:pass@host:587` or `smtps://user:pass@host:465`."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("QRAPH_SMTP_URL must look like smtp://user:pass@host:port")
        tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if tls else 587),
            tls=tls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


class SmtpDelivery(OutboxDelivery):
    """Sends through an SMTP server in a worker thread, after commit, one message at a time."""

    def __init__(self, server: SmtpServer, *, sender: str) -> None:
        super().__init__(log_bodies=False)
        self.server = server
        self.sender = sender

    async def dispatch(
        self, sessionmaker: async_sessionmaker[AsyncSession], messages: Sequence[OutboxMessage]
    ) -> None:
        for message in messages:
            error: str | None = None
            try:
                await asyncio.to_thread(self._send, message)
            except (OSError, smtplib.SMTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"[:2000]
                logger.warning("mail not sent", extra={"outbox_id": str(message.id)})
            async with sessionmaker() as session, session.begin():
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == message.id)
                    .values(sent_at=None if error else datetime.now(UTC), error=error)
                )

    def _send(self, message: OutboxMessage) -> None:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail.set_content(message.body)
        server = self.server
        smtp_class = smtplib.SMTP_SSL if server.tls else smtplib.SMTP
        with smtp_class(server.host, server.port, timeout=SMTP_TIMEOUT_S) as smtp:
            if not server.tls:
                smtp.ehlo()
                if smtp.has_extn("starttls"):
                    smtp.starttls()
                    smtp.ehlo()
            if server.username:
                smtp.login(server.username, server.password or "")
            smtp.send_message(mail)


async def recent_outbox(
    session: AsyncSession, *, limit: int, recipient: str | None = None
) -> list[OutboxMessage]:
    """The newest outbox messages first (to one address when given): the development mailbox."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id)
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    return list((await session.scalars(query.limit(limit))).all())


def make_delivery(*, smtp_url: str | None, sender: str, production: bool) -> Delivery:
    """SMTP when a server is configured, else the outbox alone."""
    if smtp_url:
        return SmtpDelivery(SmtpServer.from_url(smtp_url), sender=sender)
    return OutboxDelivery(log_bodies=not production)

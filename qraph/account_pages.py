"""The pages mailed links open: `/verify-email` and `/reset-password`, and, in development only,
`/dev/mailbox`, which lists the outbox so a developer can open those links without SMTP.

Small server-rendered HTML with no scripts and no third-party assets. A GET only shows a form;
the form's POST spends the token. Mail scanners fetch links to check them, and a GET that
spent the token would leave the person's own click with a dead link. The POST needs no CSRF
token: the mailed token in the form is the secret, and a page that does not hold it can change
nothing. Every page forbids framing, sends no Referer (the token is in the URL) and is not
cached.
"""

from __future__ import annotations

import html
import ipaddress
import re
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from domain.errors import DomainError
from domain.identity import accounts, delivery, revocation
from qraph.context import Services
from qraph.settings import Environment, Settings

MAX_FORM_BYTES = 16 * 1024
MAX_TOKEN_CHARS = 200
MAILBOX_SIZE = 50
_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;"
    "color:#1d2330}h1{font-size:1.5rem}label{display:block;margin:.8rem 0 .2rem}"
    "input[type=password]{width:100%;padding:.4rem;font:inherit}button{margin-top:1rem;"
    "padding:.5rem 1.2rem;font:inherit}.error{color:#a4161a}.ok{color:#1b6e35}"
    "article{border-top:1px solid #ccd;padding:.8rem 0}pre{white-space:pre-wrap;"
    "word-break:break-all;background:#f4f5f8;padding:.6rem}small{color:#556}"
)
_URL = re.compile(r"https?://[^\s<>\"']+")


class FormRefused(Exception):
    """A form body that is not a small, UTF-8, url-encoded form."""


def _page(title: str, body: str, *, status: int = 200) -> HTMLResponse:
    document = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)} · Qraph</title><style>{_STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(document, status_code=status, headers=_HEADERS)


def _paragraph(text: str, kind: str = "") -> str:
    css = f" class={kind}" if kind else ""
    return f"<p{css}>{html.escape(text)}</p>"


def _token_of(raw: str | None) -> str | None:
    token = (raw or "").strip()
    if not token or len(token) > MAX_TOKEN_CHARS or not token.isprintable():
        return None
    return token


async def _form(request: Request) -> dict[str, str]:
    """The url-encoded form, each field's first value; FormRefused for anything else."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise FormRefused("Send the form as application/x-www-form-urlencoded.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormRefused("This form is too large.")
    try:
        fields = parse_qs(body.decode("utf-8"), max_num_fields=10, errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormRefused("This form is not valid UTF-8 form data.") from exc
    if any("\x00" in value for values in fields.values() for value in values):
        raise FormRefused("This form holds a NUL character.")
    return {name: values[0] for name, values in fields.items()}


def _token_field(token: str) -> str:
    return f'<input type=hidden name=token value="{html.escape(token, quote=True)}">'


_BAD_LINK = (
    "This link is incomplete: open the whole link from the mail, or paste its token into "
    "GraphiQL's `{mutation}` mutation."
)


async def verify_email_page(request: Request) -> HTMLResponse:
    """GET /verify-email?token=…: a button that confirms the address."""
    token = _token_of(request.query_params.get("token"))
    if token is None:
        message = _BAD_LINK.format(mutation="verifyEmail")
        return _page("Confirm your email", _paragraph(message, "error"), status=400)
    form = (
        '<form method=post action="/verify-email">'
        f"{_token_field(token)}<button type=submit>Confirm my email address</button></form>"
    )
    return _page("Confirm your email", _paragraph("One click confirms your address.") + form)


async def verify_email_submit(request: Request) -> HTMLResponse:
    """POST /verify-email: spend the token."""
    services: Services = request.app.state.services
    title = "Confirm your email"
    try:
        token = _token_of((await _form(request)).get("token"))
        if token is None:
            raise FormRefused(_BAD_LINK.format(mutation="verifyEmail"))
        async with services.sessionmaker() as session, session.begin():
            user = await accounts.verify_email(session, token=token)
            username = user.username
    except (FormRefused, DomainError) as refused:
        return _page(title, _paragraph(str(refused), "error"), status=400)
    done = (
        f"Thank you, {username}: your address is confirmed. Sign in to create API keys "
        "and submit jobs."
    )
    return _page("Email confirmed", _paragraph(done, "ok"))


def _reset_form(token: str, error: str | None = None) -> str:
    problem = _paragraph(error, "error") if error else ""
    return (
        f'{problem}<form method=post action="/reset-password">{_token_field(token)}'
        "<label for=p1>New password</label>"
        "<input id=p1 type=password name=new_password autocomplete=new-password required>"
        "<label for=p2>The same again</label>"
        "<input id=p2 type=password name=confirm_password autocomplete=new-password required>"
        "<button type=submit>Set the new password</button></form>"
    )


async def reset_password_page(request: Request) -> HTMLResponse:
    """GET /reset-password?token=…: the new-password form."""
    token = _token_of(request.query_params.get("token"))
    if token is None:
        message = _BAD_LINK.format(mutation="resetPassword")
        return _page("Reset your password", _paragraph(message, "error"), status=400)
    note = _paragraph("Setting a new password signs out every session of the account.")
    return _page("Reset your password", note + _reset_form(token))


async def reset_password_submit(request: Request) -> HTMLResponse:
    """POST /reset-password: check the two entries, then spend the token."""
    services: Services = request.app.state.services
    title = "Reset your password"
    try:
        form = await _form(request)
        token = _token_of(form.get("token"))
        if token is None:
            raise FormRefused(_BAD_LINK.format(mutation="resetPassword"))
    except FormRefused as refused:
        return _page(title, _paragraph(str(refused), "error"), status=400)
    password = form.get("new_password", "")
    if password != form.get("confirm_password", ""):
        return _page(title, _reset_form(token, "The two passwords differ."), status=400)
    policy = accounts.PasswordPolicy(min_length=services.settings.password_min_length)
    try:
        async with services.sessionmaker() as session:
            async with session.begin():
                _, revoked = await accounts.reset_password(
                    session,
                    redis=services.redis,
                    token=token,
                    new_password=password,
                    policy=policy,
                )
            await revocation.announce(services.redis, session)
    except DomainError as refused:
        # A weak password leaves the token unspent (the transaction rolled back): ask again.
        return _page(title, _reset_form(token, refused.message), status=400)
    done = f"Your password is changed, and {revoked} session(s) were signed out. Sign in again."
    return _page("Password changed", _paragraph(done, "ok"))


def _linkified(text: str) -> str:
    """The mail body, escaped, with its http(s) links made clickable."""
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        url = html.escape(match.group(0), quote=True)
        parts.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def _from_this_machine(request: Request) -> bool:
    host = request.client.host if request.client is not None else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def mailbox(request: Request) -> HTMLResponse:
    """GET /dev/mailbox[?to=address]: the newest outbox messages (development only).

    Only to clients on this machine: the mails hold live tokens, and a development server
    started with `--host 0.0.0.0` must not hand them to its whole network.
    """
    if not _from_this_machine(request):
        refusal = "The mailbox answers only on the machine that runs the server (loopback)."
        return _page("Mailbox", _paragraph(refusal, "error"), status=403)
    services: Services = request.app.state.services
    recipient = (request.query_params.get("to") or "").strip()[:320] or None
    async with services.sessionmaker() as session:
        messages = await delivery.recent_outbox(session, limit=MAILBOX_SIZE, recipient=recipient)
    intro = _paragraph(
        f"The last {MAILBOX_SIZE} mails this server wrote to its outbox, newest first. "
        "Development only: this page does not exist in production."
    )
    if not messages:
        return _page("Mailbox", intro + _paragraph("No mail yet. Register an account first."))
    items = "".join(
        f"<article><b>{html.escape(m.subject)}</b> to {html.escape(m.recipient)}<br>"
        f"<small>{m.created_at.isoformat(timespec='seconds')} · {html.escape(m.kind)}</small>"
        f"<pre>{_linkified(m.body)}</pre></article>"
        for m in messages
    )
    return _page("Mailbox", intro + items)


def routes(settings: Settings) -> list[Route]:
    """The account pages, and the mailbox in development."""
    found = [
        Route("/verify-email", verify_email_page, methods=["GET"]),
        Route("/verify-email", verify_email_submit, methods=["POST"]),
        Route("/reset-password", reset_password_page, methods=["GET"]),
        Route("/reset-password", reset_password_submit, methods=["POST"]),
    ]
    if settings.env is Environment.DEVELOPMENT:
        found.append(Route("/dev/mailbox", mailbox, methods=["GET"]))
    return found

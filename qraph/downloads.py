"""The download routes: a signed link (domain.apps.download_links) serves one registry package,
or one invoice PDF (domain.billing.invoices, rendered in a worker thread).

Forged or malformed links get 403, expired ones 410, both as JSON with a message; a link to an
entry that is gone gets 404. The digest travels in `Repr-Digest` (RFC 9530) and, as hex like
the graph's `sha256`, in `X-Package-SHA256`.
"""

from __future__ import annotations

import base64
import hashlib
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from domain.apps import download_links, registry
from domain.billing import invoices
from domain.billing.errors import BillStatusRefused
from domain.errors import NotFound

log = logging.getLogger(__name__)


def _refusal(status: int, code: str, message: str) -> Response:
    return JSONResponse(
        {"error": {"code": code, "message": message}},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


async def endpoint(request: Request) -> Response:
    services = request.app.state.services
    key = download_links.signing_key(services.jwt_secret)
    try:
        entry_id = download_links.verify(
            key,
            request.path_params["entry_id"],
            request.query_params.get("expires"),
            request.query_params.get("signature"),
        )
    except download_links.LinkRefused as refused:
        code = "LINK_EXPIRED" if refused.status == 410 else "LINK_INVALID"
        return _refusal(refused.status, code, refused.message)
    async with services.sessionmaker() as session, session.begin():
        served = await registry.serve(session, entry_id=entry_id)
    if served is None:
        return _refusal(404, "NOT_FOUND", "This package is no longer in the registry.")
    digest = base64.b64encode(hashlib.sha256(served.package).digest()).decode()
    return Response(
        served.package,
        media_type=registry.PACKAGE_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{served.filename}"',
            "Repr-Digest": f"sha-256=:{digest}:",
            "X-Package-SHA256": served.sha256,
            "Cache-Control": "private, no-store",
        },
    )


async def invoice_endpoint(request: Request) -> Response:
    """The invoice PDF of an ISSUED or PAID bill, for whoever holds a live signed link."""
    services = request.app.state.services
    key = download_links.signing_key(services.jwt_secret)
    try:
        bill_id = download_links.verify(
            key,
            request.path_params["bill_id"],
            request.query_params.get("expires"),
            request.query_params.get("signature"),
            path=download_links.INVOICE_PATH,
        )
    except download_links.LinkRefused as refused:
        code = "LINK_EXPIRED" if refused.status == 410 else "LINK_INVALID"
        return _refusal(refused.status, code, refused.message)
    issuer = services.settings.invoice_issuer
    try:
        # The data is read in a short transaction; the PDF is made after it, off the loop.
        async with services.sessionmaker() as session:
            invoice = await invoices.load(session, principal=None, bill_id=bill_id, issuer=issuer)
    except (NotFound, BillStatusRefused):
        return _refusal(404, "NOT_FOUND", "This bill has no invoice.")
    pdf = await invoices.render_off_loop(invoice)
    return Response(
        pdf,
        media_type=invoices.MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{invoice.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def routes() -> list[BaseRoute]:
    return [
        Route(f"{download_links.DOWNLOAD_PATH}/{{entry_id}}", endpoint, methods=["GET"]),
        Route(f"{download_links.INVOICE_PATH}/{{bill_id}}", invoice_endpoint, methods=["GET"]),
    ]

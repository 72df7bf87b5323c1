"""Signed download links: one mechanism for packages and invoices, each bound to its route."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest

from domain.apps import download_links

KEY = download_links.signing_key("a-secret-of-enough-length-for-the-test-0123456789")


def _parts(link: download_links.Link) -> tuple[str, str, str]:
    url = urlsplit(link.path)
    query = parse_qs(url.query)
    return url.path.rsplit("/", 1)[1], query["expires"][0], query["signature"][0]


def test_an_invoice_link_opens_its_invoice():
    bill_id = uuid.uuid4()
    link = download_links.sign(KEY, bill_id, path=download_links.INVOICE_PATH)
    assert link.path.startswith(f"{download_links.INVOICE_PATH}/{bill_id}?")
    raw, expires, signature = _parts(link)
    found = download_links.verify(KEY, raw, expires, signature, path=download_links.INVOICE_PATH)
    assert found == bill_id


def test_a_package_link_cannot_open_an_invoice_nor_the_reverse():
    object_id = uuid.uuid4()
    package = _parts(download_links.sign(KEY, object_id))
    invoice = _parts(download_links.sign(KEY, object_id, path=download_links.INVOICE_PATH))
    with pytest.raises(download_links.LinkRefused) as refused:
        download_links.verify(KEY, *package, path=download_links.INVOICE_PATH)
    assert refused.value.status == 403
    with pytest.raises(download_links.LinkRefused):
        download_links.verify(KEY, *invoice)
    assert download_links.verify(KEY, *package) == object_id


def test_an_expired_invoice_link_is_gone():
    link = download_links.sign(KEY, uuid.uuid4(), path=download_links.INVOICE_PATH, now=1_000_000.0)
    with pytest.raises(download_links.LinkRefused) as refused:
        download_links.verify(KEY, *_parts(link), path=download_links.INVOICE_PATH)
    assert refused.value.status == 410

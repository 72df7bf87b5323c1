"""Relay argument handling shared by every list resolver."""

from __future__ import annotations

from domain.pagination import PageRequest, check_page_size
from qraph.context import Context


def page_size(context: Context, request: PageRequest) -> int:
    """The checked page size for this request, under the configured maximum."""
    return check_page_size(
        request,
        maximum=context.settings.max_page_size,
        default=context.settings.default_page_size,
    )

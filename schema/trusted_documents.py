"""Trusted documents: with a manifest configured, only the operations in it run.

The manifest is what GraphQL Code Generator's client preset writes with `persistedDocuments`
(and Apollo's generate-persisted-query-manifest, flattened): `{"<sha256 of the document>":
"<document>"}`. Clients send a document's hash (`documentId`, or Apollo's
`extensions.persistedQuery.sha256Hash`), which the transport resolves (qraph/persisted.py), or
the document itself; either way this extension refuses every document whose text is not in the
manifest, on every transport, before it is validated or run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import orjson
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST"
SHA256 = re.compile(r"[0-9a-f]{64}")


class ManifestError(ValueError):
    """The trusted-documents manifest cannot be used; the message says why."""


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def load_manifest(path: Path) -> dict[str, str]:
    """The manifest at `path`, each entry checked: a lowercase SHA-256 of its document."""
    try:
        raw = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as error:
        raise ManifestError(f"cannot read the trusted documents at {path}: {error}") from error
    if not isinstance(raw, dict):
        raise ManifestError(f"{path} must hold one object: {{sha256: document}}")
    manifest: dict[str, str] = {}
    for key, document in raw.items():
        digest = key.removeprefix("sha256:").lower()
        if not SHA256.fullmatch(digest) or not isinstance(document, str):
            raise ManifestError(f"{path}: {key[:80]!r} is not a SHA-256 with a document")
        if document_hash(document) != digest:
            raise ManifestError(f"{path}: the document under {digest} does not hash to it")
        manifest[digest] = document
    return manifest


def not_in_list() -> GraphQLError:
    return GraphQLError(
        "Only the operations in this server's trusted documents run; "
        "send a `documentId` from the client's manifest.",
        extensions={"code": NOT_IN_LIST},
    )


class TrustedDocuments(SchemaExtension):
    """Refuses documents outside the manifest as a request error (nothing runs)."""

    def __init__(self, *, manifest: Mapping[str, str]) -> None:
        super().__init__()
        self.manifest = manifest

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        # Entered after CachedValidation (schema/limits.py): its result is replaced, not added to.
        if context.query is None or document_hash(context.query) not in self.manifest:
            context.pre_execution_errors = [not_in_list()]
        yield

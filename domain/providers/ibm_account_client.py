"""The IBM account client: a user's own IBM Quantum jobs, read over the runtime REST API.

This is the seam the account sync talks to (`IbmAccountClient`). The production client,
`IbmRestClient`, exchanges the user's API key for an IAM bearer token and reads `/jobs`,
`/jobs/{id}`, `/jobs/{id}/results` and `/jobs/{id}/metrics`, decoding results with
qiskit-ibm-runtime's own `RuntimeDecoder`. Both URLs come from settings, so tests run this same
code against a local HTTP server that speaks those routes with payloads encoded by the SDK's
`RuntimeEncoder` from real local-mode SamplerV2 results. Every call blocks: run it on the SDK
thread. The token is held privately and never appears in errors, reprs or logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import httpx

from domain.errors import InvalidCredentials, ProviderUnavailable

API_VERSION = "2025-05-01"
TIMEOUT_S = 20.0
_PROVIDER = "IBM_QUANTUM"


@dataclass(frozen=True, slots=True)
class IbmJobSummary:
    """One row of `GET /jobs`: enough to decide whether the job needs reading in full."""

    id: str
    backend: str
    status: str  # IBM's word: Queued, Running, Completed, Cancelled, Failed, ...


@dataclass(frozen=True, slots=True)
class IbmJobRecord:
    """Everything the import stores about one IBM job."""

    id: str
    backend: str
    status: str
    created: datetime | None
    running: datetime | None = None
    finished: datetime | None = None
    reason: str | None = None
    program: str | None = None
    tags: tuple[str, ...] = ()
    circuit_qasm: str | None = None
    qubits: int = 0
    depth: int = 0
    shots: int = 0
    pub_counts: tuple[dict[str, int], ...] | None = None
    quantum_seconds: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class JobUnreadable(Exception):
    """One job could not be read (gone since it was listed, or a payload IBM refused to give)."""


class IbmAccountClient(Protocol):
    def verify(self) -> None:
        """Raise InvalidCredentials when IBM refuses the token, ProviderUnavailable when down."""
        ...

    def list_jobs(self, *, limit: int) -> list[IbmJobSummary]: ...

    def fetch_job(self, job_id: str, *, with_result: bool) -> IbmJobRecord:
        """The job in full; JobUnreadable when this one job cannot be read."""
        ...


class IbmRestClient:
    """`IbmAccountClient` over the IBM Quantum Platform REST API (IAM API key auth)."""

    def __init__(
        self, *, api_url: str, iam_url: str, token: str, instance: str | None, channel: str
    ) -> None:
        self._api_url = api_url.rstrip("/")
        self._iam_url = iam_url.rstrip("/")
        self._token = token
        self._instance = instance
        self.channel = channel
        self._bearer: str | None = None
        self._http = httpx.Client(timeout=TIMEOUT_S)

    def __repr__(self) -> str:
        return f"IbmRestClient({self._api_url}, instance={self._instance!r})"

    def close(self) -> None:
        self._http.close()

    def verify(self) -> None:
        self._get("/jobs", params={"limit": 1, "exclude_params": "true"})

    def list_jobs(self, *, limit: int) -> list[IbmJobSummary]:
        found: list[IbmJobSummary] = []
        offset = 0
        while len(found) < limit:
            page = self._get(
                "/jobs",
                params={
                    "limit": min(200, limit - len(found)),
                    "offset": offset,
                    "exclude_params": "true",
                    "sort": "DESC",
                },
            ).json()
            rows = page.get("jobs") or []
            found.extend(
                IbmJobSummary(id=str(r["id"]), backend=str(r.get("backend") or ""), status=_word(r))
                for r in rows
                if r.get("id")
            )
            offset += len(rows)
            if not rows or offset >= int(page.get("count") or 0):
                break
        return found

    def fetch_job(self, job_id: str, *, with_result: bool) -> IbmJobRecord:
        from domain.providers import ibm_decoding

        raw = self._get(f"/jobs/{_safe_id(job_id)}", params={"exclude_params": "false"}).json()
        status = _word(raw)
        metrics: dict[str, Any] = {}
        pub_counts = None
        if not status.lower().startswith("queued"):  # IBM's own running/finished times
            metrics = self._get(f"/jobs/{_safe_id(job_id)}/metrics").json()
        if with_result:
            pub_counts = ibm_decoding.counts_from_results(
                self._get(f"/jobs/{_safe_id(job_id)}/results").text
            )
        circuit = ibm_decoding.first_circuit(raw.get("params"))
        stamps = metrics.get("timestamps") or {}
        usage = metrics.get("usage") or raw.get("usage") or {}
        state = raw.get("state") or {}
        return IbmJobRecord(
            id=str(raw["id"]),
            backend=str(raw.get("backend") or ""),
            status=status,
            created=_when(stamps.get("created") or raw.get("created")),
            running=_when(stamps.get("running")),
            finished=_when(stamps.get("finished")),
            reason=state.get("reason"),
            program=(raw.get("program") or {}).get("id"),
            tags=tuple(str(t) for t in raw.get("tags") or ()),
            circuit_qasm=circuit.qasm if circuit else None,
            qubits=circuit.qubits if circuit else 0,
            depth=circuit.depth if circuit else 0,
            shots=circuit.shots if circuit else 0,
            pub_counts=pub_counts,
            quantum_seconds=_seconds(usage),
        )

    def _get(self, path: str, *, params: dict[str, Any] | None = None) -> httpx.Response:
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {self._bearer_token()}",
                "IBM-API-Version": API_VERSION,
                "Accept": "application/json",
            }
            if self._instance:
                headers["Service-CRN"] = self._instance
            try:
                response = self._http.get(self._api_url + path, params=params, headers=headers)
            except httpx.HTTPError as error:
                raise ProviderUnavailable(
                    f"IBM Quantum could not be reached ({type(error).__name__}).",
                    provider=_PROVIDER,
                ) from None
            if response.status_code == 401 and attempt == 1:
                self._bearer = None  # the IAM token expired: fetch a new one once
                continue
            if response.status_code == 404 and path.startswith("/jobs/"):
                raise JobUnreadable(path)
            _raise_for(response)
            return response
        raise InvalidCredentials("IBM Quantum refused the account's token.")

    def _bearer_token(self) -> str:
        if self._bearer is None:
            try:
                response = self._http.post(
                    self._iam_url + "/identity/token",
                    data={
                        "grant_type": "urn:ibm:params:oauth:grant-type:apikey",
                        "apikey": self._token,
                    },
                    headers={"Accept": "application/json"},
                )
            except httpx.HTTPError as error:
                raise ProviderUnavailable(
                    f"IBM Cloud IAM could not be reached ({type(error).__name__}).",
                    provider=_PROVIDER,
                ) from None
            if response.status_code in (400, 401, 403):
                raise InvalidCredentials("IBM Cloud refused the API key.")
            _raise_for(response)
            self._bearer = str(response.json()["access_token"])
        return self._bearer


def _raise_for(response: httpx.Response) -> None:
    if response.status_code in (401, 403):
        raise InvalidCredentials("IBM Quantum refused the account's token or instance.")
    if response.status_code >= 400:
        raise ProviderUnavailable(
            f"IBM Quantum answered HTTP {response.status_code}.", provider=_PROVIDER
        )


def _word(raw: dict[str, Any]) -> str:
    word = raw.get("status") or (raw.get("state") or {}).get("status") or "Queued"
    return str(word)[:64]


def _safe_id(job_id: str) -> str:
    if not job_id or not all(c.isalnum() or c in "-_" for c in job_id) or len(job_id) > 200:
        raise JobUnreadable("IBM Quantum listed a malformed job id.")
    return job_id


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _seconds(usage: dict[str, Any]) -> float | None:
    for key in ("quantum_seconds", "qpu_charge_time_seconds", "seconds"):
        value = usage.get(key)
        if isinstance(value, int | float):
            return float(value)
    return None

"""The providers Qraph knows: the catalog sync's list and the execution adapters, in one place.

`adapter_for(provider, backend)` is how the worker and the poller find the adapter of a job's
backend; nothing else knows provider names. A provider may have several adapters (BRAKET: the
local simulators here, AWS devices elsewhere); each answers `handles(backend)`, and the first
that does wins. Tests register a stand-in with `use_adapter` (and undo it with the returned
callable).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from domain.backends.models import Provider
from domain.providers.aer import AerProvider
from domain.providers.base import BackendProvider, ExecutionAdapter
from domain.providers.braket_local import BraketLocalProvider
from domain.providers.ibm_snapshots import IbmSnapshotProvider
from domain.providers.local import LocalAdapter

_overrides: list[ExecutionAdapter] = []


def ibm_configured() -> bool:
    from qraph.settings import get_settings

    settings = get_settings()
    return bool(settings.ibm_token and settings.ibm_instance and settings.ibm_channel)


@lru_cache(maxsize=1)
def _ibm() -> ExecutionAdapter:
    from domain.providers.ibm_runtime import IbmRuntimeAdapter
    from qraph.settings import get_settings

    settings = get_settings()
    token = settings.ibm_token.get_secret_value() if settings.ibm_token else None
    return IbmRuntimeAdapter(
        token=token, instance=settings.ibm_instance, channel=settings.ibm_channel
    )


@lru_cache(maxsize=1)
def _local() -> tuple[ExecutionAdapter, ...]:
    return (
        LocalAdapter(AerProvider()),
        LocalAdapter(IbmSnapshotProvider()),
        LocalAdapter(BraketLocalProvider()),
    )


def execution_adapters() -> list[ExecutionAdapter]:
    """Every adapter in use: test stand-ins first, the local simulators, configured remotes."""
    return [*_overrides, *_local(), *_remotes()]


@lru_cache(maxsize=1)
def _azure() -> ExecutionAdapter | None:
    from domain.providers import azure
    from qraph.settings import get_settings

    return azure.configured_adapter(get_settings())


@lru_cache(maxsize=1)
def _braket_aws() -> ExecutionAdapter | None:
    from domain.providers import braket_aws
    from qraph.settings import get_settings

    return braket_aws.configured_adapter(get_settings())


def _remotes() -> list[ExecutionAdapter]:
    """The remote adapters whose settings are present (each provider adds its line here).
    Braket's AWS devices come after the local Braket simulators, which claim only their own
    two names (`handles`)."""
    remotes: list[ExecutionAdapter] = []
    if ibm_configured():
        remotes.append(_ibm())
    remotes.extend(a for a in (_azure(), _braket_aws()) if a is not None)
    return remotes


def adapter_for(provider: str, backend: str) -> ExecutionAdapter | None:
    """The adapter that runs `backend` of `provider`; None when none is configured."""
    for adapter in execution_adapters():
        if adapter.provider != provider:
            continue
        handles = getattr(adapter, "handles", None)
        if handles is None or handles(backend):
            return adapter
    return None


def use_adapter(adapter: ExecutionAdapter) -> Callable[[], None]:
    """Put an adapter before the others (tests, benchmarks); returns what removes it."""
    _overrides.insert(0, adapter)

    def remove() -> None:
        if adapter in _overrides:
            _overrides.remove(adapter)

    return remove


def default_providers() -> list[BackendProvider]:
    """Every provider the catalog sync uses by default: the local simulators always, remote
    providers when their settings are present."""
    providers: list[BackendProvider] = [AerProvider(), IbmSnapshotProvider(), BraketLocalProvider()]
    return [*providers, *_remotes()]


def remote_providers() -> list[BackendProvider]:
    """The configured remote providers, for the frequent refresh of their backends."""
    return list(_remotes())


def known_providers() -> list[Provider]:
    """Every provider the admin's `providers` list shows, configured or not."""
    return list(Provider)

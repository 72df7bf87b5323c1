"""`Backend.kpis(window)`: batched per request, so a page of backends costs one statement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from domain.analytics import backend_kpis, seams
from domain.analytics.window import Bucket, Window
from qraph.context import Context
from schema.analytics.inputs import TimeWindow

if TYPE_CHECKING:
    from schema.analytics.types import BackendHealth, BackendKpis
    from schema.backends.types import Backend

Info = strawberry.Info[Context, None]


Loaded = tuple[backend_kpis.BackendKpis, seams.FittedHealth | None]


class KpisLoader(DataLoader[int, Loaded]):
    """One window's KPIs (one statement) and the latest health results (the experiments
    seam) for every backend asked about in the request."""

    def __init__(self, sessionmaker: Any, keys: frozenset[str]) -> None:
        self.window: Window | None = None

        async def load(ids: list[int]) -> list[Loaded]:
            assert self.window is not None
            async with sessionmaker() as session:
                found = await backend_kpis.backend_kpis(
                    session, backend_ids=list(ids), window=self.window
                )
                health = await seams.latest_health(session, list(ids))
            return [(found[i], health.get(i)) for i in ids]

        super().__init__(load_fn=load)


def _loader(info: Info, window: Window) -> KpisLoader:
    key = frozenset({f"{window.start.isoformat()}/{window.end.isoformat()}"})
    loader: KpisLoader = info.context.loaders.with_columns("backend_kpis", key, KpisLoader)
    loader.window = window
    return loader


async def kpis(
    root: Backend,
    info: Info,
    window: Annotated[
        TimeWindow | None,
        strawberry.argument(description="The window; default: the last 24 hours."),
    ] = None,
) -> BackendKpis | None:
    from schema.analytics.inputs import to_window
    from schema.analytics.types import BackendKpis

    if not info.context.principal.authenticated:
        return None  # figures over everyone's jobs: for signed-in callers
    # InvalidInput (a field error) when out of bounds; no series here, so no bucket bound
    found = to_window(window, Bucket.WEEK)
    figures, fitted = await _loader(info, found).load(root.row.id)
    return BackendKpis.of(figures, _health(root, fitted))


def _health(root: Backend, fitted: seams.FittedHealth | None) -> BackendHealth | None:
    from schema.analytics.types import BackendHealth

    row = root.row
    if row.simulator:
        return None
    return BackendHealth(
        calibrated_t1_us=row.median_t1_us,
        calibrated_t2_us=row.median_t2_us,
        calibrated_readout_error=row.median_readout_error,
        fitted_t1_us=fitted.t1_us if fitted else None,
        fitted_t2_us=fitted.t2_us if fitted else None,
        fitted_readout_error=fitted.readout_error if fitted else None,
        error_per_clifford=fitted.error_per_clifford if fitted else None,
        measured_at=fitted.measured_at if fitted else None,
    )

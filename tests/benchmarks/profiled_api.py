"""The API process under cProfile, for `bench_subscriptions.py --profile` (and by hand).

Usage: QRAPH_PORT=PORT python tests/benchmarks/profiled_api.py OUT.pstats (as `qraph api`)

The profiler runs between SIGUSR1 and SIGUSR2 (the bench sends them around its measured
window, so start-up and imports stay out), or from start to end with `--whole`. uvicorn
re-raises SIGTERM after its graceful shutdown, which would end the process before anything is
written; here SIGTERM ends it through SystemExit, so the stats are written.
Read them with `python -m pstats OUT.pstats` (sort tottime, then stats 40).
"""

from __future__ import annotations

import argparse
import cProfile
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # the checkout it runs in (the bench's --api-root)

from qraph import cli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--whole", action="store_true", help="profile from start to end")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    profiler = cProfile.Profile()

    def start(*_: object) -> None:
        profiler.enable()

    signal.signal(signal.SIGUSR1, start)
    if args.whole:
        profiler.enable()
    signal.signal(signal.SIGUSR2, lambda *_: profiler.disable())
    try:
        cli.api(argparse.Namespace(fd=None))  # QRAPH_HOST and QRAPH_PORT from the environment
    except SystemExit:
        pass
    finally:
        profiler.disable()
        profiler.dump_stats(args.out)


if __name__ == "__main__":
    main()

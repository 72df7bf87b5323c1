"""One long-lived thread for blocking quantum-SDK calls.

Qiskit keeps per-thread native state: after a thread that used it exits, the next thread to
build the standard-gate mapping can crash the process (seen with `asyncio.to_thread`, whose pool
threads come and go). Running every blocking SDK call on this single thread keeps the event loop
free and the SDK's state on one thread for the life of the process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qraph-sdk")


async def run_in_sdk_thread(function: Callable[[], T]) -> T:
    """Run a blocking SDK call on the SDK thread without blocking the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_executor, function)

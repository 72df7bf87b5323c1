"""The process's live feeds: one read per batch of events, shared by every follower.

Events carry ids only (domain/events.py), so each one is answered by reading the row. Read per
subscriber, 2,000 admins following every job cost 2,000 reads of each job that changed. Here one
task per API process takes the hub's job events, reads every job that changed since its last
read in one `SELECT ... WHERE id IN (...)`, and hands the rows to each follower's bounded queue;
each follower then checks its viewer and filter in memory (watch.py). Events that arrive while a
read runs make the next batch, so bursts coalesce by themselves. Queue events work the same way,
at most one read per `QUEUE_INTERVAL_S`, and so do backend status changes.

A follower whose queue fills up is dropped (its stream ends with `FellBehind`, or for queues
with a re-read), as the hub drops slow subscribers, so one stuck client never holds the others
back or grows memory.
"""

from __future__ import annotations

from domain.jobs.feeds.backends import BackendChange, BackendFeed
from domain.jobs.feeds.base import (
    HUB_QUEUE_SIZE,
    QUEUE_INTERVAL_S,
    QUEUE_SIZE,
    SHOWN_SIZE,
    Change,
    EventSource,
    FellBehind,
    Sink,
    Snapshot,
)
from domain.jobs.feeds.jobs import JobFeed
from domain.jobs.feeds.queues import QueueBatch, QueueFeed

__all__ = [
    "HUB_QUEUE_SIZE",
    "QUEUE_INTERVAL_S",
    "QUEUE_SIZE",
    "SHOWN_SIZE",
    "BackendChange",
    "BackendFeed",
    "Change",
    "EventSource",
    "FellBehind",
    "JobFeed",
    "QueueBatch",
    "QueueFeed",
    "Sink",
    "Snapshot",
]

"""On SQLite, ingest writes take turns and leave the database's write lock free for a moment after each.

SQLite has one write lock and no queue for it: a connection that finds it taken tries again after a sleep
(its busy handler sleeps 1 ms, then longer, up to 100 ms between tries). Ingest processes writing batch
after batch hand the lock to each other within milliseconds, so an expert's label save, trying less and less
often, could wait for seconds. On SQLite the ingest's write transactions therefore run one at a time across
processes (a file lock beside the database), and one starts no sooner than GAP_SECONDS after the previous
one ended: a save that waited for one ingest transaction tries again within that gap and gets the lock.
PostgreSQL locks rows, not the database: there a write turn does nothing.

Measured (`benchmarks.bench_demo_writes`, issue 13; README "Demo writes"): the starvation comes from handing
the lock around, not from long transactions, so it outlived the reports' triggers. On a quiet machine a label
save's p95 during the demo ingest is the same with or without turns, but its maximum was 345-350 ms without
them and 208-252 ms with them (goal under 300 ms).
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection

log = logging.getLogger(__name__)
DEADLOCK_RETRIES = 3

# A waiting connection tries at most 50 ms apart during its first 0.2 s of waiting, so a gap this long
# reaches a save that waited behind an ingest transaction shorter than that.
GAP_SECONDS = 0.05
_held = threading.local()


@contextmanager
def write_turn() -> Iterator[None]:
    """Wait for the ingest's write turn on SQLite (at most GAP_SECONDS after the last ingest write ended)
    and hold it for the block, which should be one write transaction. Re-entrant; nothing on PostgreSQL."""
    if (
        connection.vendor != "sqlite"
        or connection.is_in_memory_db()  # type: ignore[attr-defined]  # SQLite's wrapper, vendor checked
        or getattr(_held, "turn", False)
    ):
        yield
        return
    with open(f"{connection.settings_dict['NAME']}.ingest-turn", "a+") as turn:
        fcntl.flock(turn, fcntl.LOCK_EX)
        _held.turn = True
        try:
            turn.seek(0)
            last_ended = float(turn.read() or 0.0)
            time.sleep(min(GAP_SECONDS, max(0.0, last_ended + GAP_SECONDS - time.time())))
            yield
        finally:
            turn.seek(0)
            turn.truncate()
            turn.write(repr(time.time()))
            turn.flush()
            _held.turn = False
            fcntl.flock(turn, fcntl.LOCK_UN)


def write_with_retry(fn: Callable[..., object]) -> None:
    """Run a write transaction in the ingest's write turn; repeat it when PostgreSQL picked it as a deadlock
    victim."""
    for attempt in range(DEADLOCK_RETRIES):
        try:
            with write_turn():
                fn()
            return
        except OperationalError as e:
            if "deadlock" not in str(e).lower() or attempt == DEADLOCK_RETRIES - 1:
                raise
            log.warning("deadlock while loading, retrying (attempt %d)", attempt + 1)
            time.sleep(0.1 * (attempt + 1))

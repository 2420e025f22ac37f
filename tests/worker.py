"""A real Celery worker process for integration tests (eager mode is for unit tests only)."""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from hcvvet.demo.processes import stop_process_groups

ROOT = Path(__file__).resolve().parents[1]


def current_database_url() -> str:
    """The URL of the database this test process uses now (the test database once pytest-django set it up)."""
    from django.db import connection

    conf = connection.settings_dict
    if conf["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{conf['NAME']}"
    user = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    return f"postgresql://{user}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{conf['NAME']}"


@contextmanager
def celery_worker(
    *,
    env: dict[str, str] | None = None,
    concurrency: int = 2,
    pool: str = "prefork",
    queues: tuple[str, ...] = (),
    flush_broker: bool = True,
):
    """Start `celery worker` against the configured broker and database; stop it on exit. It takes every
    queue unless `queues` names some (as production's workers do, one kind of work each).

    The worker uses the test process's current database (tests that need it use `transactional_db`, so
    the rows they write are committed and visible to the worker) and its environment (REDIS_URL, ...).
    """
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hcvvet.settings.worker_test",
        "DATABASE_URL": current_database_url(),
        **(env or {}),
    }
    if full_env.get("REDIS_URL") and flush_broker:
        # A fresh broker: messages an earlier test's worker left unacknowledged (late acks put them back
        # on shutdown) or scheduled for later must not reach this test's worker. The Redis database is this
        # test process's own (see hcvvet/settings/test.py).
        import redis

        redis.Redis.from_url(full_env["REDIS_URL"]).flushdb()
    log_path = Path(tempfile.gettempdir()) / f"hcvvet-worker-{os.getpid()}{'-'.join(('', *queues))}.log"
    with open(log_path, "w") as log:
        yield from _run_worker(full_env, log, concurrency, pool, queues)


def _run_worker(full_env, log, concurrency, pool, queues):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hcvvet",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            f"--pool={pool}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *([f"--queues={','.join(queues)}"] if queues else []),
        ],
        cwd=ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        stop_process_groups([process], timeout=20)


def wait_for(predicate, *, timeout: float = 60.0, interval: float = 0.2):
    """Poll `predicate` until it returns a truthy value; raise TimeoutError with the last value otherwise."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"condition not met within {timeout} s (last value {value!r})")

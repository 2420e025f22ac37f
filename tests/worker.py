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
    name: str = "",
):
    """Start `celery worker` against the configured broker and database; stop it on exit. It takes every
    queue unless `queues` names some (as production's workers do, one kind of work each). `name` gives it
    a node name of its own (`name@host`) and its own log, for tests that run several at once.

    The worker uses the test process's current database (tests that need it use `transactional_db`, so
    the rows they write are committed and visible to the worker) and its environment (REDIS_URL, ...).
    """
    full_env = _process_env(env)
    if full_env.get("REDIS_URL") and flush_broker:
        # A fresh broker: messages an earlier test's worker left unacknowledged (late acks put them back
        # on shutdown) or scheduled for later must not reach this test's worker. The Redis database is this
        # test process's own (see hcvvet/settings/test.py).
        import redis

        redis.Redis.from_url(full_env["REDIS_URL"]).flushdb()
    log_name = f"hcvvet-worker-{os.getpid()}{'-'.join(('', *queues, *([name] if name else [])))}.log"
    with open(Path(tempfile.gettempdir()) / log_name, "w") as log:
        yield from _run_worker(full_env, log, concurrency, pool, queues, name)


def _process_env(env: dict[str, str] | None) -> dict[str, str]:
    """The environment of a Celery process started by a test: the test's database and settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hcvvet.settings.worker_test",
        "DATABASE_URL": current_database_url(),
        **(env or {}),
    }


def _run_worker(full_env, log, concurrency, pool, queues, name=""):
    yield from _run_celery(
        [
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            f"--pool={pool}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *([f"--queues={','.join(queues)}"] if queues else []),
            *([f"--hostname={name}@%h"] if name else []),
        ],
        full_env,
        log,
        grace=20,
    )


def _run_celery(arguments: list[str], full_env, log, *, grace: float):
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hcvvet", *arguments],
        cwd=ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        stop_process_groups([process], grace=grace)


@contextmanager
def celery_beat(*, env: dict[str, str] | None = None):
    """Start `celery beat` with the project's schedule (CELERY_BEAT_SCHEDULE; its state in a temporary
    directory), sending to the configured broker; stop it on exit. Its log is `beat.log` there."""
    with tempfile.TemporaryDirectory() as state, open(Path(state) / "beat.log", "w") as log:
        arguments = ["beat", "--loglevel=INFO", f"--schedule={Path(state) / 'schedule'}"]
        yield from _run_celery(arguments, _process_env(env), log, grace=5)


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

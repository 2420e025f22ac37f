"""Celery task metrics: runs and durations per task name and final state (SUCCESS, FAILURE, RETRY, ...).

Prefork workers run tasks in child processes, so the counts live in prometheus_client's multiprocess files
(PROMETHEUS_MULTIPROC_DIR, one empty directory per worker host, set before the worker starts); the worker's
main process serves them all on HCVVET_WORKER_METRICS_PORT. Tasks that run in the web process (none in
production) count in its own /metrics.
"""

import os
import time

from celery import signals
from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.multiprocess import MultiProcessCollector

TASK_RUNS = Counter("hcvvet_celery_tasks", "Celery task runs by task name and final state", ["task", "state"])
TASK_SECONDS = Histogram(
    "hcvvet_celery_task_duration_seconds",
    "Seconds a Celery task run took, by task name and final state",
    ["task", "state"],
    buckets=(0.05, 0.25, 1, 5, 15, 60, 300, 900, float("inf")),
)
_started: dict[str, float] = {}


@signals.task_prerun.connect
def _task_started(task_id=None, **_) -> None:
    _started[task_id] = time.monotonic()


@signals.task_postrun.connect
def _task_finished(task_id=None, task=None, state=None, **_) -> None:
    started = _started.pop(task_id, None)
    labels = (task.name, state or "UNKNOWN")
    TASK_RUNS.labels(*labels).inc()
    if started is not None:
        TASK_SECONDS.labels(*labels).observe(time.monotonic() - started)


def metrics_registry() -> CollectorRegistry:
    """Every process's metrics in multiprocess mode, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return REGISTRY


@signals.worker_ready.connect
def _serve_worker_metrics(**_) -> None:
    """In the worker's main process, once it is up: serve the metrics on the configured port, if any."""
    if settings.HCVVET_WORKER_METRICS_PORT:
        start_http_server(
            settings.HCVVET_WORKER_METRICS_PORT,
            addr=settings.HCVVET_WORKER_METRICS_ADDRESS,
            registry=metrics_registry(),
        )

"""The Celery app. Broker: Redis when REDIS_URL is set, otherwise kombu's filesystem transport (no server)."""

import os
from pathlib import Path

from celery import Celery
from kombu import Exchange, Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcvvet.settings.base")

app = Celery("hcvvet")
app.config_from_object("django.conf:settings", namespace="CELERY")


def _configure_from_settings() -> None:
    from django.conf import settings

    conf = {
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_track_started": True,
        "broker_connection_retry_on_startup": True,
        "result_expires": 3600,
        # Declared, so a worker started without -Q consumes every queue the routes send to; each on an
        # exchange of its own name (a bare Queue would be bound to the default key and get every message).
        "task_queues": [
            Queue(name, Exchange(name), routing_key=name) for name in settings.HCVVET_CELERY_QUEUES
        ],
    }
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folder = settings.CELERY_FILESYSTEM_BROKER_DIR
        for sub in ("in", "processed", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        conf["broker_transport_options"] = {
            "data_folder_in": str(folder / "in"),
            "data_folder_out": str(folder / "in"),
            "processed_folder": str(folder / "processed"),
            # kombu's default is ./control in the working directory
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
    if str(settings.CELERY_RESULT_BACKEND).startswith("file://"):
        Path(settings.CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
    app.conf.update(conf)


@app.on_after_configure.connect
def _on_configure(sender, **kwargs) -> None:
    _configure_from_settings()


app.autodiscover_tasks()


@app.task(name="hcvvet.ping")
def ping() -> str:
    """Round-trip check used by /healthz-style probes and the worker integration test."""
    return "pong"

"""/healthz: database and broker reachability as JSON, 200 when both are up, 503 otherwise.

Anyone may probe it, so it tells only up or down; the cause of a failure (a driver's message can name hosts,
users and paths) goes to the log, and to signed-in staff."""

import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down" to a probe
        logger.warning("healthz: the database is unreachable: %s", exc)
        return False, str(exc)[:200]
    return True, connection.vendor


def _broker_ok() -> tuple[bool, str]:
    from django.conf import settings
    from kombu import Connection

    from hcvvet.celery import app

    try:
        url = settings.CELERY_BROKER_URL
        with Connection(url, transport_options=app.conf.broker_transport_options) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # kombu raises many kinds; all mean unreachable
        logger.warning("healthz: the broker is unreachable: %s", exc)
        return False, str(exc)[:200]
    return True, str(transport)


@require_GET
def healthz(request):
    db_ok, db_info = _database_ok()
    broker_ok, broker_info = _broker_ok()
    status = 200 if db_ok and broker_ok else 503
    body = {
        "status": "ok" if status == 200 else "degraded",
        "database": {"ok": db_ok},
        "broker": {"ok": broker_ok},
    }
    # The user is looked up (in the session table) only when the database answers.
    if db_ok and request.user.is_authenticated and request.user.is_staff:
        body["database"]["info"], body["broker"]["info"] = db_info, broker_info
    return JsonResponse(body, status=status)

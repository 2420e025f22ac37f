"""/healthz: database and broker reachability as JSON, 200 when both are up, 503 otherwise."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down" to a probe
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
        return False, str(exc)[:200]
    return True, str(transport)


@require_GET
def healthz(request):
    db_ok, db_info = _database_ok()
    broker_ok, broker_info = _broker_ok()
    status = 200 if db_ok and broker_ok else 503
    body = {
        "status": "ok" if status == 200 else "degraded",
        "database": {"ok": db_ok, "info": db_info},
        "broker": {"ok": broker_ok, "info": broker_info},
    }
    return JsonResponse(body, status=status)

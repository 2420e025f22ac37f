"""/metrics for Prometheus: not public. Served to clients whose address is in HCVVET_METRICS_ALLOWED_NETWORKS
(loopback by default; behind a proxy, as HCVVET_TRUSTED_PROXIES reports it) or that send
`Authorization: Bearer <HCVVET_METRICS_TOKEN>`; anyone else gets a 403."""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from hcvvet.accounts.addresses import client_address

from .task_metrics import metrics_registry


def _token_matches(request: HttpRequest) -> bool:
    expected = settings.HCVVET_METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(expected)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(given.strip().encode(), expected.encode())
    )


def _address_allowed(request: HttpRequest) -> bool:
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(net, strict=False) for net in settings.HCVVET_METRICS_ALLOWED_NETWORKS
    )


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not (_token_matches(request) or _address_allowed(request)):
        return HttpResponseForbidden(
            "Metrics are for the operators' scraper only.", content_type="text/plain"
        )
    return HttpResponse(generate_latest(metrics_registry()), content_type=CONTENT_TYPE_LATEST)

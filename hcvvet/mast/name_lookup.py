"""MAST Name.Lookup: object name -> position."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import http
from .errors import MastBadResponseError, UnknownTargetError

SERVICE = "MAST Name.Lookup"


@dataclass(frozen=True)
class ResolvedTarget:
    ra_deg: float
    dec_deg: float
    canonical_name: str


def resolve(name: str, *, url: str | None = None, timeout_seconds: float | None = None) -> ResolvedTarget:
    """Position of the object called `name`; `UnknownTargetError` when MAST knows no such object."""
    from django.conf import settings

    request = {"service": "Mast.Name.Lookup", "params": {"input": name, "format": "json"}}
    response = http.request(
        "POST",
        url or settings.HCVVET_MAST_INVOKE_URL,
        service=SERVICE,
        timeout_seconds=timeout_seconds or settings.HCVVET_MAST_TIMEOUT_SECONDS,
        data={"request": json.dumps(request)},
    )
    body = http.read_body(response, service=SERVICE)
    try:
        entries = json.loads(body)["resolvedCoordinate"]
        if not entries:
            raise UnknownTargetError(f"MAST does not know an object called {name!r}", service=SERVICE)
        first = entries[0]
        return ResolvedTarget(float(first["ra"]), float(first["decl"]), str(first.get("canonicalName", name)))
    except (ValueError, KeyError, TypeError) as e:
        raise MastBadResponseError(f"{SERVICE} sent an unreadable answer", service=SERVICE) from e

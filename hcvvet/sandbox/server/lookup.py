"""MAST `/api/v0/invoke` emulation; only the `Mast.Name.Lookup` service, answered from `sandbox_names`."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from .wire import JSON_TYPE, Response


def _json(status: int, payload: object) -> Response:
    return Response(status, JSON_TYPE, json.dumps(payload).encode("utf-8"))


def _error(status: int, message: str) -> Response:
    return _json(status, {"status": "ERROR", "msg": message, "data": None})


def normalize_name(name: str) -> str:
    """Names are matched lower-case with all whitespace removed (as stored in sandbox_names)."""
    return "".join(name.split()).lower()


def invoke(universe: Path, params: dict[str, str]) -> Response:
    """Answer a MAST invoke request whose form field `request` holds the JSON request."""
    raw = params.get("request")
    if raw is None:
        return _error(400, "Missing 'request' parameter (a JSON MAST request)")
    try:
        request = json.loads(raw)
    except (ValueError, RecursionError):
        return _error(400, "The 'request' parameter is not valid JSON")
    if not isinstance(request, dict):
        return _error(400, "The 'request' parameter must be a JSON object")
    service = request.get("service")
    if service != "Mast.Name.Lookup":
        return _error(400, f"Unsupported service {service!r}: the sandbox answers only Mast.Name.Lookup")
    req_params = request.get("params")
    name = req_params.get("input") if isinstance(req_params, dict) else None
    if not isinstance(name, str) or not name.strip():
        return _error(400, "Mast.Name.Lookup needs params.input (the object name)")
    with closing(sqlite3.connect(f"file:{universe}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT ra, dec, canonical, object_type FROM sandbox_names WHERE name = ?",
            (normalize_name(name),),
        ).fetchone()
    if row is None:
        return _json(200, {"resolvedCoordinate": [], "status": ""})
    ra, dec, canonical, object_type = row
    entry = {
        "searchString": name.strip().lower(),
        "resolver": "SIMBAD",
        "cached": True,
        "resolverTime": 3,
        "searchRadius": -1.0,
        "canonicalName": canonical,
        "ra": ra,
        "decl": dec,
    }
    if object_type:
        entry["objectType"] = object_type
    return _json(200, {"resolvedCoordinate": [entry], "status": ""})

"""MAST Name.Lookup through `/api/v0/invoke`, called the way the notebooks call it."""

from __future__ import annotations

import json

import pytest
import requests

HTTP_TIMEOUT_S = 30  # seconds: a sandbox that stops answering fails the test instead of hanging it

REAL = {"IC 1613": (16.2016962, 2.1194959), "M87": (187.70593, 12.39112), "M31": (10.68471, 41.26875)}


def _lookup(sb, name, service="Mast.Name.Lookup"):
    request = {"service": service, "params": {"input": name, "format": "json"}}
    return requests.post(
        sb.urls["mast_invoke"], data={"request": json.dumps(request)}, timeout=HTTP_TIMEOUT_S
    )


@pytest.mark.parametrize("name", list(REAL))
def test_known_names_resolve_to_real_positions(sandbox, name):
    r = _lookup(sandbox, name)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    entry = r.json()["resolvedCoordinate"][0]
    assert (entry["ra"], entry["decl"]) == pytest.approx(REAL[name], abs=0.01)
    assert entry["canonicalName"]


def test_names_are_case_and_space_insensitive(sandbox):
    a = _lookup(sandbox, "ic1613").json()["resolvedCoordinate"][0]
    b = _lookup(sandbox, "  Ic  1613 ").json()["resolvedCoordinate"][0]
    assert (a["ra"], a["decl"]) == (b["ra"], b["decl"])


def test_unknown_name_gives_an_empty_list(sandbox):
    r = _lookup(sandbox, "No Such Galaxy 12345")
    assert r.status_code == 200
    assert r.json() == {"resolvedCoordinate": [], "status": ""}


def test_bad_requests_are_4xx_json(sandbox):
    assert _lookup(sandbox, "M31", service="Mast.Caom.Cone").status_code == 400
    assert (
        requests.post(
            sandbox.urls["mast_invoke"], data={"request": "{not json"}, timeout=HTTP_TIMEOUT_S
        ).status_code
        == 400
    )
    assert requests.post(sandbox.urls["mast_invoke"], data={}, timeout=HTTP_TIMEOUT_S).status_code == 400
    r = requests.post(
        sandbox.urls["mast_invoke"],
        data={"request": json.dumps({"service": "Mast.Name.Lookup"})},
        timeout=HTTP_TIMEOUT_S,
    )
    assert r.status_code == 400
    assert r.json()["status"] == "ERROR"

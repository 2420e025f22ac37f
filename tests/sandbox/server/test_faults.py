"""Fault injection: every fault kind, seen through the real clients and `requests`."""

from __future__ import annotations

import json
import xml.parsers.expat

import mastcasjobs
import pytest
import requests

from hcvvet.sandbox.server.harness import SandboxServer

HTTP_TIMEOUT_S = 30  # seconds: a sandbox that stops answering fails the test instead of hanging it

QUERY = "select MatchID, RA, Dec from HCVmatch where MatchID=1905457"


def _jobs(sb: SandboxServer) -> mastcasjobs.MastCasJobs:
    return mastcasjobs.MastCasJobs(username="demo", password="demo", context="HSCv3", **sb.casjobs_kwargs())


def _lookup(sb: SandboxServer, timeout: float = HTTP_TIMEOUT_S) -> requests.Response:
    request = {"service": "Mast.Name.Lookup", "params": {"input": "M31", "format": "json"}}
    return requests.post(sb.urls["mast_invoke"], data={"request": json.dumps(request)}, timeout=timeout)


def test_http_500_for_the_next_n_calls_then_recovery(sandbox):
    jobs = _jobs(sandbox)
    sandbox.faults.set("casjobs", "http_500", next_n=2)
    for _ in range(2):
        with pytest.raises(
            Exception, match="ExecuteQuickJob failed with status: 500\nSandbox injected fault"
        ):
            jobs.quick(QUERY)
    assert list(jobs.quick(QUERY)["MatchID"]) == [1905457]


def test_http_503(sandbox):
    sandbox.faults.set("catalogs", "http_503", next_n=1)
    assert (
        requests.get(
            f"{sandbox.urls['catalogs']}/v3/hcv.csv", params={"MatchID": 1}, timeout=HTTP_TIMEOUT_S
        ).status_code
        == 503
    )
    assert (
        requests.get(
            f"{sandbox.urls['catalogs']}/v3/hcv.csv", params={"MatchID": 1}, timeout=HTTP_TIMEOUT_S
        ).status_code
        == 200
    )


def test_blocked_403_shows_the_request_id(sandbox):
    jobs = _jobs(sandbox)
    sandbox.faults.set("casjobs", "blocked_403", next_n=1, seed=3)
    with pytest.raises(Exception, match="Please contact our technical support with Request ID: 0003"):
        jobs.quick(QUERY)


def test_reject_login(sandbox):
    sandbox.faults.set("login", "reject_login", next_n=1)
    with pytest.raises(ValueError, match="Incorrect MAST CasJobs username/password"):
        _jobs(sandbox)
    assert _jobs(sandbox).userid.isdigit()


def test_quick_too_large_only_hits_result_sets(sandbox):
    jobs = _jobs(sandbox)
    sandbox.faults.set("casjobs", "quick_too_large", next_n=1)
    assert len(jobs.quick("select MatchID from HCVmatch where MatchID = -1")) == 0  # no rows: not too large
    with pytest.raises(Exception, match="maximum size for a quick job"):
        jobs.quick(QUERY)
    assert len(jobs.quick(QUERY)) == 1


@pytest.mark.parametrize(
    ("kind", "words"),
    [("quick_too_large", "maximum size for a quick job"), ("quick_limit_reworded", "exceed quick job limit")],
)
def test_quick_limits_are_casjobs_faults_worded_two_ways(sandbox, kind, words):
    jobs = _jobs(sandbox)
    sandbox.faults.set("casjobs", kind, next_n=1)
    with pytest.raises(Exception, match=f"ExecuteQuickJob failed with status: 500\n.*{words}"):
        jobs.quick(QUERY)
    assert len(jobs.quick(QUERY)) == 1
    job_id = jobs.submit("select MatchID into mydb.QuickLimit from HCVmatch where MatchID=1905457")
    sandbox.faults.set("casjobs", kind)
    assert jobs.monitor(job_id) == (5, "finished")  # a batch job is not limited
    jobs.drop_table_if_exists("QuickLimit")


def test_delay_fixed_and_random(sandbox):
    sandbox.faults.set("invoke", "delay", next_n=1, seconds=2.0)
    with pytest.raises(requests.exceptions.ReadTimeout):
        _lookup(sandbox, timeout=0.2)
    sandbox.faults.set("invoke", "delay", next_n=1, max_seconds=0.05, seed=1)
    assert _lookup(sandbox).json()["resolvedCoordinate"]


def test_hang_until_the_client_gives_up(sandbox):
    sandbox.faults.set("fitscut", "hang", next_n=1)
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(sandbox.urls["fitscut"], params={"ra": 1, "dec": 1}, timeout=0.3)
    sandbox.faults.set("invoke", "hang", next_n=1, seconds=0.2)
    with pytest.raises(requests.exceptions.ConnectionError):
        _lookup(sandbox)
    assert _lookup(sandbox).status_code == 200


def test_truncated_bodies_are_detected(sandbox):
    sandbox.faults.set("invoke", "truncate", next_n=1)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        _lookup(sandbox)
    jobs = _jobs(sandbox)
    sandbox.faults.set("casjobs", "truncate", next_n=1)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        jobs.quick(QUERY)


def test_malformed_bodies(sandbox):
    jobs = _jobs(sandbox)
    sandbox.faults.set("casjobs", "malformed", next_n=1)
    with pytest.raises(xml.parsers.expat.ExpatError):
        jobs.quick(QUERY)
    sandbox.faults.set("invoke", "malformed", next_n=1)
    r = _lookup(sandbox)
    assert r.status_code == 200
    with pytest.raises(ValueError):
        r.json()


def test_fast_and_output_services_fail_independently(sandbox):
    jobs = _jobs(sandbox)
    jobs.quick("select MatchID into mydb.FaultFast from HCVmatch where MatchID=1905457")
    sandbox.faults.set("fast", "http_500", next_n=1)
    with pytest.raises(requests.exceptions.HTTPError):
        jobs.fast_table("FaultFast")
    assert len(jobs.fast_table("FaultFast")) == 1
    job_id = jobs.request_output("FaultFast", "CSV")
    sandbox.faults.set("output", "http_503", next_n=1)
    with pytest.raises(Exception, match="yielded status: 503"):
        jobs.get_output(job_id, "/dev/null")


def _pattern(sb: SandboxServer, n: int = 24) -> list[int]:
    url = f"{sb.urls['catalogs']}/v3/hcv.csv"
    return [requests.get(url, params={"MatchID": 1}, timeout=HTTP_TIMEOUT_S).status_code for _ in range(n)]


def test_rate_faults_repeat_with_the_same_seed(sandbox):
    sandbox.faults.set("catalogs", "http_500", rate=0.5, seed=42)
    first = _pattern(sandbox)
    sandbox.faults.set("catalogs", "http_500", rate=0.5, seed=42)
    assert _pattern(sandbox) == first
    assert set(first) == {200, 500}
    sandbox.faults.set("catalogs", "http_500", rate=0.5, seed=43)
    assert _pattern(sandbox) != first


def test_calls_are_counted_per_service(sandbox):
    before = sandbox.calls("invoke")
    _lookup(sandbox)
    _lookup(sandbox)
    assert sandbox.calls("invoke") == before + 2


def test_control_endpoint(sandbox):
    url = f"{sandbox.base_url}/_sandbox/faults"
    r = requests.post(
        url, json={"service": "casjobs", "kind": "http_500", "next_n": 1, "seed": 5}, timeout=HTTP_TIMEOUT_S
    )
    assert r.status_code == 200
    assert requests.get(url, timeout=HTTP_TIMEOUT_S).json()["faults"][0]["kind"] == "http_500"
    with pytest.raises(Exception, match="status: 500"):
        _jobs(sandbox).quick(QUERY)
    assert (
        requests.post(url, json={"service": "casjobs", "kind": "explode"}, timeout=HTTP_TIMEOUT_S).status_code
        == 400
    )
    assert (
        requests.post(
            url, json={"service": "casjobs", "kind": "reject_login"}, timeout=HTTP_TIMEOUT_S
        ).status_code
        == 400
    )
    assert (
        requests.post(url, json={"service": "nope", "kind": "http_500"}, timeout=HTTP_TIMEOUT_S).status_code
        == 400
    )
    assert (
        requests.post(
            url, json={"service": "casjobs", "kind": "http_500", "rate": 7}, timeout=HTTP_TIMEOUT_S
        ).status_code
        == 400
    )
    assert (
        requests.post(
            url, data=b"{broken", headers={"Content-Type": "application/json"}, timeout=HTTP_TIMEOUT_S
        ).status_code
        == 400
    )
    requests.post(url, json={"service": "invoke", "kind": "http_503"}, timeout=HTTP_TIMEOUT_S)
    assert requests.delete(url, timeout=HTTP_TIMEOUT_S).json() == {"faults": []}
    assert _lookup(sandbox).status_code == 200
    assert (
        requests.get(f"{sandbox.base_url}/_sandbox/health", timeout=HTTP_TIMEOUT_S).json()["status"] == "ok"
    )


def test_python_api_validates_arguments(sandbox):
    with pytest.raises(ValueError, match="unknown fault kind"):
        sandbox.faults.set("casjobs", "explode")
    with pytest.raises(ValueError, match="next_n"):
        sandbox.faults.set("casjobs", "http_500", next_n=0)
    with pytest.raises(ValueError, match="applies only to service 'casjobs'"):
        sandbox.faults.set("fast", "quick_too_large")
    with pytest.raises(ValueError, match="applies only to service 'casjobs'"):
        sandbox.faults.set("login", "quick_limit_reworded")

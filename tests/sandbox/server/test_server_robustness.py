"""The server survives garbage: malformed requests get a 4xx/500 with a message and serving continues."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import mastcasjobs
import pytest
import requests

HTTP_TIMEOUT_S = 30  # seconds: a sandbox that stops answering fails the test instead of hanging it

GARBAGE = [
    b"\x00\x01\x02\xff\xfe garbage\r\n\r\n",
    b"GET\r\n\r\n",
    b"POST /casjobs/services/jobs.asmx/ExecuteQuickJob HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
    b"POST /casjobs/services/jobs.asmx/ExecuteQuickJob HTTP/1.1\r\nContent-Length: 100\r\n\r\nshort",
    b"POST /api/v0/invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
    b"GET /cgi-bin/fitscut.cgi?ra=%ZZ&red=%00 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"BREW /coffee HTTP/1.1\r\n\r\n",
]


def _raw(sb, payload: bytes) -> bytes:
    host, port = sb.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _healthy(sb) -> bool:
    return requests.get(f"{sb.base_url}/_sandbox/health", timeout=5).json()["status"] == "ok"


@pytest.mark.parametrize("payload", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_requests_get_an_error_status(sandbox, payload):
    answer = _raw(sandbox, payload)
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else None
    assert status is None or 400 <= status < 600
    assert _healthy(sandbox)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/casjobs/services/jobs.asmx/ExecuteQuickJob", {"qry": "select 1"}),
        ("/casjobs/services/jobs.asmx/GetJobStatus", {"jobid": "abc", "wsid": "1", "pw": "x"}),
        ("/casjobs/services/jobs.asmx/SubmitExtractJob", {"tableName": "x", "type": "PDF"}),
        ("/casjobs/services/jobs.asmx/UploadData", {"tableName": "bad;name", "data": "a\n1"}),
        ("/casjobs/casusers.asmx/GetWebServiceId", {}),
        ("/cgi-bin/quick_casjobs.cgi", {"userid": "demo", "pw": "wrong", "table": "x"}),
        ("/casjobs/output/../../etc/passwd", {}),
        ("/api/v0.1/hsc/v3/hcvsummary.json", {"ra": "nan", "dec": "1", "radius": "0.1"}),
        ("/nowhere", {}),
    ],
)
def test_bad_parameters_never_crash(sandbox, path, params):
    r = requests.post(sandbox.base_url + path, data=params, timeout=10)
    assert r.status_code in (200, 400, 401, 404, 500)
    assert r.text
    assert _healthy(sandbox)


def test_bad_login_answers_minus_one(sandbox):
    r = requests.post(
        sandbox.urls["casjobs_login"], data={"userid": "demo", "password": "nope"}, timeout=HTTP_TIMEOUT_S
    )
    assert r.status_code == 200
    assert ">-1<" in r.text


def test_serve_command_prints_the_service_urls(sandbox_db):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "hcvvet.sandbox", "serve", "--db", str(sandbox_db), "--port", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
    try:
        lines = []
        while not lines or not lines[-1].startswith("HCVVET_MAST_SANDBOX="):
            line = proc.stdout.readline()
            assert line, "serve exited before printing its base URL"
            lines.append(line.strip())
        base = lines[-1].split("=", 1)[1]
        assert any(line == f"casjobs: {base}/casjobs/services/jobs.asmx" for line in lines)
        assert any(line == f"fitscut: {base}/cgi-bin/fitscut.cgi" for line in lines)
        assert requests.get(f"{base}/_sandbox/health", timeout=10).json()["status"] == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_concurrent_clients_are_served(sandbox):
    def work(i: int) -> int:
        jobs = mastcasjobs.MastCasJobs(
            username="demo", password="demo", context="HSCv3", **sandbox.casjobs_kwargs()
        )
        jobs.quick(f"select top 50 MatchID into mydb.Conc{i} from HCVmatch")
        return len(jobs.fast_table(f"Conc{i}")) + len(jobs.quick("select top 5 * from HCVdetailed"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(work, range(8))) == [55] * 8

"""JSON log lines carry the request id: the caller's X-Request-ID when it is a plain token, else a new one,
echoed in the response."""

import io
import json
import logging
import re

import pytest
from django.test import Client

from hcvvet.observability.context import ContextFilter
from hcvvet.observability.logs import JsonFormatter


@pytest.fixture
def json_log():
    """Lines the root logger writes meanwhile, formatted as HCVVET_LOG_FORMAT=json formats them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_request_logs_under_the_id_it_came_with(json_log, db):
    response = Client().get("/api/no-such-endpoint/", HTTP_X_REQUEST_ID="edge-7f3a")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "edge-7f3a"
    not_found = [line for line in json_log() if line["logger"] == "django.request"]
    assert [(line["level"], line["request_id"]) for line in not_found] == [("WARNING", "edge-7f3a")]
    assert "/api/no-such-endpoint/" in not_found[0]["message"]


def test_an_unusable_request_id_is_replaced_by_a_new_one(json_log, db):
    client = Client()
    first = client.get("/api/no-such-endpoint/", HTTP_X_REQUEST_ID='x" onload="y')
    second = client.get("/api/no-such-endpoint/")
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", request_id) for request_id in ids)
    assert ids[0] != ids[1]
    logged = [line["request_id"] for line in json_log() if line["logger"] == "django.request"]
    assert logged == ids


def test_after_a_request_its_id_is_no_longer_logged(json_log, db):
    Client().get("/api/no-such-endpoint/", HTTP_X_REQUEST_ID="edge-7f3a")
    logging.getLogger("hcvvet.test").warning("between requests")
    between = [line for line in json_log() if line["logger"] == "hcvvet.test"]
    assert [(line["message"], "request_id" in line, "job_id" in line) for line in between] == [
        ("between requests", False, False)
    ]

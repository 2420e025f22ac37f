"""Property-based fuzzing of every API operation from its own OpenAPI document (schemathesis).

Each operation gets valid (positive) and malformed (negative) generated requests, sent with a curator's token
through the WSGI app; half of the requests that name a resource in their path name one that exists, so the
writes are exercised too. Every response must be a non-5xx whose body and content type match the schema.
"""

import time

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from hcvvet.wsgi import application
from tests.api.fuzzing import send_generated
from tests.conftest import token_client

MIN_TOTAL_CASES = 1000
EXAMPLES_PER_OPERATION_AND_MODE = 16
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def fuzz(operation, mode: GenerationMode, headers: dict, scenario) -> int:
    """Send generated requests of one mode to one operation; the number of requests sent."""

    def send(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    return send_generated(
        operation, mode, scenario, send, examples=EXAMPLES_PER_OPERATION_AND_MODE, shrink=True
    )


@pytest.fixture
def in_process_wsgi():
    """Keep the test's database connection open across WSGI requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_operation_survives_generated_requests(users, in_process_wsgi, world):
    headers = {"Authorization": token_client(users["curator"])._credentials["HTTP_AUTHORIZATION"]}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", in_process_wsgi, headers={**headers, "Accept": "application/json"}
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    started, per_operation = time.monotonic(), {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            key = f"{operation.method.upper()} {operation.path} {mode.value}"
            per_operation[key] = fuzz(operation, mode, headers, world)
    total = sum(per_operation.values())
    print(
        f"\nschemathesis: {total} generated requests over {len(operations)} operations "
        f"in {time.monotonic() - started:.0f} s"
    )
    assert len(operations) >= 35
    assert total >= MIN_TOTAL_CASES, per_operation

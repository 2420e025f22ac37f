"""Property-based fuzzing of every API operation from its own OpenAPI document (schemathesis).

Each operation gets valid (positive) and malformed (negative) generated requests, sent with a curator's token
through the WSGI app. Every response must be a non-5xx whose body matches the schema for its status code.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, assume, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

from hcvvet.wsgi import application

from .conftest import token_client
from .scenario import build_scenario

MIN_TOTAL_CASES = 1000
EXAMPLES_PER_OPERATION_AND_MODE = 40
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def fuzz(operation, mode: GenerationMode, headers: dict, scenario) -> int:
    """Run generated requests of one mode against one operation; the number of cases sent."""
    checks = [*CHECKS, negative_data_rejection] if mode == GenerationMode.NEGATIVE else CHECKS
    sent = 0

    @settings(
        max_examples=EXAMPLES_PER_OPERATION_AND_MODE,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def exercise(case):
        nonlocal sent
        # A form body must be key/value pairs to be sent at all; malformed JSON bodies are still sent.
        assume(case.media_type == "application/json" or isinstance(case.body, dict | type(None)))
        sent += 1
        scenario.refresh()
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)

    exercise()
    return sent


@pytest.fixture
def in_process_wsgi():
    """Keep the test's database connection open across WSGI requests, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_operation_survives_generated_requests(users, in_process_wsgi):
    scenario = build_scenario(users)
    client = token_client(users["curator"])
    auth = dict(client._credentials)
    headers = {"Authorization": auth["HTTP_AUTHORIZATION"]}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", in_process_wsgi, headers={**headers, "Accept": "application/json"}
    )
    total, per_operation = 0, {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            count = fuzz(operation, mode, headers, scenario)
            per_operation[f"{operation.method.upper()} {operation.path} {mode.value}"] = count
            total += count
    print(f"\nschemathesis: {total} generated cases over {len(operations)} operations")
    assert total >= MIN_TOTAL_CASES, per_operation

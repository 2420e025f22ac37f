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
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from hcvvet.wsgi import application
from tests.conftest import token_client

MIN_TOTAL_CASES = 1000
EXAMPLES_PER_OPERATION_AND_MODE = 16
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def fuzz(operation, mode: GenerationMode, headers: dict, scenario) -> int:
    """Send generated requests of one mode to one operation; the number of requests sent."""
    sent = 0

    @settings(
        max_examples=EXAMPLES_PER_OPERATION_AND_MODE,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def exercise(case, data):
        nonlocal sent
        # A form body must be key/value pairs to be sent at all; malformed JSON bodies are still sent.
        assume(case.media_type in (None, "application/json") or isinstance(case.body, dict))
        # HTTP servers (gunicorn) refuse NUL bytes in headers, so such a session cookie never reaches Django.
        assume(not any("\x00" in f"{k}{v}" for k, v in (case.cookies or {}).items()))
        scenario.refresh()
        if case.path_parameters and data.draw(st.booleans(), label="existing resource"):
            for name, values in scenario.known_path_values(operation.path).items():
                case.path_parameters[name] = data.draw(st.sampled_from(values), label=name)
        sent += 1
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        exercise()
    except Unsatisfiable:
        # Some parameters leave no malformed value that can travel in a URL (e.g. a path segment pattern).
        if mode != GenerationMode.NEGATIVE:
            raise
    except Exception as exc:
        exc.add_note(f"operation: {operation.method.upper()} {operation.path} ({mode.value})")
        raise
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

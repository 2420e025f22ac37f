"""Every answer the API gives over HTTP is documented in its OpenAPI schema, and none is a server error.

schemathesis generates valid and malformed requests for each operation of the schema, sends them with a
curator's token to a live server (half of those whose path names a resource name one that exists), and checks
each answer with its status-code conformance and not-a-server-error checks. All failures are collected, so a
failing run lists every undocumented status at once.
"""

import time

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from tests.api.fuzzing import send_generated
from tests.conftest import token_client

EXAMPLES_PER_OPERATION_AND_MODE = 3
CHECKS = [not_a_server_error, status_code_conformance]


def exercise(operation, mode: GenerationMode, base_url: str, headers: dict, scenario, failures: list) -> int:
    def send(case):
        response = case.call(base_url=base_url, headers=headers, timeout=60)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Exception as failure:  # every check's failure is collected, not only the first
            failures.append(
                f"{operation.method.upper()} {operation.path} ({mode.value}) -> "
                f"{response.status_code}: {failure}"[:400]
            )

    return send_generated(
        operation, mode, scenario, send, examples=EXAMPLES_PER_OPERATION_AND_MODE, shrink=False
    )


def modes_for(operation) -> tuple[GenerationMode, ...]:
    """Malformed requests only where a query or a body can carry them: hypothesis spends long minutes
    looking for a malformed path segment that still travels in a URL (the in-process fuzz covers those)."""
    raw = operation.definition.raw
    has_query = any(parameter.get("in") == "query" for parameter in raw.get("parameters", []))
    if has_query or "requestBody" in raw:
        return (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    return (GenerationMode.POSITIVE,)


@pytest.mark.django_db(transaction=True)
def test_every_status_the_live_api_answers_is_documented(live_server, mast, users, world):
    headers = {"Authorization": token_client(users["curator"])._credentials["HTTP_AUTHORIZATION"]}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json", headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures: list[str] = []
    started = time.monotonic()
    sent = sum(
        exercise(operation, mode, live_server.url, headers, world, failures)
        for operation in operations
        for mode in modes_for(operation)
    )
    print(
        f"\nschemathesis over HTTP: {sent} requests over {len(operations)} operations "
        f"in {time.monotonic() - started:.0f} s"
    )
    assert len(operations) >= 35
    assert sent >= 3 * len(operations)
    assert failures == []

"""Generated requests for one OpenAPI operation (schemathesis + hypothesis), shared by the in-process fuzz of
the API and the live-server status-code conformance test."""

from collections.abc import Callable

from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode


def send_generated(
    operation, mode: GenerationMode, scenario, send: Callable, *, examples: int, shrink: bool
) -> int:
    """Call `send(case)` for up to `examples` generated requests of `mode` to `operation`; half of those whose
    path names a resource name one of `scenario` that exists. The number of requests sent."""
    sent = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate, Phase.shrink] if shrink else [Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case, data):
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
        send(case)

    try:
        run()
    except Unsatisfiable:
        # Some parameters leave no malformed value that can travel in a URL (e.g. a path segment pattern).
        if mode != GenerationMode.NEGATIVE:
            raise
    except Exception as exc:
        exc.add_note(f"operation: {operation.method.upper()} {operation.path} ({mode.value})")
        raise
    return sent

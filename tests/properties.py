"""Hypothesis settings shared by the property tests that write the test database."""

from hypothesis import HealthCheck, settings


def db_property_settings(max_examples: int, **more) -> settings:
    """Settings for a property test over the database: the same examples on every run (a failure in CI is
    one a developer replays), no deadline (the time of a query is not the property under test), and
    function-scoped fixtures allowed, the tests giving each example rows of its own (fresh MatchIDs, fields,
    campaigns)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        **more,
    )

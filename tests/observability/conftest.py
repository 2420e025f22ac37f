"""Helpers for the metrics and log tests."""

from prometheus_client.parser import text_string_to_metric_families

from tests.ingest.conftest import via_broker  # noqa: F401 (the ingest tests' fixture, used here too)


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of a Prometheus text page (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return found.value
    return 0.0

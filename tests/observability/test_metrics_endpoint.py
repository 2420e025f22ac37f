"""/metrics: Prometheus text for the operators' scraper, refused to everyone else (sign-in is not enough)."""

import pytest
from django.test import Client

from tests.observability.conftest import sample

OUTSIDE = "203.0.113.5"


@pytest.fixture
def scraper():
    return Client()


def test_loopback_scrapes_request_counts_by_view(scraper, db):
    before = sample(
        scraper.get("/metrics").content.decode(),
        "django_http_responses_total_by_status_view_method_total",
        view="healthz",
        method="GET",
        status="200",
    )
    assert scraper.get("/healthz").status_code == 200
    page = scraper.get("/metrics")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/plain")
    after = sample(
        page.content.decode(),
        "django_http_responses_total_by_status_view_method_total",
        view="healthz",
        method="GET",
        status="200",
    )
    assert after == before + 1


def test_an_outside_address_is_refused_even_when_signed_in(scraper, curator):
    scraper.force_login(curator)
    response = scraper.get("/metrics", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 403
    assert b"django_http" not in response.content


def test_the_token_opens_metrics_to_any_address(scraper, settings, db):
    settings.HCVVET_METRICS_TOKEN = "scrape-secret"
    assert (
        scraper.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer scrape-secret").status_code
        == 200
    )
    assert (
        scraper.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer scrape-secreT").status_code
        == 403
    )
    assert scraper.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer ").status_code == 403
    assert scraper.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="scrape-secret").status_code == 403


def test_behind_a_trusted_proxy_the_forwarded_client_is_the_one_checked(scraper, settings, db):
    settings.HCVVET_TRUSTED_PROXIES = ["10.0.0.2"]
    settings.HCVVET_METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert scraper.get("/metrics", HTTP_X_FORWARDED_FOR=OUTSIDE, **via_proxy).status_code == 403
    assert scraper.get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3", **via_proxy).status_code == 200

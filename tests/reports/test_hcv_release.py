"""The HCV release an export cites is the deployment's one setting, `HCVVET_HCV_RELEASE`, read at export."""

import pytest
from django.test import override_settings
from django.urls import reverse

from hcvvet.reports import exports

pytestmark = pytest.mark.django_db
RELEASE = "HCV 2.0 (HSC v4)"


def _citation(browser, name: str, fmt: str) -> str:
    url = reverse("reports:download", args=[name, fmt])
    response = browser.get(url, {"campaign": "M31 pilot", "source": "labels"})
    assert response.status_code == 200, response.content[:300]
    return exports.read_table(response.content, fmt).meta["citation"]


@pytest.mark.parametrize("fmt", ["ecsv", "fits"])
def test_an_export_cites_the_release_the_deployment_names(browser, small_campaign, fmt):
    with override_settings(HCVVET_HCV_RELEASE=RELEASE):
        cited = _citation(browser, "artifact-fraction", fmt)
    assert f"release {RELEASE};" in cited


def test_a_cached_report_cites_the_release_of_the_moment(browser, small_campaign):
    first = _citation(browser, "autoclass-vs-expert", "ecsv")
    with override_settings(HCVVET_HCV_RELEASE=RELEASE):
        second = _citation(browser, "autoclass-vs-expert", "ecsv")
    assert RELEASE not in first
    assert f"release {RELEASE};" in second

"""The scatter reports draw what the notebook draws: MAD versus magnitude with the constant objects' locus
(cell 8, AutoClass 0 by default there), and the colour-magnitude diagram as blue magnitude against blue
minus red (cell 9)."""

import json

import numpy as np
import pytest
from django.urls import reverse

from hcvvet.catalog.models import Group
from tests.conftest import token_client
from tests.factories import CandidateFactory, FilterStatFactory

pytestmark = pytest.mark.django_db
HCV = {"source": "hcv"}
F475W = {"filter": "ACS_F475W"}


@pytest.fixture
def constants(small_campaign):
    """Two constant objects (AutoClass 0) beside the small campaign's candidates, with low MAD."""
    group = Group.objects.get(pk=1045904)
    objects = [CandidateFactory(group=group, auto_class=0, num_filters=2) for _ in range(2)]
    for i, candidate in enumerate(objects):
        for band, mag in (("ACS_F475W", 24.0 + i), ("ACS_F814W", 23.0 + i)):
            FilterStatFactory(candidate=candidate, filter=band, mean_mag=mag, mad=0.01, filter_det_flag=0)
    return objects


def _points(browser, name: str, **params) -> dict:
    response = browser.get(reverse("reports:download", args=[name, "json"]), {**HCV, **params})
    assert response.status_code == 200
    return json.loads(response.content)


def test_mad_versus_magnitude_shows_the_constant_objects_unless_autoclass_is_chosen(browser, constants):
    default = _points(browser, "mad-vs-magnitude", colour_by="auto", **F475W)
    assert sorted(default["classes"]) == [0, 0] + [1] * 6 + [2] * 2
    assert sorted(default["y"])[:2] == [0.01, 0.01]
    chosen = _points(browser, "mad-vs-magnitude", colour_by="auto", auto_class=["1", "2"], **F475W)
    assert 0 not in chosen["classes"]
    assert len(chosen["x"]) == 8
    # the other reports keep the candidates only
    crosstab = _points(browser, "autoclass-vs-expert")
    assert {row["auto_class"] for row in crosstab["rows"]} == {1, 2}
    sky = _points(browser, "sky", colour_by="auto")
    assert 0 not in sky["classes"]


def test_the_api_and_the_page_offer_the_same_default(browser, constants, viewer):
    response = token_client(viewer).get(
        reverse("api:report", args=["mad-vs-magnitude"]), {**HCV, **F475W, "colour_by": "auto"}
    )
    assert response.status_code == 200
    assert sorted(response.json()["classes"]) == [0, 0] + [1] * 6 + [2] * 2
    page = browser.get(reverse("reports:index"), HCV).content.decode()
    assert "MAD versus magnitude (constant objects too unless AutoClass is chosen)" in page
    assert "default: 1 and 2; for MAD versus magnitude 0, 1 and 2" in page


def test_the_colour_magnitude_diagram_is_blue_magnitude_against_blue_minus_red(browser, constants):
    points = _points(browser, "colour-magnitude", colour_by="auto", auto_class=["0", "1", "2"])
    assert (points["blue"], points["red"]) == ("ACS_F475W", "ACS_F814W")
    # small_campaign: F475W 22.0 + 0.1 i and F814W 21.5 + 0.1 i; constants: 24 + i and 23 + i
    blue = np.array([22.0 + 0.1 * i for i in range(8)] + [24.0, 25.0])
    red = np.array([21.5 + 0.1 * i for i in range(8)] + [23.0, 24.0])
    order = np.argsort(points["y"])
    np.testing.assert_allclose(np.array(points["y"])[order], np.sort(blue))
    np.testing.assert_allclose(np.array(points["x"])[order], (blue - red)[np.argsort(blue)])
    svg = browser.get(
        reverse("reports:download", args=["colour-magnitude", "svg"]), {**HCV, "colour_by": "auto"}
    ).content
    assert b"ACS_F475W - ACS_F814W MeanCorrMag [mag]" in svg
    assert b"ACS_F475W MeanCorrMag [mag]" in svg

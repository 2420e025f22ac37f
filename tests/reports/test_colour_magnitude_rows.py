"""The colour-magnitude report draws exactly the candidates with a magnitude and a MAD in both filters,
whatever other rows they have: the reference for any faster way of reading its rows."""

import numpy as np
import pytest

from hcvvet.catalog.models import FilterStat
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import report_build
from tests.factories import CandidateFactory, FilterStatFactory

pytestmark = pytest.mark.django_db
BLUE, RED = "ACS_F475W", "ACS_F814W"


def expected_points(label_of) -> tuple[list, list, list]:
    """(colour, blue magnitude, class) of every candidate with a magnitude and a MAD in both filters, in
    MatchID order, from the filter rows read one by one."""
    rows = {
        (r.candidate_id, r.filter): r
        for r in FilterStat.objects.filter(candidate__auto_class__gt=0, filter__in=[BLUE, RED])
        if r.mean_corr_mag is not None and r.mad is not None
    }
    pairs = sorted(m for m, band in rows if band == BLUE and (m, RED) in rows)
    colour = [rows[m, BLUE].mean_corr_mag - rows[m, RED].mean_corr_mag for m in pairs]
    return colour, [rows[m, BLUE].mean_corr_mag for m in pairs], [label_of(m) for m in pairs]


@pytest.fixture
def uneven_rows(small_campaign):
    """Besides the campaign's objects (both filters): a candidate in the blue filter only, one whose red row
    has no MAD, one with a third filter, and a constant object in both filters."""
    only_blue = CandidateFactory(auto_class=1, hcv_expert_class=2)
    FilterStatFactory(candidate=only_blue, filter=BLUE, mean_mag=20.0, mad=0.1)
    no_red_mad = CandidateFactory(auto_class=2, hcv_expert_class=4)
    FilterStatFactory(candidate=no_red_mad, filter=BLUE, mean_mag=21.0, mad=0.1)
    FilterStatFactory(candidate=no_red_mad, filter=RED, mean_mag=20.0, mad=None)
    three = CandidateFactory(auto_class=2, hcv_expert_class=1)
    for band, mag in ((BLUE, 23.5), (RED, 22.25), ("WFC3_F160W", 21.0)):
        FilterStatFactory(candidate=three, filter=band, mean_mag=mag, mad=0.2)
    constant = CandidateFactory(auto_class=0, hcv_expert_class=0)
    for band in (BLUE, RED):
        FilterStatFactory(candidate=constant, filter=band, mean_mag=19.0, mad=0.01)
    return small_campaign


def test_colour_magnitude_draws_exactly_the_candidates_measured_in_both_filters(uneven_rows):
    points = report_build("colour-magnitude", ReportFilters(blue=BLUE, red=RED)).statistic
    hcv = dict(FilterStat.objects.values_list("candidate_id", "candidate__hcv_expert_class"))
    colour, magnitude, classes = expected_points(hcv.__getitem__)
    assert len(colour) == 9  # 8 of the campaign fixture and the one in three filters
    np.testing.assert_array_equal(points.x, colour)
    np.testing.assert_array_equal(points.y, magnitude)
    np.testing.assert_array_equal(points.classes, classes)
    assert points.constant_stride == 1

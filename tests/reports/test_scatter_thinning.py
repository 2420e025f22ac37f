"""Scatter reports over the whole catalogue: every candidate is a point, constant objects (AutoClass 0) beyond
the cap are thinned to those whose MatchID k divides, and the figure says "1 in k"."""

import numpy as np
import pytest

from hcvvet.reports import figures, selectors
from hcvvet.reports.selectors import ReportFilters, thinning_stride
from hcvvet.reports.services import report_build, report_figure

from .db import load_table
from .synthetic import ValidationTable

pytestmark = pytest.mark.django_db

CAP = 200
N_CONSTANTS, N_CANDIDATES = 3000, 150
STRIDE = 17  # the smallest prime >= 3000 / 200
ALL_OBJECTS = {"auto_classes": (0, 1, 2), "colour_by": "auto"}
REPORTS = {
    "sky": ReportFilters(**ALL_OBJECTS),
    "mad-vs-magnitude": ReportFilters(**ALL_OBJECTS, filter_name="ACS_F475W"),
    "colour-magnitude": ReportFilters(**ALL_OBJECTS, blue="ACS_F475W", red="ACS_F814W"),
}


@pytest.fixture
def catalogue() -> ValidationTable:
    """Constant objects and candidates at random MatchIDs, each in ACS_F475W and ACS_F814W."""
    rng = np.random.default_rng(11)
    match_id = rng.choice(10**9, size=N_CONSTANTS + N_CANDIDATES, replace=False)
    auto = np.r_[np.zeros(N_CONSTANTS, dtype=int), rng.choice([1, 2], N_CANDIDATES)]
    table = ValidationTable(
        match_id=np.repeat(match_id, 2),
        auto_class=np.repeat(auto, 2),
        expert_class=np.zeros(2 * len(match_id), dtype=int),
        filter_det_flag=np.repeat(auto > 0, 2).astype(int),
        mad=10 ** rng.normal(-1.5, 0.3, 2 * len(match_id)),
    )
    load_table(table)
    return table


def test_the_stride_is_the_smallest_prime_that_brings_constants_to_the_cap():
    assert thinning_stride(200, 200) == 1
    assert thinning_stride(201, 200) == 2
    assert thinning_stride(3000, 200) == STRIDE
    assert thinning_stride(3_600_000, 100_000) == 37
    assert all(n / thinning_stride(n, 100) <= 100 for n in range(1, 5000, 7))


@pytest.mark.parametrize("name", REPORTS)
def test_above_the_cap_every_candidate_is_drawn_and_1_in_k_constants(name, catalogue, monkeypatch):
    monkeypatch.setattr(selectors, "SCATTER_CONSTANTS_CAP", CAP)
    result = report_build(name, REPORTS[name])
    points = result.statistic
    objects = catalogue.match_id[::2]
    constants = objects[catalogue.auto_class[::2] == 0]
    assert points.constant_stride == STRIDE
    assert int((points.classes > 0).sum()) == N_CANDIDATES
    shown = int((points.classes == 0).sum())
    assert shown == int((constants % STRIDE == 0).sum())
    assert CAP / 2 < shown <= 1.2 * CAP
    fig = report_figure(result)
    assert figures.caption(fig) == figures.thinning_note(STRIDE)
    assert f"1 in {STRIDE} constant objects" in figures.caption(fig)
    assert figures.thinning_note(STRIDE).encode() in figures.render(fig, "png")


@pytest.mark.parametrize("name", REPORTS)
def test_below_the_cap_nothing_is_thinned(name, catalogue):
    points = report_build(name, REPORTS[name]).statistic
    assert points.constant_stride == 1
    assert len(points.classes) == N_CONSTANTS + N_CANDIDATES
    assert figures.caption(report_figure(report_build(name, REPORTS[name]))) == ""

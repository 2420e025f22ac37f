import datetime as dt

import numpy as np
import pytest

from hcvvet.catalog.models import FilterStat
from hcvvet.reports import selectors
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import report_build
from hcvvet.reports.statistics import log_bins
from hcvvet.vetting.models import Label

pytestmark = pytest.mark.django_db


def counts(filters: ReportFilters) -> dict:
    rows = report_build("autoclass-vs-expert", filters).statistic.rows
    return {(r.auto_class, r.expert_class): r.count for r in rows if r.count}


def test_catalogue_source_counts_every_object_by_its_hcv_expert_class(small_campaign):
    assert counts(ReportFilters(source="hcv")) == {(1, 1): 3, (1, 4): 1, (2, 2): 2}


def test_labels_source_counts_hcvvet_outcomes(small_campaign):
    assert counts(ReportFilters(source="labels")) == {(1, 1): 1, (1, 4): 1, (2, 1): 1, (2, 2): 1}


def test_campaign_restricts_objects_and_labels_use_its_consensus(small_campaign):
    hcv = counts(ReportFilters(source="hcv", campaign="M31 pilot"))
    assert hcv == {(1, 1): 1, (1, 4): 1, (2, 2): 2}
    small_campaign.campaign.items.filter(candidate=small_campaign.candidates[1]).update(consensus_class=2)
    consensus = counts(ReportFilters(source="labels", campaign="M31 pilot"))
    assert consensus == {(1, 1): 1, (1, 2): 1, (2, 1): 1, (2, 2): 1}


def test_group_filter_and_auto_class_narrow_the_objects(small_campaign):
    assert counts(ReportFilters(group_id=1072340)) == {(1, 1): 2}
    assert counts(ReportFilters(auto_classes=(2,))) == {(2, 2): 2}


def test_filter_narrows_rows_to_that_filter(small_campaign):
    edges = log_bins(29)
    assert sum(selectors.mad_bin_counts(ReportFilters(filter_name="ACS_F814W"), None, edges).values()) == 8
    assert sum(selectors.mad_bin_counts(ReportFilters(), None, edges).values()) == 16


def test_database_binning_matches_numpy_histogram_at_the_edges(small_campaign):
    edges = log_bins(29)
    # first edge, an inner edge, just below an inner edge, the closed last edge, below and above the range
    mads = [edges[0], edges[7], np.nextafter(edges[7], 0), edges[-1], 0.001, 2.5, edges[3], 0.3]
    rows = FilterStat.objects.filter(filter="ACS_F475W").order_by("candidate_id")
    for row, mad in zip(rows, mads, strict=True):
        FilterStat.objects.filter(pk=row.pk).update(mad=float(mad))
    counts = selectors.mad_bin_counts(ReportFilters(filter_name="ACS_F475W"), None, edges)
    got = np.zeros(29, dtype=int)
    for (mad_bin, _), n in counts.items():
        if mad_bin >= 0:  # -1: outside the edges
            got[mad_bin] += n
    np.testing.assert_array_equal(got, np.histogram(mads, bins=edges)[0])
    assert sum(n for (mad_bin, _), n in counts.items() if mad_bin < 0) == 2


def test_date_range_keeps_objects_voted_in_it(small_campaign):
    cora = small_campaign.experts[2]
    Label.objects.update(updated_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
    Label.objects.filter(expert=cora).update(updated_at=dt.datetime(2024, 1, 10, 12, tzinfo=dt.UTC))
    january = ReportFilters(
        source="labels",
        campaign="M31 pilot",
        labelled_from=dt.date(2024, 1, 1),
        labelled_to=dt.date(2024, 1, 10),
    )
    assert counts(january) == {(1, 1): 1, (2, 2): 1}
    agreement = report_build("agreement", january).statistic
    assert (agreement.n_votes, agreement.pairs) == (2, [])


def test_agreement_gives_kappa_per_pair_fleiss_and_accuracy_on_gold(small_campaign):
    agreement = report_build("agreement", ReportFilters(campaign="M31 pilot")).statistic
    kappas = {(p.rater_a, p.rater_b): (p.n_common, p.kappa) for p in agreement.pairs}
    assert kappas == {("ada", "bob"): (4, pytest.approx(0.4375 / 0.6875)), ("ada", "cora"): (2, 0.0),
                      ("bob", "cora"): (2, 0.0)}  # fmt: skip
    assert (agreement.n_votes, agreement.n_subjects) == (11, 5)
    assert agreement.fleiss_kappa is not None
    assert [(r.rater, r.n, r.n_correct) for r in agreement.accuracy] == [
        ("ada", 1, 1),
        ("bob", 1, 1),
        ("cora", 1, 1),
    ]


def test_colour_magnitude_pairs_the_bluest_and_reddest_filters(small_campaign):
    points = report_build("colour-magnitude", ReportFilters()).statistic
    assert points.axes == {"blue": "ACS_F475W", "red": "ACS_F814W"}
    np.testing.assert_allclose(points.x, 0.5)
    assert len(points.y) == 8

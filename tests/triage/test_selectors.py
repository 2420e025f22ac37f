"""The feature table read from the database: one row per candidate with a light curve, in three queries."""

import numpy as np
import pytest

from hcvvet.catalog.models import FilterStat, Measurement
from hcvvet.triage.selectors import candidate_feature_table
from hcvvet.triage.table import FEATURE_SET_VERSION, MODEL_FEATURES
from tests.factories import CandidateFactory, candidate_with_light_curve

pytestmark = pytest.mark.django_db


def _cosmic_ray_candidate():
    """A flat light curve with one epoch 0.6 mag brighter and far more concentrated."""
    candidate = candidate_with_light_curve(amplitude_mag=0.0, n_points=16, seed=11)
    hit = Measurement.objects.filter(candidate=candidate).order_by("mjd")[5]
    hit.corr_mag -= 0.6
    hit.ci = 0.6
    hit.save(update_fields=["corr_mag", "ci"])
    return candidate, hit


def test_every_candidate_with_a_light_curve_gets_one_row_in_three_queries(django_assert_num_queries):
    variable = candidate_with_light_curve(filters=("ACS_F814W", "ACS_F606W"), seed=3)
    cosmic, hit = _cosmic_ray_candidate()
    CandidateFactory()  # no light curve: no row
    with django_assert_num_queries(3):
        table = candidate_feature_table()
    assert table.version == FEATURE_SET_VERSION
    assert table.match_id.tolist() == sorted([variable.match_id, cosmic.match_id])
    assert table.matrix().shape == (2, len(MODEL_FEATURES))
    row = table.match_id.tolist().index(cosmic.match_id)
    assert table.columns["outlier_variance_share"][row] > 0.9
    assert table.columns["outlier_ci_jumps"][row] == 1.0
    assert table.columns["outlier_measurement_id"][row] == hit.pk
    assert table.columns["num_filters"].tolist()[1 - row] == 2


def test_lead_filter_is_the_one_furthest_over_its_threshold():
    candidate = candidate_with_light_curve(filters=("ACS_F814W", "ACS_F606W"), seed=4, auto_class=2)
    stats = {fs.filter: fs for fs in FilterStat.objects.filter(candidate=candidate)}
    for name, ratio, flag in (("ACS_F814W", 1.5, "AAAAA"), ("ACS_F606W", 4.0, "BAC-A")):
        stats[name].mad_threshold = stats[name].mad / ratio
        stats[name].var_qual_flag = flag
        stats[name].save(update_fields=["mad_threshold", "var_qual_flag"])
    table = candidate_feature_table()
    assert table.lead_filter.tolist() == ["ACS_F606W"]
    assert table.columns["mad_over_threshold"][0] == pytest.approx(4.0)
    assert table.columns["mad"][0] == pytest.approx(stats["ACS_F606W"].mad)
    ordinals = [
        table.columns[name][0] for name in ("vqf_ci", "vqf_d", "vqf_magerr", "vqf_aper_auto", "vqf_p2p")
    ]
    np.testing.assert_array_equal(ordinals, [1.0, 0.0, 2.0, np.nan, 0.0])
    assert table.columns["auto_class"][0] == 2
    assert table.columns["n_filters_flagged"][0] == 2


def test_rejected_epochs_leave_the_features_unless_asked_for():
    _, hit = _cosmic_ray_candidate()
    hit.rejected = True
    hit.save(update_fields=["rejected"])
    vetted = candidate_feature_table()
    raw = candidate_feature_table(include_rejected=True)
    assert vetted.columns["n_epochs"][0] == 15
    assert vetted.columns["outlier_variance_share"][0] < 0.5
    assert raw.columns["n_epochs"][0] == 16
    assert raw.columns["outlier_variance_share"][0] > 0.9


def test_no_light_curves_give_an_empty_table():
    CandidateFactory()
    table = candidate_feature_table()
    assert table.match_id.size == 0
    assert table.matrix().shape == (0, len(MODEL_FEATURES))

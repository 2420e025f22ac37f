"""The HCV statistics reproduce the real catalogue values of the M87 nova (MatchID 1905457, ACS_F606W)."""

import csv
from pathlib import Path

import numpy as np
import pytest

from hcvvet.catalog import stats
from hcvvet.catalog.thresholds import threshold_at

DATA = (
    Path(__file__).resolve().parents[2] / "hcvvet" / "sandbox" / "universe" / "data"
)  # a copy of shared/data


@pytest.fixture(scope="module")
def nova():
    with open(DATA / "hcv_detailed_1905457_ACS_F606W.csv") as handle:
        rows = list(csv.DictReader(handle))
    return {key: np.array([float(row[key]) for row in rows]) for key in ("MJD", "Mag", "CorrMag", "MagErr")}


def test_nova_statistics_match_the_catalogue_to_printed_precision(nova):
    result = stats.filter_statistics(nova["Mag"], nova["CorrMag"], nova["MagErr"])
    assert result.num_lc == 21
    assert f"{result.mean_mag:.3f}" == "24.504"
    assert f"{result.mean_corr_mag:.3f}" == "24.500"
    assert f"{result.mad:.4f}" == "0.4599"
    assert f"{result.chi2:.4f}" == "77.4307"


def test_mad_uses_corrected_magnitudes_not_raw(nova):
    assert f"{stats.mad(nova['Mag']):.4f}" == "0.4783"
    assert stats.mad(nova["CorrMag"]) != pytest.approx(stats.mad(nova["Mag"]), abs=1e-3)


def test_chi2_is_about_the_weighted_mean_not_the_median(nova):
    median = np.median(nova["CorrMag"])
    about_median = np.sum(((nova["CorrMag"] - median) / nova["MagErr"]) ** 2) / 20
    assert about_median == pytest.approx(154.9, abs=0.1)
    assert stats.reduced_chi2(nova["CorrMag"], nova["MagErr"]) == pytest.approx(77.4307, abs=1e-4)


def test_stored_statistics_agree_and_a_tampered_row_does_not(nova):
    computed = stats.filter_statistics(nova["Mag"], nova["CorrMag"], nova["MagErr"])
    catalogue = stats.FilterStatistics(21, 24.504, 24.500, 0.4599, 77.4307)
    assert stats.statistics_agree(catalogue, computed)
    assert not stats.statistics_agree(stats.FilterStatistics(21, 24.504, 24.500, 0.4999, 77.4307), computed)
    assert not stats.statistics_agree(stats.FilterStatistics(20, 24.504, 24.500, 0.4599, 77.4307), computed)


def test_chi2_of_a_single_point_is_undefined():
    assert np.isnan(stats.reduced_chi2([20.0], [0.01]))


def test_threshold_curve_rises_with_the_scatter_of_faint_stars():
    rng = np.random.default_rng(3)
    mag = rng.uniform(20, 26, 5000)
    mad_values = np.abs(rng.normal(0, 0.01 * 10 ** (0.3 * (mag - 20)), mag.size))
    centres, thresholds = stats.mad_threshold_curve(mag, mad_values)
    assert centres.size >= 10
    assert thresholds[-1] > 5 * thresholds[0]
    assert np.all(np.diff(thresholds) > 0)
    at = threshold_at([19.0, 23.0, 30.0], centres, thresholds)
    assert at[0] == pytest.approx(thresholds[0])
    assert at[2] == pytest.approx(thresholds[-1])
    assert thresholds[0] < at[1] < thresholds[-1]


def test_lomb_scargle_recovers_the_period_of_a_sampled_sinusoid():
    rng = np.random.default_rng(7)
    t = np.sort(rng.uniform(0, 30, 40))
    period = 0.688
    mag = 20 + 0.4 * np.sin(2 * np.pi * t / period) + rng.normal(0, 0.01, t.size)
    shortest, longest = stats.searchable_periods(t)
    result = stats.periodogram(
        t, mag, np.full(t.size, 0.01), min_period_days=shortest, max_period_days=longest
    )
    assert result.period_days == pytest.approx(period, rel=0.01)
    assert result.false_alarm_probability < 1e-6
    assert not result.peak_at_edge
    assert 0 < result.significant_power < result.power.max()
    phases = stats.phase(t, result.period_days)
    assert phases.min() >= 0
    assert phases.max() < 1


def test_exposures_within_an_hst_orbit_are_one_visit():
    # two exposures 0.02 d apart, then a chain of three at 0.05 d spacing: 2 visits, not 5
    assert stats.visit_times([10.0, 10.02, 11.0, 11.05, 11.10]).tolist() == pytest.approx([10.01, 11.05])
    assert stats.visit_times([]).size == 0


def test_the_periods_searched_are_those_the_visits_sample(nova):
    # the nova: 21 visits over 32.04 d, the closest two 0.80 d apart
    shortest, longest = stats.searchable_periods(nova["MJD"])
    assert shortest == pytest.approx(2 * 0.7993, abs=1e-3)
    assert longest == pytest.approx(32.0411 / 2, abs=1e-3)
    # a second exposure 0.03 d after the first is the same visit: it does not shrink the shortest period
    assert stats.searchable_periods(np.append(nova["MJD"], nova["MJD"][0] + 0.03)) == pytest.approx(
        (shortest, longest), abs=0.02
    )
    assert stats.searchable_periods([1.0, 2.0]) is None
    assert stats.searchable_periods([0.0, 1.0, 2.0]) is None  # evenly spaced: 2 d is also half the baseline


def test_the_false_alarm_probability_covers_the_range_searched(nova):
    rng = np.random.default_rng(3)
    noise = 22 + rng.normal(0, nova["MagErr"])
    narrow = stats.periodogram(nova["MJD"], noise, nova["MagErr"], min_period_days=8.0, max_period_days=16.0)
    wide = stats.periodogram(nova["MJD"], noise, nova["MagErr"], min_period_days=1.6, max_period_days=16.0)
    # the same peak is more likely from noise when more frequencies were searched
    if narrow.period_days == pytest.approx(wide.period_days):
        assert wide.false_alarm_probability > narrow.false_alarm_probability
    assert wide.significant_power > narrow.significant_power


def test_grouped_median_and_mad_equal_numpy_per_light_curve():
    rng = np.random.default_rng(11)
    keys = rng.integers(0, 40, 500)
    values = rng.normal(22, 0.3, 500)
    unique, counts, medians, mads = stats.grouped_median_and_mad(keys, values)
    assert unique.tolist() == sorted(set(keys.tolist()))
    for k, n, median, mad_value in zip(unique, counts, medians, mads, strict=True):
        mine = values[keys == k]
        assert n == mine.size
        assert median == pytest.approx(np.median(mine), abs=1e-12)
        assert mad_value == pytest.approx(stats.mad(mine), abs=1e-12)
    assert [a.size for a in stats.grouped_median_and_mad([], [])] == [0, 0, 0, 0]

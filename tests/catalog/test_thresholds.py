"""The one threshold of a field: on synthetic fields whose catalogue boundary is known, the estimator recovers
the boundary the catalogue applied from its flags; without flags it falls back to the constant stars' estimate
and says so."""

import numpy as np
import pytest

from hcvvet.catalog import stats, thresholds

GRID_MAG = np.linspace(19.5, 25.5, 61)


def locus_log_mad(mag):
    return -2.4 + 0.25 * (mag - 20)


def locus_sigma_dex(mag):
    return 0.10 + 0.01 * (mag - 19)


def synthetic_field(seed: int, k_sigmas, *, n_constants: int = 3000, n_variables: int = 600):
    """A field in one filter: constant stars on a MAD-magnitude locus, variables spread above it, flagged by a
    catalogue whose boundary is the locus plus `k_sigmas(mag)` of its sigmas, with a Chi2 cut of 3 and at
    least 5 points. Returns the rows and the boundary (MAD in mag) as a function of magnitude."""
    rng = np.random.default_rng(seed)
    mag = rng.uniform(19, 26, n_constants + n_variables)
    z = np.r_[rng.normal(0, 1, n_constants), rng.uniform(0, 10, n_variables)]
    mad = 10 ** (locus_log_mad(mag) + z * locus_sigma_dex(mag))
    chi2 = np.r_[rng.lognormal(0, 0.3, n_constants), rng.lognormal(np.log(8), 1.0, n_variables)]
    num_lc = rng.integers(4, 30, mag.size)

    def boundary(m):
        return 10 ** (locus_log_mad(m) + k_sigmas(m) * locus_sigma_dex(m))

    flagged = (mad > boundary(mag)) & (chi2 > 3) & (num_lc >= 5)
    auto_class = np.where(flagged | (np.arange(mag.size) >= n_constants), 1, 0)
    rows = {
        "mag": mag,
        "mad": mad,
        "flagged": flagged,
        "auto_class": auto_class,
        "chi2": chi2,
        "num_lc": num_lc,
        "var_qual_flag": np.full(mag.size, "AAAAA", dtype=object),
    }
    return rows, boundary


BOUNDARIES = {
    "three sigmas everywhere": lambda m: np.full(np.shape(m), 3.0),
    "rising from two to five sigmas": lambda m: 2.0 + 0.5 * (np.asarray(m) - 20),
    "a step at 22.5 mag": lambda m: np.where(np.asarray(m) < 22.5, 2.5, 4.0),
}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("shape", list(BOUNDARIES))
def test_the_catalogue_boundary_is_recovered_from_its_flags(shape, seed):
    rows, boundary = synthetic_field(seed, BOUNDARIES[shape])
    curve = thresholds.field_threshold(**rows)
    assert curve.source == thresholds.CATALOGUE
    assert curve.label == "catalogue boundary"
    assert curve.n_rows == 3600
    assert curve.n_flagged == int(rows["flagged"].sum())
    error_dex = np.abs(np.log10(curve.at(GRID_MAG) / boundary(GRID_MAG)))
    assert np.median(error_dex) < 0.04  # within 10 % typically
    assert np.quantile(error_dex, 0.9) < 0.11  # within 30 % almost everywhere
    # and the catalogue's own decisions follow it: rows that passed its other cuts are flagged when above
    could = (rows["chi2"] > 3) & (rows["num_lc"] >= 5)
    agree = (rows["mad"] > curve.at(rows["mag"])) == rows["flagged"]
    assert agree[could].mean() > 0.97


def test_hcvvets_constant_star_estimate_misses_that_boundary():
    """The old per-group threshold (median + 5 robust sigmas of every row) is not the catalogue's."""
    rows, boundary = synthetic_field(0, BOUNDARIES["three sigmas everywhere"])
    centres, values = stats.mad_threshold_curve(rows["mag"], rows["mad"])
    error_dex = np.abs(np.log10(thresholds.threshold_at(GRID_MAG, centres, values) / boundary(GRID_MAG)))
    assert np.median(error_dex) > 0.06


def test_a_field_without_flagged_rows_gets_the_constant_star_estimate_labelled_so():
    rows, _ = synthetic_field(3, BOUNDARIES["three sigmas everywhere"])
    rows["flagged"] = np.zeros(rows["mag"].size, dtype=bool)
    curve = thresholds.field_threshold(**rows)
    assert curve.source == thresholds.ESTIMATE
    assert curve.label == "estimate"
    constants = rows["auto_class"] == 0
    centres, values = stats.mad_threshold_curve(rows["mag"][constants], rows["mad"][constants])
    np.testing.assert_allclose(curve.centres, centres)
    np.testing.assert_allclose(curve.thresholds, values)


def test_flags_the_catalogue_could_not_have_decided_otherwise_give_the_estimate():
    """Every unflagged row failed another cut (too few points): the flags bound the boundary from one side
    only, so the field gets the estimate."""
    rows, _ = synthetic_field(4, BOUNDARIES["three sigmas everywhere"])
    rows["num_lc"] = np.where(rows["flagged"], 10, 4)
    assert thresholds.field_threshold(**rows).source == thresholds.ESTIMATE


def test_ungraded_rows_do_not_speak_against_the_boundary():
    """Ungraded rows (VarQualFlag -----, saturated in the HCV) were not searched: bright ones with a MAD above
    the boundary, a large Chi2 and no flag leave the boundary where it is; the same rows graded would be
    evidence that it lies higher there."""
    rows, boundary = synthetic_field(5, BOUNDARIES["three sigmas everywhere"])
    bright = np.flatnonzero((rows["mag"] < 21) & ~rows["flagged"])[::2]
    rows["mad"][bright] = 10 ** (
        locus_log_mad(rows["mag"][bright]) + 4.5 * locus_sigma_dex(rows["mag"][bright])
    )
    rows["chi2"][bright] = 100.0
    graded = thresholds.field_threshold(**rows)
    rows["var_qual_flag"][bright] = "-----"
    ungraded = thresholds.field_threshold(**rows)
    in_bright = GRID_MAG < 20.5

    def error_dex(curve):
        return np.abs(np.log10(curve.at(GRID_MAG) / boundary(GRID_MAG)))[in_bright]

    assert np.median(error_dex(ungraded)) < 0.04
    assert np.median(error_dex(graded)) > 0.1


def test_thresholds_are_interpolated_in_log_mad_and_held_flat_beyond_the_ends():
    at = thresholds.threshold_at([19.0, 20.0, 20.5, 21.0, 30.0, np.nan], [20.0, 21.0], [0.01, 0.1])
    np.testing.assert_allclose(at[:5], [0.01, 0.01, 10**-1.5, 0.1, 0.1])
    assert np.isnan(at[5])
    assert np.isnan(thresholds.threshold_at([20.0], [], [])).all()


def test_curves_by_filter_treat_each_filter_of_a_field_alone():
    blue, _ = synthetic_field(6, BOUNDARIES["three sigmas everywhere"])
    red, _ = synthetic_field(7, BOUNDARIES["three sigmas everywhere"])
    red["flagged"] = np.zeros(red["mag"].size, dtype=bool)
    columns = {
        name: np.r_[blue[name], red[name]]
        for name in ("mag", "mad", "auto_class", "chi2", "num_lc", "var_qual_flag")
    }
    curves = thresholds.curves_by_filter(
        filter=np.r_[["ACS_F475W"] * blue["mag"].size, ["ACS_F814W"] * red["mag"].size],
        filter_det_flag=np.r_[blue["flagged"], red["flagged"]].astype(int),
        **columns,
    )
    assert {band: curve.source for band, curve in curves.items()} == {
        "ACS_F475W": thresholds.CATALOGUE,
        "ACS_F814W": thresholds.ESTIMATE,
    }
    alone = thresholds.field_threshold(**blue)
    np.testing.assert_allclose(curves["ACS_F475W"].thresholds, alone.thresholds)

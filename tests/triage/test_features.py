"""Light-curve features on hand-made light curves: a cosmic ray, a clean sinusoid, a blend."""

import numpy as np
import pytest

from hcvvet.triage.features import light_curve_features
from hcvvet.triage.grouped import Groups

N_EPOCHS = 24
ERR = 0.02


def _curve(match_id, corr_mag, *, ci=None, d=None, filter_name="ACS_F606W", seed=0):
    """One light curve's measurement arrays with ordinary CI (0.9 mag) and D (3 mas) scatter."""
    rng = np.random.default_rng(seed)
    n = len(corr_mag)
    return {
        "candidate_id": np.full(n, match_id),
        "filter_name": np.full(n, filter_name),
        "mjd": 55000.0 + np.arange(n) * 1.7,
        "corr_mag": np.asarray(corr_mag, dtype=float),
        "mag_err": np.full(n, ERR),
        "ci": 0.9 + rng.normal(0, 0.02, n) if ci is None else np.asarray(ci, dtype=float),
        "d": np.abs(rng.normal(0, 3.0, n)) if d is None else np.asarray(d, dtype=float),
        "measurement_id": 1000 * seed + np.arange(n),
    }


def _cosmic_ray(match_id=1, seed=1):
    rng = np.random.default_rng(seed)
    arrays = _curve(match_id, 22.0 + rng.normal(0, ERR, N_EPOCHS), seed=seed)
    arrays["corr_mag"][7] -= 0.6  # a cosmic ray adds light on one exposure...
    arrays["ci"][7] -= 0.3  # ... and is far more concentrated than a star
    return arrays


def _sinusoid(match_id=2, seed=2):
    rng = np.random.default_rng(seed)
    phase = 2 * np.pi * np.arange(N_EPOCHS) / N_EPOCHS  # one cycle, well sampled
    return _curve(match_id, 21.0 + 0.3 * np.sin(phase) + rng.normal(0, ERR, N_EPOCHS), seed=seed)


def _blend(match_id=3, seed=3):
    """An unresolved neighbour that enters the aperture on one image of poor seeing: brighter, and the
    centroid pulled tens of mas towards it; CI as usual."""
    rng = np.random.default_rng(seed)
    arrays = _curve(match_id, 23.0 + rng.normal(0, ERR, N_EPOCHS), seed=seed)
    arrays["corr_mag"][15] -= 0.25
    arrays["d"][15] += 40.0
    return arrays


def _features(*curves):
    merged = {key: np.concatenate([c[key] for c in curves]) for key in curves[0]}
    return light_curve_features(**merged)


def test_cosmic_ray_epoch_carries_the_variance_and_ci_jumps_at_it():
    result = _features(_cosmic_ray())
    columns = {name: values[0] for name, values in result.columns.items()}
    assert columns["outlier_variance_share"] > 0.9
    assert columns["outlier_sigma"] < -20  # 0.6 mag brighter at 0.02 mag errors
    assert columns["outlier_ci_jumps"] == 1.0
    assert columns["outlier_ci_jump"] < -3
    assert columns["outlier_d_jumps"] == 0.0
    assert columns["outlier_mjd"] == pytest.approx(55000.0 + 7 * 1.7)
    assert columns["outlier_measurement_id"] == 1000 * 1 + 7
    assert columns["skewness"] < -3  # one epoch much brighter
    assert columns["stetson_k"] < 0.5  # one epoch carries the variability: far below Gaussian 0.80


def test_clean_sinusoid_shares_its_variance_and_is_smooth_in_time():
    columns = {name: values[0] for name, values in _features(_sinusoid()).columns.items()}
    assert columns["outlier_variance_share"] < 0.15
    # eta (successive differences over the variance) is small for smooth variability, about 2 for noise
    assert 1.0 / columns["inverse_von_neumann"] < 0.2
    assert columns["stetson_k"] > 0.8
    assert abs(columns["skewness"]) < 0.5
    assert columns["outlier_ci_jumps"] == 0.0
    assert columns["outlier_d_jumps"] == 0.0
    assert columns["iqr"] == pytest.approx(np.subtract(*np.percentile(_sinusoid()["corr_mag"], [75, 25])))


def test_blend_epoch_moves_the_centroid_but_not_the_concentration():
    columns = {name: values[0] for name, values in _features(_blend()).columns.items()}
    assert columns["outlier_d_jumps"] == 1.0
    assert columns["outlier_d_jump"] > 3
    assert columns["outlier_ci_jumps"] == 0.0
    assert columns["mag_d_correlation"] < -0.5  # brighter where the centroid moves off


def test_white_noise_has_von_neumann_ratio_near_half():
    rng = np.random.default_rng(4)
    curves = [_curve(100 + i, 20.0 + rng.normal(0, ERR, 200), seed=i) for i in range(20)]
    inverse_eta = _features(*curves).columns["inverse_von_neumann"]
    assert np.median(inverse_eta) == pytest.approx(0.5, abs=0.05)


def test_curves_are_grouped_by_candidate_and_filter_whatever_the_row_order():
    together = [_cosmic_ray(5), _sinusoid(5), _blend(9)]
    together[1]["filter_name"] = np.full(N_EPOCHS, "WFC3_F814W")
    merged = {key: np.concatenate([c[key] for c in together]) for key in together[0]}
    shuffle = np.random.default_rng(5).permutation(merged["corr_mag"].size)
    result = light_curve_features(**{key: values[shuffle] for key, values in merged.items()})
    assert result.candidate_id.tolist() == [5, 5, 9]
    assert result.filter_name.tolist() == ["ACS_F606W", "WFC3_F814W", "ACS_F606W"]
    alone = [_features(curve) for curve in together]
    for row, single in enumerate(alone):
        for name, values in single.columns.items():
            assert result.columns[name][row] == pytest.approx(values[0], nan_ok=True), name


def test_unusable_measurements_are_left_out_and_missing_ci_gives_no_jump():
    arrays = _cosmic_ray()
    arrays["mag_err"][3] = 0.0
    arrays["corr_mag"][4] = np.nan
    arrays["ci"][:] = np.nan
    columns = light_curve_features(**arrays).columns
    assert columns["n_epochs"][0] == N_EPOCHS - 2
    assert np.isnan(columns["outlier_ci_jump"][0])
    assert columns["outlier_ci_jumps"][0] == 0.0
    assert columns["outlier_variance_share"][0] > 0.9


def test_grouped_quantiles_and_argmax_match_numpy_per_group():
    rng = np.random.default_rng(6)
    sizes = rng.integers(1, 9, 50)
    values = rng.normal(size=sizes.sum())
    values[rng.random(values.size) < 0.1] = np.nan
    new_group = np.zeros(values.size, dtype=bool)
    new_group[np.cumsum(sizes)[:-1]] = True
    groups = Groups.from_boundaries(new_group)
    pieces = np.split(values, np.cumsum(sizes)[:-1])
    for q in (0.25, 0.5, 0.75):
        expected = [np.nanquantile(p, q) if np.isfinite(p).any() else np.nan for p in pieces]
        np.testing.assert_allclose(groups.quantile(values, q), expected)
    finite = np.where(np.isnan(values), -np.inf, values)
    expected_argmax = [
        start + np.argmax(finite[start : start + n])
        for start, n in zip(groups.starts, groups.counts, strict=True)
    ]
    assert values[groups.argmax(values)] == pytest.approx(values[expected_argmax], nan_ok=True)


def _two_filters(match_id, first, second, *, seed):
    """Two light curves of one object taken in the same visits (one HLA image per filter and visit)."""
    curves = []
    for band, mags in (("ACS_F606W", first), ("ACS_F814W", second)):
        arrays = _curve(match_id, mags, filter_name=band, seed=seed)
        arrays["image"] = np.array(
            [f"hst_10500_{k:02d}_acs_wfc_{band[-5:].lower()}" for k in range(len(mags))], dtype="S64"
        )
        curves.append(arrays)
    return curves


def test_a_real_variable_varies_in_both_filters_of_a_visit_and_a_cosmic_ray_in_one():
    rng = np.random.default_rng(7)
    phase = 2 * np.pi * np.arange(N_EPOCHS) / 5.3
    variable = _two_filters(
        1, 21.0 + 0.3 * np.sin(phase) + rng.normal(0, ERR, N_EPOCHS), 20.5 + 0.2 * np.sin(phase), seed=1
    )
    hit = 22.0 + rng.normal(0, ERR, N_EPOCHS)
    hit[9] -= 0.6
    cosmic_ray = _two_filters(2, hit, 22.0 + rng.normal(0, ERR, N_EPOCHS), seed=2)
    result = _features(*variable, *cosmic_ray)
    keys = zip(result.candidate_id.tolist(), result.filter_name.tolist(), strict=True)
    rows = {key: row for row, key in enumerate(keys)}
    agreement, visit_sigma = result.columns["visit_agreement"], result.columns["outlier_visit_sigma"]
    assert agreement[rows[(1, "ACS_F606W")]] > 0.9
    assert visit_sigma[rows[(1, "ACS_F606W")]] > 5  # the other filter moved the same way, by 10 MagErr
    assert abs(agreement[rows[(2, "ACS_F606W")]]) < 0.5
    assert abs(visit_sigma[rows[(2, "ACS_F606W")]]) < 3  # the other filter's image of that visit is clean


def test_a_cosmic_ray_epoch_is_bright_and_sharp_a_blend_epoch_is_not():
    cosmic = _features(_cosmic_ray()).columns["sharp_bright_epochs"][0]
    blend = _features(_blend()).columns["sharp_bright_epochs"][0]
    assert (cosmic, blend) == (1.0, 0.0)


def test_one_filter_alone_has_no_visit_agreement():
    columns = _features(_sinusoid()).columns
    assert np.isnan(columns["visit_agreement"][0])
    assert np.isnan(columns["outlier_visit_sigma"][0])

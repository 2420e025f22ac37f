"""The "same images" test: candidates whose most deviant epoch falls on one image (a bad image) count each
other; a jump on an image of its own counts none."""

import numpy as np
import pytest

from hcvvet.triage.features import light_curve_features
from hcvvet.triage.table import feature_table

N_EPOCHS = 10


def _curve(match_id, *, jump_at, images, seed):
    rng = np.random.default_rng(seed)
    mags = 22.0 + rng.normal(0, 0.01, N_EPOCHS)
    mags[jump_at] -= 0.5  # 50 MagErr brighter
    return {
        "candidate_id": np.full(N_EPOCHS, match_id),
        "filter_name": np.full(N_EPOCHS, "ACS_F814W"),
        "mjd": 55000.0 + np.arange(N_EPOCHS),
        "corr_mag": mags,
        "mag_err": np.full(N_EPOCHS, 0.01),
        "ci": np.full(N_EPOCHS, 0.9),
        "d": np.full(N_EPOCHS, 3.0),
        "image": np.array(images, dtype="S64"),
    }


def _table(curves):
    merged = {key: np.concatenate([c[key] for c in curves]) for key in curves[0]}
    ids = sorted({int(c["candidate_id"][0]) for c in curves})
    n = len(ids)
    return feature_table(
        light_curves=light_curve_features(**merged),
        filter_rows={
            "candidate_id": np.array(ids),
            "filter_name": np.full(n, "ACS_F814W"),
            "mad": np.full(n, 0.05),
            "mad_threshold": np.full(n, 0.02),
            "chi2": np.full(n, 10.0),
            "num_lc": np.full(n, N_EPOCHS),
            "mean_corr_mag": np.full(n, 22.0),
            "var_qual_flag": np.full(n, "AAAAA"),
            "filter_det_flag": np.ones(n),
        },
        candidates={"match_id": np.array(ids), "auto_class": np.ones(n), "num_filters": np.ones(n)},
    )


def test_sources_that_jump_on_one_image_count_each_other():
    shared = [f"hst_10001_{i:02d}_acs_wfc_f814w" for i in range(N_EPOCHS)]
    own = [f"hst_20002_{i:02d}_acs_wfc_f814w" for i in range(N_EPOCHS)]
    curves = [_curve(m, jump_at=4, images=shared, seed=m) for m in (11, 12, 13)]
    curves.append(_curve(14, jump_at=6, images=shared, seed=14))  # same images, jumps on another one
    curves.append(_curve(15, jump_at=4, images=own, seed=15))  # jumps on an image of another visit
    table = _table(curves)
    counts = dict(zip(table.match_id.tolist(), table.columns["same_image_outliers"].tolist(), strict=True))
    assert counts == {11: 2.0, 12: 2.0, 13: 2.0, 14: 0.0, 15: 0.0}
    shares = dict(zip(table.match_id.tolist(), table.columns["same_image_outlier_share"], strict=True))
    assert shares[11] == pytest.approx(2 / 3)  # 2 of the 3 other sources measured on that image
    assert shares[14] == 0.0
    assert np.isnan(shares[15])  # no other source measured on it


def test_unnamed_images_count_nothing():
    curves = [_curve(m, jump_at=4, images=[""] * N_EPOCHS, seed=m) for m in (21, 22)]
    table = _table(curves)
    assert table.columns["same_image_outliers"].tolist() == [0.0, 0.0]


def _offset_curve(match_id, *, offsets, images, seed):
    """A flat light curve (0.01 mag errors, 0.002 mag scatter) shifted by `offsets` (mag, one per epoch)."""
    arrays = _curve(match_id, jump_at=[], images=images, seed=seed)
    scatter = 0.002 * np.random.default_rng(seed).standard_normal(N_EPOCHS)
    arrays["corr_mag"] = 22.0 + scatter + np.asarray(offsets, dtype=float)
    return arrays


def test_a_bad_image_shifts_its_sources_alike_and_they_match_each_other():
    shared = [f"hst_10001_{i:02d}_acs_wfc_f814w" for i in range(N_EPOCHS)]
    bad = np.zeros(N_EPOCHS)
    bad[[2, 5, 7]] = [0.2, -0.15, 0.3]  # three badly calibrated images, nearly the same shift for all
    strip = [
        _offset_curve(m, offsets=bad * (1 + 0.05 * k), images=shared, seed=m) for k, m in enumerate((1, 2, 3))
    ]
    variable = np.zeros(N_EPOCHS)
    variable[[2, 5, 7]] = [-0.6, 0.5, 0.08]  # a real variable: its own offsets on the same images
    table = _table([*strip, _offset_curve(4, offsets=variable, images=shared, seed=4)])
    matched = dict(zip(table.match_id.tolist(), table.columns["matched_jumps"].tolist(), strict=True))
    share = dict(zip(table.match_id.tolist(), table.columns["matched_jump_share"].tolist(), strict=True))
    assert matched == {1: 2.0, 2: 2.0, 3: 2.0, 4: 0.0}  # each strip source jumps with the two others
    # on the image shifted by +0.3 the variable jumps the same way (+0.08) but by another amount
    assert share[1] == pytest.approx(6 / 7)
    assert share[4] == 0.0  # other sources jump the same way on its images, never by its amount


def test_sources_that_follow_their_images_correlate_with_the_other_sources_there():
    """Four sources in a badly calibrated strip, shifted the same way on three images, and a variable of its
    own measured on the same images: the strip sources follow the mean offset of the others on each image,
    the variable does not."""
    shared = [f"hst_10001_{i:02d}_acs_wfc_f814w" for i in range(N_EPOCHS)]
    bad = np.zeros(N_EPOCHS)
    bad[[2, 5, 7]] = [0.2, 0.12, 0.25]
    strip = [
        _offset_curve(m, offsets=bad * (1 + 0.1 * k), images=shared, seed=m)
        for k, m in enumerate(range(1, 5))
    ]
    variable = 0.3 * np.sin(2 * np.pi * np.arange(N_EPOCHS) / 3.7)
    table = _table([*strip, _offset_curve(5, offsets=variable, images=shared, seed=5)])
    correlation = dict(
        zip(table.match_id.tolist(), table.columns["image_offset_correlation"].tolist(), strict=True)
    )
    assert min(correlation[m] for m in range(1, 5)) > 0.7
    assert abs(correlation[5]) < 0.5


def test_image_offset_correlation_needs_images_shared_with_others():
    own = [f"hst_20002_{i:02d}_acs_wfc_f814w" for i in range(N_EPOCHS)]
    table = _table([_curve(31, jump_at=4, images=own, seed=31)])
    assert np.isnan(table.columns["image_offset_correlation"][0])

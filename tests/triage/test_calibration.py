"""Isotonic calibration and the classifier metrics against hand counts."""

import numpy as np
import pytest

from hcvvet.triage.calibration import brier_score, calibration_error, fit_isotonic, roc_auc


def test_roc_auc_counts_pairs_with_ties_as_half():
    labels = np.array([0, 0, 1, 1, 0, 1])
    scores = np.array([0.1, 0.4, 0.4, 0.8, 0.9, 0.35])
    positives, negatives = scores[labels == 1], scores[labels == 0]
    pairs = [(p > n) + 0.5 * (p == n) for p in positives for n in negatives]
    assert roc_auc(labels=labels, scores=scores) == pytest.approx(np.mean(pairs))
    assert np.isnan(roc_auc(labels=[1, 1], scores=[0.2, 0.3]))


def test_isotonic_calibrator_is_monotone_and_pools_violations():
    calibrator = fit_isotonic(raw_scores=[-2, -1, 0, 1, 2, 3], labels=[0, 1, 0, 1, 1, 1])
    # (-1 -> 1, 0 -> 0) violate the order and pool to 0.5 each
    np.testing.assert_allclose(calibrator([-2, -1, 0, 1, 3, 10]), [0, 0.5, 0.5, 1, 1, 1])
    assert calibrator([-0.5])[0] == pytest.approx(0.5)


def test_isotonic_calibration_repairs_a_miscalibrated_score():
    rng = np.random.default_rng(0)
    truth = rng.random(20_000)
    labels = rng.random(truth.size) < truth
    raw = np.log(truth / (1 - truth)) * 3 + 1  # right order, wrong scale
    calibrated = fit_isotonic(raw_scores=raw[:10_000], labels=labels[:10_000])(raw[10_000:])
    assert calibration_error(labels=labels[10_000:], probabilities=calibrated) < 0.02
    assert calibration_error(labels=labels[10_000:], probabilities=1 / (1 + np.exp(-raw[10_000:]))) > 0.1


def test_brier_and_calibration_error_by_hand():
    assert brier_score(labels=[1, 0], probabilities=[0.8, 0.4]) == pytest.approx((0.04 + 0.16) / 2)
    # bin [0.2, 0.3): p 0.25 twice, one positive -> gap 0.25; bin [0.9, 1]: p 1.0, positive -> 0
    labels, probabilities = [1, 0, 1], [0.25, 0.25, 1.0]
    assert calibration_error(labels=labels, probabilities=probabilities) == pytest.approx(2 / 3 * 0.25)

"""Isotonic calibration and the classifier metrics against hand counts."""

import warnings

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


def _pool_adjacent_violators(scores, labels):
    """Isotonic regression of 0/1 labels on scores, written out: one block per distinct score (its label
    sum and count) in score order, then, block by block, the last block merged with the one before while
    the one before has the higher mean. Score -> fitted probability."""
    ties = {}
    for score, label in zip(scores.tolist(), labels.tolist(), strict=True):
        total, count = ties.get(score, (0, 0))
        ties[score] = (total + label, count + 1)
    blocks = []  # [scores, label sum, count]
    for score in sorted(ties):
        blocks.append([[score], *ties[score]])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] > blocks[-1][1] / blocks[-1][2]:
            merged = blocks.pop()
            blocks[-1] = [blocks[-1][0] + merged[0], blocks[-1][1] + merged[1], blocks[-1][2] + merged[2]]
    return {score: total / count for members, total, count in blocks for score in members}


def test_isotonic_calibrator_weighs_tied_scores_by_their_number():
    """Heavily tied scores (a classifier that outputs few distinct values), unequal numbers per score: each
    distinct score's probability is the pool-adjacent-violators fit over every item, not over one mean per
    score."""
    rng = np.random.default_rng(11)
    scores = rng.choice([-3, -1, 0, 2, 5, 6, 9], size=150, p=[0.05, 0.3, 0.05, 0.25, 0.05, 0.2, 0.1])
    labels = (rng.random(scores.size) < 0.3 + 0.04 * scores).astype(int)
    expected = _pool_adjacent_violators(scores, labels)

    calibrator = fit_isotonic(raw_scores=scores, labels=labels)

    distinct = sorted(expected)
    np.testing.assert_allclose(calibrator(distinct), [expected[s] for s in distinct], rtol=1e-12)
    assert len(set(expected.values())) < len(distinct)  # some scores were pooled across their ties


@pytest.mark.parametrize(
    ("labels", "scores"),
    [
        ([0, 1, 0, 0, 0], [0.3, 0.3, 0.1, 0.7, 0.3]),  # one positive, tied with two negatives
        ([1, 1, 0, 1], [0.2, 0.6, 0.6, 0.9]),  # one negative, tied with a positive
        ([1, 0], [0.5, 0.5]),
    ],
)
def test_roc_auc_with_a_single_item_of_one_class_is_the_pair_count(labels, scores):
    y, s = np.array(labels), np.array(scores)
    pairs = [(p > n) + 0.5 * (p == n) for p in s[y == 1] for n in s[y == 0]]
    assert roc_auc(labels=labels, scores=scores) == pytest.approx(np.mean(pairs), abs=1e-12)


def test_roc_auc_of_a_single_class_is_nan_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(roc_auc(labels=[1, 1, 1], scores=[0.2, 0.3, 0.3]))
        assert np.isnan(roc_auc(labels=[0, 0], scores=[0.2, 0.3]))


def _expected_calibration_error(labels, probabilities, n_bins):
    """ECE written out: bin b holds the p with b / n_bins <= p < (b + 1) / n_bins, the last bin also p = 1;
    the sum over bins of (items in the bin / all items) |mean p - share of positives|."""
    pairs = list(zip(probabilities, labels, strict=True))
    total = 0.0
    for b in range(n_bins):
        low, high = b / n_bins, (b + 1) / n_bins
        inside = [(p, y) for p, y in pairs if low <= p < high or (b == n_bins - 1 and p == 1.0)]
        if inside:
            mean_p = sum(p for p, _ in inside) / len(inside)
            positives = sum(y for _, y in inside) / len(inside)
            total += len(inside) / len(pairs) * abs(mean_p - positives)
    return total


@pytest.mark.parametrize("n_bins", [None, 4, 7])
def test_calibration_error_is_the_binned_gap_written_out(n_bins):
    """Probabilities on the bin edges (multiples of 1/40, so of 1/4 and 1/10, 0 and 1 included) and between
    them; `None` is the default of ten bins."""
    rng = np.random.default_rng(12)
    probabilities = np.r_[rng.integers(0, 41, 120) / 40, rng.random(80)]
    # a model too low here, too high there: bins whose gaps differ in sign, which no merging of bins keeps
    labels = rng.random(probabilities.size) < np.clip(probabilities + 0.3 * np.sin(25 * probabilities), 0, 1)
    expected = _expected_calibration_error(labels.tolist(), probabilities.tolist(), n_bins or 10)
    bins = {} if n_bins is None else {"n_bins": n_bins}
    assert calibration_error(labels=labels, probabilities=probabilities, **bins) == pytest.approx(
        expected, rel=1e-12
    )


def test_calibration_error_puts_a_certain_prediction_in_the_top_bin():
    # bin [0.9, 1]: p 0.95 (positive) and 1.0 (negative): mean p 0.975, one positive in two -> gap 0.475;
    # bin [0.8, 0.9): p 0.85 (positive) alone -> gap 0.15 for a third of the items
    labels, probabilities = [1, 0, 1], [0.95, 1.0, 0.85]
    assert calibration_error(labels=labels, probabilities=probabilities) == pytest.approx(
        2 / 3 * 0.475 + 1 / 3 * 0.15
    )
    assert calibration_error(labels=[0], probabilities=[0.3]) == pytest.approx(0.3)

"""Prediction-powered inference from labels drawn with unequal, known inclusion probabilities (the
"uncertainty first, sampled" order): nominal coverage and no bias on a fixed population sampled over and over
as the queue samples it, and a narrower interval than a uniform sample of the same size gets."""

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

from hcvvet.triage.ppi import (
    inclusion_probabilities,
    probability_strata,
    sampled_prediction_powered_mean,
    sampling_weights,
)
from tests.triage.test_ppi import BINOMIAL_MARGIN, NOMINAL, REPETITIONS

POPULATION = 3000
LABELS = 200
AUDIT_SHARE = 0.1


def _population():
    """A fixed population (the catalogue), a fifth of it positive, and a model that ranks it well (ROC AUC
    about 0.95) but is miscalibrated: too sure of the many items near 0 and too high overall."""
    rng = np.random.default_rng(7)
    positive = rng.random(POPULATION) < 0.2
    score = rng.normal(size=POPULATION) + 2.3 * positive
    logit = np.log(0.2 / 0.8) + 2.3 * score - 2.3**2 / 2
    labels = (rng.random(POPULATION) < 1 / (1 + np.exp(-logit))).astype(float)
    predictions = 1 / (1 + np.exp(-(0.8 * logit + 0.3)))
    return labels, predictions


def _draws(repetitions, seed, *, inclusion=None, strata=None):
    """The estimate from each of `repetitions` queues: the first LABELS items in ascending u / w, fresh
    uniforms u each time (sequential Poisson sampling); `inclusion` overrides the items' probabilities."""
    labels, predictions = _population()
    weights = sampling_weights(predictions, AUDIT_SHARE)
    pi = inclusion_probabilities(weights, LABELS) if inclusion is None else inclusion
    rng = np.random.default_rng(seed)
    for _ in range(repetitions):
        labelled = np.argsort(rng.random(POPULATION) / weights)[:LABELS]
        yield sampled_prediction_powered_mean(
            predictions=predictions,
            labelled=labelled,
            labels=labels[labelled],
            inclusion=pi[labelled],
            strata=strata,
            confidence_level=NOMINAL,
        )


def _coverage(estimates) -> float:
    truth = _population()[0].mean()
    return float(np.mean([e.lower <= truth <= e.upper for e in estimates]))


def _strata(count):
    _, predictions = _population()
    return probability_strata(predictions, sampling_weights(predictions, AUDIT_SHARE), count)


def test_the_design_is_skewed_and_the_model_biased():
    """What the tests below rely on: labels go mostly to the uncertain items, and the model's mean alone
    misses the truth."""
    labels, predictions = _population()
    pi = inclusion_probabilities(sampling_weights(predictions, AUDIT_SHARE), LABELS)
    assert pi.sum() == pytest.approx(LABELS)
    assert pi.max() > 8 * pi.min()
    assert abs(predictions.mean() - labels.mean()) > 0.03


@pytest.mark.parametrize("strata", [None, 4])
def test_weighted_interval_covers_the_catalogue_truth_at_the_nominal_rate(strata):
    estimates = _draws(REPETITIONS, seed=1, strata=None if strata is None else _strata(strata))
    assert abs(_coverage(estimates) - NOMINAL) <= BINOMIAL_MARGIN


def _errors(**change) -> tuple[float, float]:
    """The mean error of the estimate over REPETITIONS queues, and its standard error."""
    labels, _ = _population()
    errors = np.array([e.estimate for e in _draws(REPETITIONS, seed=2, **change)]) - labels.mean()
    return errors.mean(), errors.std() / np.sqrt(errors.size)


def test_the_weighted_estimate_is_unbiased_under_a_skewed_design():
    bias, standard_error = _errors()
    assert abs(bias) <= 4 * standard_error
    assert standard_error < 0.0005  # a bias of 0.002 would show


def test_ignoring_the_inclusion_probabilities_biases_the_estimate_and_loses_the_coverage():
    """The same queues estimated as if every item had had the same chance: the estimate leans to the
    uncertain items the queue served first, as the tests above would see."""
    uniform = np.full(POPULATION, LABELS / POPULATION)
    bias, standard_error = _errors(inclusion=uniform)
    assert abs(bias) > 10 * standard_error
    assert _coverage(_draws(1000, seed=1, inclusion=uniform)) < 0.9


def test_drawing_where_the_model_is_unsure_narrows_the_interval():
    """Against the same number of labels drawn uniformly (audit share 1: every weight 1 / N)."""
    labels, predictions = _population()
    rng = np.random.default_rng(3)
    uniform_pi = inclusion_probabilities(sampling_weights(predictions, 1.0), LABELS)
    uniform = [
        sampled_prediction_powered_mean(
            predictions=predictions,
            labelled=(at := rng.choice(POPULATION, LABELS, replace=False)),
            labels=labels[at],
            inclusion=uniform_pi[at],
        ).half_width
        for _ in range(200)
    ]
    weighted = [e.half_width for e in _draws(200, seed=3)]
    assert np.mean(weighted) < 0.85 * np.mean(uniform)


def test_inclusion_probabilities_cap_at_one_and_sum_to_n():
    weights = np.array([0.5, 0.3, 0.1, 0.05, 0.05, 0.0])
    pi = inclusion_probabilities(weights, 3)
    # 0.5 and 0.3 would exceed 1 at 3 w: taken for sure, the third label spread over the rest by weight
    assert pi == pytest.approx([1.0, 1.0, 0.5, 0.25, 0.25, 0.0])
    assert sampling_weights(np.array([0.0, 1.0, 0.0, 1.0]), 0.1) == pytest.approx([0.25] * 4)
    assert sampling_weights(np.array([0.0]), 0.1) == pytest.approx([1.0])  # one item takes all the weight
    weights = sampling_weights(np.array([0.5, 0.1, 0.0, 0.9]), 0.2)
    # sqrt(P (1 - P)) = 0.5, 0.3, 0, 0.3 (sum 1.1) shares 0.8; a sure prediction keeps the uniform share only
    assert weights == pytest.approx(0.8 * np.array([0.5, 0.3, 0.0, 0.3]) / 1.1 + 0.2 / 4)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"inclusion": [0.1, 0.0, 0.2]}, r"\(0, 1\]"),
        ({"inclusion": [0.1, 1.5, 0.2]}, r"\(0, 1\]"),
        ({"labels": [1.0, 0.0]}, "equal length"),
        ({"strata": np.array([0, 0, 0, 1, 1])}, "fewer than three"),
        ({"labelled": [], "labels": [], "inclusion": []}, "fewer than three"),
    ],
)
def test_bad_sampled_input_is_refused(change, message):
    arguments = {
        "predictions": [0.1, 0.2, 0.3, 0.4, 0.5],
        "labelled": [0, 1, 3],
        "labels": [0.0, 1.0, 0.0],
        "inclusion": [0.5, 0.5, 0.5],
    }
    with pytest.raises(ValueError, match=message):
        sampled_prediction_powered_mean(**(arguments | change))


def _sampled_ppi_written_out(predictions, labelled, labels, inclusion, strata, level):
    """The estimate and interval of `sampled_prediction_powered_mean`'s docstring, the weighted least squares
    in closed form: in each stratum the line c + lambda f through the weighted means of f and y, slope the
    weighted covariance over the weighted variance of f, weights (1 - pi) / pi^2."""
    big_n = len(predictions)
    total = variance = 0.0
    for h in sorted(set(strata)):
        mine = [
            (predictions[i], y, p)
            for i, y, p in zip(labelled, labels, inclusion, strict=True)
            if strata[i] == h
        ]
        weight = [(1 - p) / p**2 for _, _, p in mine]
        f_mean = sum(w * f for w, (f, _, _) in zip(weight, mine, strict=True)) / sum(weight)
        y_mean = sum(w * y for w, (_, y, _) in zip(weight, mine, strict=True)) / sum(weight)
        slope = sum(w * (f - f_mean) * (y - y_mean) for w, (f, y, _) in zip(weight, mine, strict=True)) / sum(
            w * (f - f_mean) ** 2 for w, (f, _, _) in zip(weight, mine, strict=True)
        )
        intercept = y_mean - slope * f_mean
        error = [y - intercept - slope * f for f, y, _ in mine]
        total += sum(intercept + slope * f for f, s in zip(predictions, strata, strict=True) if s == h)
        total += sum(e / p for e, (_, _, p) in zip(error, mine, strict=True))
        k = len(mine)
        variance += k / (k - 2) * sum(w * e**2 for w, e in zip(weight, error, strict=True))
    estimate, half = total / big_n, norm.ppf(1 - (1 - level) / 2) * np.sqrt(variance) / big_n
    return estimate, estimate - half, estimate + half


@pytest.mark.parametrize("two_strata", [False, True])
def test_sampled_interval_is_the_formula_written_out(two_strata):
    """A handful of items: three labels in one stratum (the least allowed), one taken for sure (pi 1)."""
    rng = np.random.default_rng(21)
    predictions = rng.random(14)
    strata = [0] * 6 + [1] * 8 if two_strata else [0] * 14
    labelled = [0, 2, 5, 6, 9, 11, 13]
    labels = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    inclusion = [0.3, 1.0, 0.6, 0.25, 0.5, 0.8, 0.4]

    got = sampled_prediction_powered_mean(
        predictions=predictions,
        labelled=labelled,
        labels=labels,
        inclusion=inclusion,
        strata=np.array(strata) if two_strata else None,
        confidence_level=0.9,
    )

    expected = _sampled_ppi_written_out(predictions.tolist(), labelled, labels, inclusion, strata, 0.9)
    assert (got.estimate, got.lower, got.upper) == pytest.approx(expected, rel=1e-10)
    assert (got.confidence_level, got.n_labelled, got.n_unlabelled) == (0.9, 7, 7)


@pytest.mark.parametrize(
    ("weights", "n", "floor"),
    [
        ([500.0, 300.0, 200.0, 0.0], 1, 0.0),  # weights of any scale; one label
        ([4000.0, 300.0, 200.0, 100.0, 100.0, 50.0], 3, 0.0),  # the first capped at 1
        ([0.4, 0.3, 0.1, 0.1, 0.05, 0.05], 2, 0.2),  # the small ones raised to the floor
    ],
)
def test_inclusion_probabilities_solve_for_the_threshold(weights, n, floor):
    """pi = min(1, max(floor, t w)) summing to n, t found by Brent's method; items of weight 0 never drawn."""
    w = np.array(weights)
    positive = w > 0

    def served(t):
        return np.clip(t * w[positive], floor, 1.0)

    threshold = brentq(lambda t: served(t).sum() - n, 0.0, 1e3 / w[positive].min(), xtol=1e-300, rtol=1e-15)
    expected = np.zeros(w.size)
    expected[positive] = served(threshold)

    pi = inclusion_probabilities(w, n, floor=floor)

    np.testing.assert_allclose(pi, expected, rtol=1e-12, atol=1e-15)
    assert pi.sum() == pytest.approx(n, rel=1e-13)


def _strata_written_out(p_artifact, weights, count):
    """Items in increasing P, ties in item order; an item's stratum is count times the share of the weights
    up to and including it, rounded down, the last share (1) kept in the top stratum."""
    order = sorted(range(len(p_artifact)), key=lambda i: (p_artifact[i], i))
    total, running, strata = sum(weights), 0.0, [0] * len(p_artifact)
    for i in order:
        running += weights[i]
        strata[i] = min(int(running / total * count), count - 1)
    return strata


@pytest.mark.parametrize("scale", [1.0, 37.0])
def test_probability_strata_cut_the_weights_into_equal_shares(scale):
    """P on a coarse grid, so that many items tie (their order, the item order, must not hang on the sort
    numpy picks for the machine); the weights as `sampling_weights` gives them, or in any other unit."""
    rng = np.random.default_rng(22)
    p_artifact = rng.integers(0, 21, 600) / 20
    weights = sampling_weights(p_artifact, AUDIT_SHARE) * scale

    strata = probability_strata(p_artifact, weights, 5)

    np.testing.assert_array_equal(strata, _strata_written_out(p_artifact.tolist(), weights.tolist(), 5))
    share = np.bincount(strata, weights=weights, minlength=5) / weights.sum()
    np.testing.assert_allclose(share, 0.2, atol=weights.max() / weights.sum())


def test_probability_strata_weigh_a_heavy_last_item_in_full():
    # shares 1/8, 2/8, 3/8 and 1 of the weights: only the heaviest, highest-P item reaches the upper half
    assert probability_strata([0.4, 0.1, 0.3, 0.2], [5.0, 1.0, 1.0, 1.0], 2).tolist() == [1, 0, 0, 0]

"""Prediction-powered inference: nominal coverage on simulated data, and a narrower interval than the
labels-only one when the model is good."""

import numpy as np
import pytest
from scipy.stats import norm

from hcvvet.triage.ppi import labels_only_proportion, prediction_powered_mean

REPETITIONS = 4000
NOMINAL = 0.95
# Coverage over REPETITIONS independent intervals is binomial: four standard errors (0.014 here) keep this
# deterministic, seeded test meaningful for any seed, and within the 2 % tolerance asked of it.
BINOMIAL_MARGIN = 4.0 * np.sqrt(NOMINAL * (1 - NOMINAL) / REPETITIONS)
TOLERANCE = 0.02
TRUE_FRACTION = 1.0 / 3.0  # E[x^2] for x uniform on [0, 1]


def _population(rng, size):
    """Items whose label is 1 with probability x^2, and a model that is biased (too high for small x, too
    low for large x) but informative."""
    x = rng.random(size)
    labels = (rng.random(size) < x**2).astype(float)
    predictions = np.clip(0.15 + 0.7 * x**2 + rng.normal(0, 0.05, size), 0, 1)
    return labels, predictions


def _coverage(estimate_once, seed):
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(REPETITIONS):
        result = estimate_once(rng)
        hits += result.lower <= TRUE_FRACTION <= result.upper
    return hits / REPETITIONS


def _ppi_once(rng, *, power_tuned=False, n=200, big_n=3000):
    labels, labelled_predictions = _population(rng, n)
    _, unlabelled_predictions = _population(rng, big_n)
    return prediction_powered_mean(
        labels=labels,
        labelled_predictions=labelled_predictions,
        unlabelled_predictions=unlabelled_predictions,
        confidence_level=NOMINAL,
        power_tuned=power_tuned,
    )


def test_margin_is_within_the_tolerance():
    assert BINOMIAL_MARGIN <= TOLERANCE


@pytest.mark.parametrize("power_tuned", [False, True])
def test_prediction_powered_interval_covers_the_truth_at_the_nominal_rate(power_tuned):
    coverage = _coverage(lambda rng: _ppi_once(rng, power_tuned=power_tuned), seed=1)
    assert abs(coverage - NOMINAL) <= BINOMIAL_MARGIN


def test_the_biased_model_alone_misses_the_truth():
    rng = np.random.default_rng(2)
    _, predictions = _population(rng, 100_000)
    assert abs(predictions.mean() - TRUE_FRACTION) > 0.05  # so the correction does the work above


def test_wilson_interval_covers_near_the_nominal_rate():
    def wilson_once(rng):
        labels, _ = _population(rng, 200)
        return labels_only_proportion(labels=labels, confidence_level=NOMINAL)

    assert abs(_coverage(wilson_once, seed=3) - NOMINAL) <= BINOMIAL_MARGIN


def test_a_sharp_model_narrows_the_interval_against_labels_only():
    """Items that are almost surely one class or the other, and a model that knows which: the audit's
    residuals are small, so the interval is much narrower than Wilson's on the same labels."""
    rng = np.random.default_rng(4)
    x = rng.random(300 + 50_000)
    chance = np.where(x < 0.7, 0.02, 0.95)
    labels = (rng.random(300) < chance[:300]).astype(float)
    predictions = np.clip(chance + rng.normal(0, 0.02, x.size), 0, 1)
    ppi = prediction_powered_mean(
        labels=labels, labelled_predictions=predictions[:300], unlabelled_predictions=predictions[300:]
    )
    classical = labels_only_proportion(labels=labels)
    assert ppi.half_width < 0.6 * classical.half_width
    assert ppi.lower <= np.mean(chance[300:]) <= ppi.upper


def test_power_tuning_ignores_a_useless_model():
    rng = np.random.default_rng(5)
    labels, _ = _population(rng, 400)
    noise = rng.random(400 + 20_000)
    tuned = prediction_powered_mean(
        labels=labels, labelled_predictions=noise[:400], unlabelled_predictions=noise[400:], power_tuned=True
    )
    classical = labels_only_proportion(labels=labels)
    assert tuned.half_width == pytest.approx(classical.half_width, rel=0.1)
    assert tuned.estimate == pytest.approx(labels.mean(), abs=0.02)


def test_wilson_interval_is_closed_at_zero_and_one():
    # at 0 of 13 astropy's lower bound is 1.4e-17, at 20 of 20 its upper bound 1 - 1.1e-16
    none = labels_only_proportion(labels=np.zeros(13))
    every = labels_only_proportion(labels=np.ones(20))
    assert (none.estimate, none.lower) == (0.0, 0.0)
    assert 0.1 < none.upper < 0.25
    assert (every.estimate, every.upper) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": [1, 0], "labelled_predictions": [0.5], "unlabelled_predictions": [0.1, 0.2]}, "equal"),
        (
            {"labels": [1], "labelled_predictions": [0.5], "unlabelled_predictions": [0.1, 0.2]},
            "at least two",
        ),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        prediction_powered_mean(**kwargs)
    with pytest.raises(ValueError, match="0 or 1"):
        labels_only_proportion(labels=[0.5, 1])


@pytest.mark.parametrize(("k", "n", "level"), [(0, 7, 0.95), (3, 10, 0.95), (17, 40, 0.9), (40, 40, 0.99)])
def test_labels_only_interval_is_wilsons_and_says_what_it_rests_on(k, n, level):
    """Against the Wilson score interval written out (Wilson 1927), the label counts reported with it."""
    labels = np.r_[np.ones(k), np.zeros(n - k)]
    z = norm.ppf(0.5 + level / 2)
    centre = (k + z**2 / 2) / (n + z**2)
    half = z / (n + z**2) * np.sqrt(k * (n - k) / n + z**2 / 4)

    got = labels_only_proportion(labels=labels, confidence_level=level)

    assert (got.estimate, got.lower, got.upper) == pytest.approx(
        (k / n, centre - half, centre + half), abs=1e-12
    )
    assert 0.0 <= got.lower <= got.estimate <= got.upper <= 1.0
    assert (got.confidence_level, got.n_labelled, got.n_unlabelled) == (level, n, 0)


def _sample_variance(values):
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def _sample_covariance(xs, ys):
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def _ppi_written_out(labels, labelled, unlabelled, level, weight):
    """Angelopoulos et al. (2023) for a mean, the predictions weighted by lambda (1 for PPI): estimate
    lambda mean(f_U) + mean(Y - lambda f_L), standard error
    sqrt(lambda^2 var(f_U) / N + var(Y - lambda f_L) / n), the normal quantile either side."""
    n, big_n = len(labels), len(unlabelled)
    residual = [y - weight * f for y, f in zip(labels, labelled, strict=True)]
    estimate = weight * sum(unlabelled) / big_n + sum(residual) / n
    error = np.sqrt(weight**2 * _sample_variance(unlabelled) / big_n + _sample_variance(residual) / n)
    z = norm.ppf(1 - (1 - level) / 2)
    return estimate, estimate - z * error, estimate + z * error


LABELS = [1.0, 0.0, 1.0, 1.0, 0.0]
LABELLED_PREDICTIONS = [0.9, 0.3, 0.6, 0.4, 0.1]
UNLABELLED_PREDICTIONS = [0.2, 0.8, 0.7, 0.1, 0.5, 0.95]


@pytest.mark.parametrize(
    ("labels", "labelled", "unlabelled"),
    [(LABELS, LABELLED_PREDICTIONS, UNLABELLED_PREDICTIONS), ([1.0, 0.0], [0.7, 0.2], [0.4, 0.9])],
)
def test_prediction_powered_interval_is_the_ppi_formula(labels, labelled, unlabelled):
    """Few items, so that the unlabelled predictions' own variance counts; two of each is the least
    allowed."""
    got = prediction_powered_mean(
        labels=labels, labelled_predictions=labelled, unlabelled_predictions=unlabelled, confidence_level=0.9
    )
    expected = _ppi_written_out(labels, labelled, unlabelled, 0.9, weight=1.0)
    assert (got.estimate, got.lower, got.upper) == pytest.approx(expected, rel=1e-12)
    assert (got.confidence_level, got.n_labelled, got.n_unlabelled) == (0.9, len(labels), len(unlabelled))


def test_power_tuned_interval_is_the_ppi_plus_plus_formula():
    """lambda = cov(Y, f) / ((1 + n / N) var(f)) (Angelopoulos, Duchi and Zrnic 2023, for a mean), the
    covariance over the labelled items, the variance over every prediction."""
    n, big_n = len(LABELS), len(UNLABELLED_PREDICTIONS)
    weight = _sample_covariance(LABELS, LABELLED_PREDICTIONS) / (
        (1 + n / big_n) * _sample_variance(LABELLED_PREDICTIONS + UNLABELLED_PREDICTIONS)
    )
    assert 0.1 < weight < 0.9  # neither the plain PPI nor the labels alone

    got = prediction_powered_mean(
        labels=LABELS,
        labelled_predictions=LABELLED_PREDICTIONS,
        unlabelled_predictions=UNLABELLED_PREDICTIONS,
        power_tuned=True,
    )

    expected = _ppi_written_out(LABELS, LABELLED_PREDICTIONS, UNLABELLED_PREDICTIONS, 0.95, weight)
    assert (got.estimate, got.lower, got.upper) == pytest.approx(expected, rel=1e-12)


def test_power_tuning_with_constant_predictions_is_the_labels_mean():
    """A model that says the same for every item carries no information: the labels' mean and its normal
    interval."""
    got = prediction_powered_mean(
        labels=LABELS, labelled_predictions=[0.3] * 5, unlabelled_predictions=[0.3] * 4, power_tuned=True
    )
    expected = _ppi_written_out(LABELS, [0.0] * 5, [0.0] * 4, 0.95, weight=0.0)
    assert (got.estimate, got.lower, got.upper) == pytest.approx(expected, rel=1e-12)


def test_labels_only_interval_of_one_label_and_of_none():
    """One label: Wilson's interval (Wilson 1927) written out; none: refused, saying why."""
    z = norm.ppf(0.975)
    half = z / (1 + z**2) * np.sqrt(z**2 / 4)
    got = labels_only_proportion(labels=[1])
    assert (got.estimate, got.lower, got.upper) == pytest.approx(
        (1.0, (1 + z**2 / 2) / (1 + z**2) - half, 1.0)
    )
    with pytest.raises(ValueError, match="at least one label"):
        labels_only_proportion(labels=[])

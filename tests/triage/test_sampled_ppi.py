"""Prediction-powered inference from labels drawn with unequal, known inclusion probabilities (the
"uncertainty first, sampled" order): nominal coverage and no bias on a fixed population sampled over and over
as the queue samples it, and a narrower interval than a uniform sample of the same size gets."""

import numpy as np
import pytest

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
    weights = sampling_weights(np.array([0.5, 0.1, 0.0, 0.9]), 0.2)
    # sqrt(P (1 - P)) = 0.5, 0.3, 0, 0.3 (sum 1.1) shares 0.8; a sure prediction keeps the uniform share only
    assert weights == pytest.approx(0.8 * np.array([0.5, 0.3, 0.0, 0.3]) / 1.1 + 0.2 / 4)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"inclusion": [0.1, 0.0, 0.2]}, r"\(0, 1\]"),
        ({"labels": [1.0, 0.0]}, "equal length"),
        ({"strata": np.array([0, 0, 0, 1, 1])}, "fewer than three"),
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

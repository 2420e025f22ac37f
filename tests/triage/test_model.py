"""The artifact classifier on a synthetic feature table whose true artifact probability is known."""

import dataclasses

import numpy as np
import pytest

from hcvvet.triage.calibration import brier_score, calibration_error, roc_auc
from hcvvet.triage.model import Items, TrainingParameters, label_issues, train_artifact_model

NAMES = ("outlier_variance_share", "outlier_ci_jumps", "log_mad", "noise")
# small trees for a small table; the tolerances below are about twice the finite-sample gap to the true
# probabilities seen over several seeds of the table (0.015-0.02 in ROC AUC, 0.01 in Brier)
# (the labels are drawn from the probabilities, classes overlap: no label is an "issue", none is left out)
FAST = TrainingParameters(
    rounds=150, num_leaves=7, min_data_in_leaf=40, folds=4, seed=1, prune_label_issues=False
)
PRUNING = dataclasses.replace(FAST, prune_label_issues=True)


def _table(n, seed):
    """Features and labels: artifacts carry their variance in one epoch with a CI jump, at small MAD; the
    last feature is noise; a tenth of the CI flags are missing."""
    rng = np.random.default_rng(seed)
    share = rng.random(n)
    ci_jumps = (rng.random(n) < 0.3).astype(float)
    log_mad = rng.normal(-1.5, 0.5, n)
    logit = -2.5 + 4.0 * share + 2.0 * ci_jumps - 1.0 * (log_mad + 1.5)
    truth = 1 / (1 + np.exp(-logit))
    labels = (rng.random(n) < truth).astype(int)
    ci_jumps[rng.random(n) < 0.1] = np.nan
    features = np.column_stack([share, ci_jumps, log_mad, rng.normal(size=n)])
    return features, labels, truth


@pytest.fixture(scope="module")
def trained():
    features, labels, truth = _table(3000, seed=2)
    return train_artifact_model(Items.of(features, NAMES), labels, FAST), (
        labels,
        truth,
    )


def test_cross_validated_metrics_approach_the_true_probabilities(trained):
    result, (labels, truth) = trained
    best_auc = roc_auc(labels=labels, scores=truth)
    best_brier = brier_score(labels=labels, probabilities=truth)
    assert result.metrics.n_items == 3000
    assert result.metrics.n_artifacts == labels.sum()
    assert result.metrics.roc_auc > best_auc - 0.04
    assert result.metrics.brier < best_brier + 0.02
    assert result.metrics.calibration_error < 0.05


def test_model_generalises_to_new_candidates_with_calibrated_probabilities(trained):
    result, _ = trained
    features, labels, truth = _table(4000, seed=3)
    probability = result.model.artifact_probability(features)
    assert roc_auc(labels=labels, scores=probability) > roc_auc(labels=labels, scores=truth) - 0.04
    assert abs(probability.mean() - labels.mean()) < 0.03
    assert np.all((probability >= 0) & (probability <= 1))


def test_contributions_explain_the_raw_score_and_name_the_variance_share(trained):
    result, _ = trained
    one_epoch = np.array([[0.97, 1.0, -1.5, 0.0]])
    contributions = result.model.contributions(one_epoch)
    assert contributions.shape == (1, len(NAMES) + 1)
    raw = result.model.booster.predict(one_epoch, raw_score=True)
    assert contributions.sum() == pytest.approx(raw[0])
    assert NAMES[int(np.argmax(contributions[0, :-1]))] == "outlier_variance_share"
    assert result.model.library_versions["lightgbm"]


def test_shuffled_labels_give_a_chance_ranking():
    features, labels, _ = _table(1500, seed=5)
    shuffled = np.random.default_rng(6).permutation(labels)
    for parameters in (FAST, PRUNING):  # the labels left out are chosen without the held-out fold's
        result = train_artifact_model(Items.of(features, NAMES), shuffled, parameters)
        assert abs(result.metrics.roc_auc - 0.5) < 0.06


def test_training_is_reproducible_and_refuses_too_few_labels():
    features, labels, _ = _table(400, seed=4)
    first = train_artifact_model(Items.of(features, NAMES), labels, FAST)
    again = train_artifact_model(Items.of(features, NAMES), labels, FAST)
    assert first.metrics == again.metrics
    with pytest.raises(ValueError, match="at least 4"):
        train_artifact_model(Items.of(features[:5], NAMES), [0, 0, 0, 0, 1], FAST)
    with pytest.raises(ValueError, match="one column per feature"):
        Items.of(features, NAMES[:2])


def _flipped_table(n, seed):
    """Nearly separable classes (artifacts carry their variance in one epoch) whose labels a careless expert
    flipped: a quarter of the artifacts called real, a tenth of the real ones called artifacts."""
    rng = np.random.default_rng(seed)
    truth = rng.random(n) < 0.3
    share = np.where(truth, rng.beta(6, 2, n), rng.beta(2, 6, n))
    features = np.column_stack([share, rng.random(n) < 0.3, rng.normal(-1.5, 0.5, n), rng.normal(size=n)])
    flipped = np.where(truth, rng.random(n) < 0.25, rng.random(n) < 0.1)
    return features, truth ^ flipped, truth, flipped


def test_confident_learning_finds_flipped_labels():
    features, labels, _, flipped = _flipped_table(3000, seed=8)
    noisy = train_artifact_model(Items.of(features, NAMES), labels, FAST).out_of_fold_probability
    issues = label_issues(labels=labels, probabilities=noisy)
    assert issues.sum() > 0.5 * flipped.sum()
    assert np.mean(flipped[issues]) > 0.75  # most of what it leaves out was flipped (a fifth overall)


def test_leaving_label_issues_out_brings_probabilities_closer_to_the_truth():
    features, labels, _, _ = _flipped_table(3000, seed=9)
    new_features, _, new_truth, _ = _flipped_table(4000, seed=10)
    pruned = train_artifact_model(Items.of(features, NAMES), labels, PRUNING)
    kept_all = train_artifact_model(Items.of(features, NAMES), labels, FAST)
    assert pruned.metrics.n_label_issues > 0
    assert kept_all.metrics.n_label_issues == 0
    errors = [
        calibration_error(labels=new_truth, probabilities=result.model.artifact_probability(new_features))
        for result in (pruned, kept_all)
    ]
    assert errors[0] < 0.05 < errors[1]


def test_trusted_labels_are_never_left_out():
    features, labels, _, _ = _flipped_table(1000, seed=11)
    trusted = Items.of(features, NAMES, prunable=np.zeros(1000, dtype=bool))
    assert train_artifact_model(trusted, labels, PRUNING).metrics.n_label_issues == 0

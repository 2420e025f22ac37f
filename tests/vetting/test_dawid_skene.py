"""Dawid-Skene recovers planted rater confusion matrices from simulated votes, and keeps gold answers."""

import numpy as np
import pytest

from hcvvet.vetting.dawid_skene import dawid_skene

CLASSES = np.array([1, 2, 4])
PRIOR = np.array([0.4, 0.35, 0.25])
# rows: true class 1, 2, 4; columns: the class voted
PLANTED = np.array(
    [
        [[0.90, 0.08, 0.02], [0.10, 0.80, 0.10], [0.05, 0.10, 0.85]],
        [[0.70, 0.25, 0.05], [0.20, 0.70, 0.10], [0.10, 0.10, 0.80]],
        [[0.95, 0.04, 0.01], [0.05, 0.90, 0.05], [0.02, 0.03, 0.95]],
        [[0.60, 0.30, 0.10], [0.30, 0.60, 0.10], [0.10, 0.20, 0.70]],
        [[0.80, 0.10, 0.10], [0.15, 0.75, 0.10], [0.30, 0.10, 0.60]],
    ]
)


def _simulate(confusion, *, n_subjects, seed):
    """Every rater votes on every subject: (true class codes, subjects, raters, votes)."""
    rng = np.random.default_rng(seed)
    n_raters = confusion.shape[0]
    truth = rng.choice(CLASSES.size, n_subjects, p=PRIOR)
    subjects = np.repeat(np.arange(n_subjects), n_raters)
    raters = np.tile(np.arange(n_raters), n_subjects)
    draw = rng.random(subjects.size)[:, None]
    voted = (draw > np.cumsum(confusion[raters, truth[subjects]], axis=1)).sum(axis=1)
    return CLASSES[truth], subjects, raters, CLASSES[voted]


def _majority(subjects, votes, n_subjects):
    counts = np.zeros((n_subjects, CLASSES.size))
    np.add.at(counts, (subjects, np.searchsorted(CLASSES, votes)), 1)
    return CLASSES[np.argmax(counts, axis=1)]


def test_recovers_planted_confusion_matrices_and_beats_the_majority_vote():
    # 6000 subjects: the sampling error of the worst of the 45 cells is then about 0.03 (at 2000 it reaches
    # 0.06 for some seeds, which says nothing about the method)
    truth, subjects, raters, votes = _simulate(PLANTED, n_subjects=6000, seed=1)
    result = dawid_skene(subjects=subjects, raters=raters, votes=votes)
    assert result.converged
    assert result.classes.tolist() == CLASSES.tolist()
    assert result.classes.dtype.kind == "i"
    np.testing.assert_allclose(result.confusion, PLANTED, atol=0.05)
    np.testing.assert_allclose(result.class_prior, PRIOR, atol=0.02)
    np.testing.assert_allclose(result.posterior.sum(axis=1), 1.0)
    model_accuracy = np.mean(result.most_likely_class() == truth)
    majority_accuracy = np.mean(_majority(subjects, votes, truth.size) == truth)
    assert model_accuracy > majority_accuracy + 0.01


def test_gold_answers_are_kept_even_against_every_vote():
    _, subjects, raters, votes = _simulate(PLANTED, n_subjects=500, seed=2)
    votes[subjects == 0] = 1  # all five raters say 1 ...
    result = dawid_skene(
        subjects=subjects,
        raters=raters,
        votes=votes,
        gold_subjects=[0, 10_000],  # ... the gold answer says 4; a gold subject need not have votes
        gold_classes=[4, 2],
    )
    by_subject = dict(zip(result.subjects.tolist(), result.posterior.tolist(), strict=True))
    assert by_subject[0] == [0.0, 0.0, 1.0]
    assert by_subject[10_000] == [0.0, 1.0, 0.0]
    assert result.subjects.size == 501


def test_gold_subjects_anchor_raters_who_swap_two_classes():
    good = np.array([[0.85, 0.10, 0.05], [0.10, 0.85, 0.05], [0.05, 0.05, 0.90]])
    swapper = good[[1, 0, 2]]  # votes 2 for a true 1 and 1 for a true 2
    planted = np.stack([swapper, swapper, swapper, good, good])
    truth, subjects, raters, votes = _simulate(planted, n_subjects=2000, seed=3)
    without_gold = dawid_skene(subjects=subjects, raters=raters, votes=votes)
    assert np.mean(without_gold.most_likely_class() == truth) < 0.5  # the swappers' majority wins
    gold = np.random.default_rng(4).choice(truth.size, 100, replace=False)
    with_gold = dawid_skene(
        subjects=subjects, raters=raters, votes=votes, gold_subjects=gold, gold_classes=truth[gold]
    )
    assert np.mean(with_gold.most_likely_class() == truth) > 0.95
    np.testing.assert_allclose(with_gold.confusion, planted, atol=0.05)


def test_a_vote_outside_the_classes_is_refused():
    with pytest.raises(ValueError, match="not one of the classes"):
        dawid_skene(subjects=[1, 2], raters=[1, 1], votes=[1, 3], classes=[1, 2, 4])
    with pytest.raises(ValueError, match="given twice"):
        dawid_skene(subjects=[1, 2], raters=[1, 1], votes=[1, 2], gold_subjects=[1, 1], gold_classes=[1, 2])
    with pytest.raises(ValueError, match="equal length"):
        dawid_skene(subjects=[1, 2], raters=[1], votes=[1, 2])

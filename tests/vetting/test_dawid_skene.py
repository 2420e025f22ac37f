"""Dawid-Skene recovers planted rater confusion matrices from simulated votes, and keeps gold answers."""

import math

import numpy as np
import pytest
from scipy.special import logsumexp

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


# Dawid and Skene's EM written out over (subject, rater, voted class) triples, in dicts and loops: the fit's
# steps against these, one at a time and to convergence.


def _vote_shares(votes, classes):
    shares = {}
    for subject, _, voted in votes:
        shares.setdefault(subject, [0.0] * len(classes))[classes.index(voted)] += 1
    return {subject: [count / sum(row) for count in row] for subject, row in shares.items()}


def _confusion_by_hand(votes, posterior, raters, classes, smoothing=0.01):
    """M-step: rater -> [true class][voted class], the posterior-weighted vote counts plus `smoothing`."""
    k = len(classes)
    counts = {rater: [[smoothing] * k for _ in range(k)] for rater in raters}
    for subject, rater, voted in votes:
        for true in range(k):
            counts[rater][true][classes.index(voted)] += posterior[subject][true]
    return {rater: [[c / sum(row) for c in row] for row in table] for rater, table in counts.items()}


def _posterior_by_hand(votes, prior, confusion, subjects, classes):
    """E-step: prior times the product of each vote's probability, normalised (in logs: many votes)."""
    log = {subject: [math.log(p) for p in prior] for subject in subjects}
    for subject, rater, voted in votes:
        for true in range(len(classes)):
            log[subject][true] += math.log(confusion[rater][true][classes.index(voted)])
    return {subject: np.exp(np.array(row) - logsumexp(row)).tolist() for subject, row in log.items()}


def _prior_by_hand(posterior):
    return np.mean(list(posterior.values()), axis=0).tolist()


def _em_by_hand(votes, gold, iterations):
    """The posteriors after `iterations` EM steps (None: until no posterior moves by 1e-6 or more) and the
    number of steps taken. The start: each subject's vote shares, or with gold, the posteriors under the
    confusion matrices and class shares of the gold subjects alone."""
    classes = sorted({voted for _, _, voted in votes} | set(gold.values()))
    raters = sorted({rater for _, rater, _ in votes})
    subjects = sorted({subject for subject, _, _ in votes} | set(gold))
    one_hot = {subject: [float(c == known) for c in classes] for subject, known in gold.items()}
    if gold:
        anchored = _confusion_by_hand([v for v in votes if v[0] in gold], one_hot, raters, classes)
        posterior = _posterior_by_hand(votes, _prior_by_hand(one_hot), anchored, subjects, classes)
    else:
        posterior = _vote_shares(votes, classes)
    posterior |= one_hot
    steps = 0
    while iterations is None or steps < iterations:
        confusion = _confusion_by_hand(votes, posterior, raters, classes)
        updated = _posterior_by_hand(votes, _prior_by_hand(posterior), confusion, subjects, classes) | one_hot
        steps += 1
        moved = max(abs(a - b) for s in subjects for a, b in zip(updated[s], posterior[s], strict=True))
        posterior = updated
        if iterations is None and moved < 1e-6:
            break
    return posterior, _confusion_by_hand(votes, posterior, raters, classes), steps


# raters 10, 20, 30 over classes 1, 2, 4 (class 1 the most voted); subjects 3 and 6 have a single vote
VOTES = [
    (0, 10, 1), (0, 20, 1), (0, 30, 2),
    (1, 10, 2), (1, 20, 2), (1, 30, 2),
    (2, 10, 1), (2, 20, 4),
    (3, 30, 1),
    (4, 10, 4), (4, 20, 4), (4, 30, 1),
    (5, 10, 1), (5, 30, 1), (5, 20, 2),
    (6, 20, 2),
    (7, 10, 1), (7, 20, 1), (7, 30, 1),
]  # fmt: skip


def _fit(votes, gold=None, **options):
    gold = gold or {}
    subjects, raters, classes = (np.array(column) for column in zip(*votes, strict=True))
    return dawid_skene(
        subjects=subjects,
        raters=raters,
        votes=classes,
        gold_subjects=list(gold),
        gold_classes=list(gold.values()),
        **options,
    )


def _assert_fit_is(result, posterior, confusion):
    np.testing.assert_allclose(result.posterior, [posterior[s] for s in result.subjects.tolist()], atol=1e-12)
    np.testing.assert_allclose(result.confusion, [confusion[r] for r in result.raters.tolist()], atol=1e-12)
    np.testing.assert_allclose(result.class_prior, _prior_by_hand(posterior), atol=1e-12)


@pytest.mark.parametrize(
    "gold",
    [{}, {0: 1, 1: 2, 4: 4, 7: 1, 99: 2}],  # subject 99: gold without a vote
    ids=["vote shares", "gold"],
)
def test_one_em_step_from_the_start_is_the_hand_worked_one(gold):
    posterior, confusion, _ = _em_by_hand(VOTES, gold, iterations=1)

    result = _fit(VOTES, gold, max_iterations=1)

    _assert_fit_is(result, posterior, confusion)
    assert (result.iterations, result.converged) == (1, False)
    assert result.raters.tolist() == [10, 20, 30]


@pytest.mark.parametrize("gold", [{}, {0: 1, 1: 2, 4: 4}], ids=["vote shares", "gold"])
def test_em_runs_until_no_posterior_moves_by_the_tolerance(gold):
    posterior, confusion, steps = _em_by_hand(VOTES, gold, iterations=None)
    assert steps > 3

    result = _fit(VOTES, gold)

    _assert_fit_is(result, posterior, confusion)
    assert (result.iterations, result.converged) == (steps, True)


def test_em_gives_up_after_max_iterations_saying_so():
    result = _fit(VOTES, tolerance=-1.0)  # never met
    assert (result.iterations, result.converged) == (500, False)
    assert _fit(VOTES, tolerance=-1.0, max_iterations=7).iterations == 7


def test_a_subject_with_many_votes_keeps_a_posterior():
    """1500 raters each vote on three subjects at random: some -950 of log-likelihood for every class of
    those subjects, whose probabilities exp() alone would round to 0; subject 3 has a single vote."""
    rng = np.random.default_rng(31)
    votes = [(s, r, int(rng.choice([1, 2, 4]))) for r in range(1500) for s in range(3)] + [(3, 0, 2)]
    posterior, confusion, _ = _em_by_hand(votes, {}, iterations=1)

    result = _fit(votes, max_iterations=1)

    _assert_fit_is(result, posterior, confusion)


def test_ids_of_any_type_and_length_are_kept():
    """Gold subjects named longer than the voted ones keep their names (a string array's width is its
    longest id)."""
    result = dawid_skene(
        subjects=["a", "a", "bb", "bb"],
        raters=["x", "y", "x", "y"],
        votes=[1, 1, 2, 2],
        gold_subjects=["gold-only"],
        gold_classes=[2],
    )
    assert result.subjects.tolist() == ["a", "bb", "gold-only"]
    assert result.posterior[2].tolist() == [0.0, 1.0]

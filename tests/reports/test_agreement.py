import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hcvvet.reports.statistics import (
    accuracy_on_gold,
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    pairwise_cohen_kappa,
    rating_table,
)

# Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa"): 10 subjects, 14 raters, 5 categories
FLEISS_TABLE = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


def _textbook_pair():
    # Wikipedia "Cohen's kappa": 50 proposals, both yes 20, A yes B no 5, A no B yes 10, both no 15 -> 0.4
    a = np.array(["yes"] * 25 + ["no"] * 25)
    b = np.array(["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15)
    return a, b


def test_cohen_kappa_textbook_example():
    a, b = _textbook_pair()
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    matrix = confusion_matrix(a, b, categories=["yes", "no"])
    assert matrix.counts.tolist() == [[20, 5], [10, 15]]


def test_cohen_kappa_is_undefined_when_both_raters_always_agree_on_one_class():
    assert cohen_kappa(np.array([1, 1, 1]), np.array([1, 1, 1])) is None
    assert cohen_kappa(np.array([1, 2, 4]), np.array([1, 2, 4])) == pytest.approx(1.0)


def test_fleiss_kappa_of_fleiss_1971():
    assert round(fleiss_kappa(FLEISS_TABLE), 3) == 0.210


def test_fleiss_kappa_from_long_form_votes():
    subject, category = [], []
    for i, row in enumerate(FLEISS_TABLE):
        for j, count in enumerate(row):
            subject += [i] * count
            category += [j + 1] * count
    table, categories = rating_table(np.array(subject), np.array(category))
    assert categories == [1, 2, 3, 4, 5]
    np.testing.assert_array_equal(table, FLEISS_TABLE)
    assert fleiss_kappa(table) == pytest.approx(fleiss_kappa(FLEISS_TABLE))


def test_pairwise_kappa_uses_the_subjects_both_experts_saw():
    a, b = _textbook_pair()
    subjects = np.arange(50)
    # expert "c" saw only the first 10 subjects and agreed with "a" on all of them
    subject = np.concatenate([subjects, subjects, subjects[:10]])
    rater = np.array(["a"] * 50 + ["b"] * 50 + ["c"] * 10)
    category = np.concatenate([a, b, a[:10]])
    pairs = {(p.rater_a, p.rater_b): p for p in pairwise_cohen_kappa(subject, rater, category)}
    assert set(pairs) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert pairs["a", "b"].n_common == 50
    assert pairs["a", "b"].kappa == pytest.approx(0.4)
    assert pairs["a", "c"].n_common == 10
    assert pairs["a", "c"].kappa is None  # all ten are "yes" for both: chance agreement is 1
    assert pairs["a", "b"].confusion.categories == ["no", "yes"]
    assert pairs["a", "b"].confusion.counts.tolist() == [[15, 10], [5, 20]]


def test_accuracy_on_gold_per_expert():
    subject = np.array([1, 2, 3, 4, 1, 2, 5])
    rater = np.array(["ann", "ann", "ann", "ann", "bob", "bob", "bob"])
    category = np.array([1, 4, 2, 1, 1, 1, 2])
    gold = {1: 1, 2: 4, 3: 1}
    results = {r.rater: r for r in accuracy_on_gold(subject, rater, category, gold)}
    ann, bob = results["ann"], results["bob"]
    assert (ann.n, ann.n_correct, ann.accuracy) == (3, 2, pytest.approx(2 / 3))
    assert (bob.n, bob.n_correct, bob.accuracy) == (2, 1, 0.5)
    assert 0.0 <= results["ann"].ci_lo < 2 / 3 < results["ann"].ci_hi <= 1.0


def _fleiss_by_pairs(votes_per_subject: list[list[int]]) -> float | None:
    """Fleiss' kappa from its definition, counting rater pairs one by one: P_i the fraction of ordered pairs
    of a subject's votes that agree, P_e the chance agreement of the pooled category proportions; subjects
    with fewer than two votes take no part."""
    rated = [votes for votes in votes_per_subject if len(votes) >= 2]
    if not rated:
        return None
    agreement = []
    for votes in rated:
        pairs = [(a, b) for i, a in enumerate(votes) for j, b in enumerate(votes) if i != j]
        agreement.append(sum(a == b for a, b in pairs) / len(pairs))
    pooled = [vote for votes in rated for vote in votes]
    chance = sum((pooled.count(c) / len(pooled)) ** 2 for c in set(pooled))
    if chance == 1.0:
        return None
    return (sum(agreement) / len(agreement) - chance) / (1.0 - chance)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from([1, 2, 4]), min_size=0, max_size=7), min_size=1, max_size=12))
def test_fleiss_kappa_with_unequal_votes_per_subject_follows_its_definition(votes_per_subject):
    subject = np.array([s for s, votes in enumerate(votes_per_subject) for _ in votes], dtype=int)
    category = np.array([v for votes in votes_per_subject for v in votes], dtype=int)
    expected = _fleiss_by_pairs(votes_per_subject)
    table, _ = rating_table(subject, category, categories=[1, 2, 4])
    got = fleiss_kappa(table) if len(category) else None
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-12)

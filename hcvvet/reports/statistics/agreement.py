"""Agreement between experts: confusion matrices, Cohen's kappa per pair, Fleiss' kappa, accuracy on gold.

Votes come in long form: aligned arrays `subject` (e.g. candidate id), `rater` (expert id) and `category`
(expert class), one element per vote; a rater votes at most once per subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from .intervals import ONE_SIGMA, wilson_interval


@dataclass(frozen=True)
class ConfusionMatrix:
    categories: list  # row and column labels
    counts: np.ndarray  # counts[i, j]: first rater said categories[i], second said categories[j]

    def to_dict(self) -> dict:
        return {"categories": list(self.categories), "counts": self.counts.tolist()}


@dataclass(frozen=True)
class PairAgreement:
    rater_a: object
    rater_b: object
    n_common: int  # subjects both raters voted on
    kappa: float | None  # None when undefined (no common subject, or chance agreement is 1)
    confusion: ConfusionMatrix

    def to_dict(self) -> dict:
        return {
            "rater_a": self.rater_a,
            "rater_b": self.rater_b,
            "n_common": self.n_common,
            "kappa": self.kappa,
            "confusion": self.confusion.to_dict(),
        }


@dataclass(frozen=True)
class RaterAccuracy:
    rater: object
    n: int  # gold subjects the rater voted on
    n_correct: int
    accuracy: float | None  # None when n == 0
    ci_lo: float | None  # Wilson interval at `confidence_level` of `accuracy_on_gold`
    ci_hi: float | None


def _categories(*arrays: np.ndarray, categories: Sequence | None) -> list:
    if categories is not None:
        return list(categories)
    return np.unique(np.concatenate([np.asarray(a) for a in arrays])).tolist()


def confusion_matrix(a: np.ndarray, b: np.ndarray, *, categories: Sequence | None = None) -> ConfusionMatrix:
    """Counts of (a[i], b[i]) pairs. Values outside `categories` are not counted."""
    cats = _categories(a, b, categories=categories)
    index = {c: i for i, c in enumerate(cats)}
    counts = np.zeros((len(cats), len(cats)), dtype=np.int64)
    for x, y in zip(np.asarray(a).tolist(), np.asarray(b).tolist(), strict=True):
        if x in index and y in index:
            counts[index[x], index[y]] += 1
    return ConfusionMatrix(cats, counts)


def kappa_from_confusion(counts: np.ndarray) -> float | None:
    """Cohen's kappa of a square confusion matrix; None when undefined."""
    counts = np.asarray(counts, dtype=float)
    total = counts.sum()
    if total == 0:
        return None
    observed = np.trace(counts) / total
    chance = float(counts.sum(axis=0) @ counts.sum(axis=1)) / total**2
    if chance == 1.0:
        return None
    return float((observed - chance) / (1.0 - chance))


def cohen_kappa(a: np.ndarray, b: np.ndarray, *, categories: Sequence | None = None) -> float | None:
    """Cohen's kappa between two raters' aligned labels of the same subjects; None when undefined."""
    return kappa_from_confusion(confusion_matrix(a, b, categories=categories).counts)


def _votes_by_rater(subject: np.ndarray, rater: np.ndarray, category: np.ndarray) -> dict:
    votes: dict = {}
    columns = (np.asarray(subject).tolist(), np.asarray(rater).tolist(), np.asarray(category).tolist())
    for s, r, c in zip(*columns, strict=True):
        votes.setdefault(r, {})[s] = c
    return votes


def pairwise_cohen_kappa(
    subject: np.ndarray, rater: np.ndarray, category: np.ndarray, *, categories: Sequence | None = None
) -> list[PairAgreement]:
    """Cohen's kappa and confusion matrix for every pair of raters, over the subjects both voted on."""
    cats = _categories(category, categories=categories)
    votes = _votes_by_rater(subject, rater, category)
    pairs = []
    for ra, rb in combinations(sorted(votes, key=str), 2):
        common = sorted(votes[ra].keys() & votes[rb].keys(), key=str)
        labels_a = np.array([votes[ra][s] for s in common])
        labels_b = np.array([votes[rb][s] for s in common])
        confusion = confusion_matrix(labels_a, labels_b, categories=cats)
        pairs.append(PairAgreement(ra, rb, len(common), kappa_from_confusion(confusion.counts), confusion))
    return pairs


def rating_table(
    subject: np.ndarray, category: np.ndarray, *, categories: Sequence | None = None
) -> tuple[np.ndarray, list]:
    """Subjects x categories matrix of vote counts (Fleiss' n_ij) and the category labels of its columns."""
    cats = _categories(category, categories=categories)
    subjects, subject_index = np.unique(np.asarray(subject), return_inverse=True)
    category = np.asarray(category)
    table = np.zeros((len(subjects), len(cats)), dtype=np.int64)
    for j, c in enumerate(cats):
        np.add.at(table[:, j], subject_index[category == c], 1)
    return table, cats


def fleiss_kappa(table: np.ndarray) -> float | None:
    """Fleiss' kappa of a subjects x categories count matrix; None when undefined.

    Subjects rated fewer than twice are ignored. With the same number of ratings per subject this is
    Fleiss (1971); with varying numbers, each subject's agreement uses its own count n_i and the category
    proportions pool all ratings.
    """
    table = np.asarray(table, dtype=float)
    n_i = table.sum(axis=1)
    table = table[n_i >= 2]
    n_i = n_i[n_i >= 2]
    if len(table) == 0:
        return None
    p_i = ((table**2).sum(axis=1) - n_i) / (n_i * (n_i - 1))
    p_j = table.sum(axis=0) / n_i.sum()
    chance = float((p_j**2).sum())
    if chance == 1.0:
        return None
    return float((p_i.mean() - chance) / (1.0 - chance))


def accuracy_on_gold(
    subject: np.ndarray,
    rater: np.ndarray,
    category: np.ndarray,
    gold: dict,
    *,
    confidence_level: float = ONE_SIGMA,
) -> list[RaterAccuracy]:
    """Each rater's fraction of correct votes on gold subjects (`gold`: subject -> true category)."""
    results = []
    for r, votes in sorted(_votes_by_rater(subject, rater, category).items(), key=lambda item: str(item[0])):
        graded = [votes[s] == gold[s] for s in votes if s in gold]
        n, n_correct = len(graded), int(sum(graded))
        if n == 0:
            results.append(RaterAccuracy(r, 0, 0, None, None, None))
            continue
        lo, hi = wilson_interval(n_correct, n, confidence_level)
        results.append(RaterAccuracy(r, n, n_correct, n_correct / n, float(lo), float(hi)))
    return results

"""Dawid & Skene (1979): each rater's confusion matrix and each subject's posterior class, by EM over votes.

Every rater `r` votes class `l` for a subject of true class `j` with probability `confusion[r, j, l]`,
independently of the other raters given the true class; classes have prior `class_prior`. EM starts from the
share of each subject's votes per class, alternates the confusion matrices (M-step) with the posteriors
(E-step) and stops when no posterior moves by more than `tolerance`. Gold subjects (known answers) keep
their class throughout: they anchor the confusion matrices.

`fit_votes` is the fit hcvvet makes, the one place its classes, tolerance, gold rule and refusal are set: the
consensus rule "posterior above p" (`posterior`), the agreement report and the labelled export all fit
through it. It makes no fit unless two raters voted on a same subject. The votes of one rater (or of raters on
disjoint subjects) fix only how often each class was voted, which many pairs of class prior and confusion
matrices give equally well: EM then drifts along that flat likelihood towards one class taking every
subject, by steps still above 1e-4 after 500 iterations and below 1e-6 only after some thousands, and its
posteriors (0.79 on class 1 for a subject whose only vote was 2) are artefacts of where it stopped, of the
prior and of the smoothing.

Pure numpy, no Django import.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, reduce

import numpy as np
from numpy.typing import ArrayLike

from hcvvet.catalog.classes import LABEL_CODES


@dataclass(frozen=True)
class DawidSkeneResult:
    """`subjects`, `raters` and `classes` are the sorted distinct ids that index the arrays."""

    subjects: np.ndarray
    raters: np.ndarray
    classes: np.ndarray
    confusion: np.ndarray  # (rater, true class, voted class); each row sums to 1
    posterior: np.ndarray  # (subject, class); each row sums to 1
    class_prior: np.ndarray
    iterations: int
    converged: bool

    def most_likely_class(self) -> np.ndarray:
        """Each subject's class of highest posterior."""
        return self.classes[np.argmax(self.posterior, axis=1)]


def dawid_skene(
    *,
    subjects: ArrayLike,
    raters: ArrayLike,
    votes: ArrayLike,
    classes: Sequence[int] | None = None,
    gold_subjects: ArrayLike = (),
    gold_classes: ArrayLike = (),
    smoothing: float = 0.01,
    tolerance: float = 1e-6,
    max_iterations: int = 500,
) -> DawidSkeneResult:
    """Fit the model to votes given as three aligned arrays: who voted (`raters`) which class (`votes`) for
    which subject (`subjects`). `classes` defaults to the classes voted or gold; `smoothing` is a pseudo-count
    added to every cell of every confusion matrix, so that a class a rater never voted keeps a small
    probability. Gold subjects need not have votes. Raises ValueError for a vote or gold class outside
    `classes`, or arrays of unequal length.
    """
    subject_arr, rater_arr, vote_arr = (np.asarray(a) for a in (subjects, raters, votes))
    gold_subject_arr = _like(np.asarray(gold_subjects), subject_arr)
    gold_class_arr = _like(np.asarray(gold_classes), vote_arr)
    if (
        not (subject_arr.size == rater_arr.size == vote_arr.size)
        or gold_subject_arr.size != gold_class_arr.size
    ):
        raise ValueError("subjects, raters and votes (and gold subjects and classes) must be of equal length")
    if np.unique(gold_subject_arr).size != gold_subject_arr.size:
        raise ValueError("a gold subject is given twice")
    class_ids = np.unique(
        np.concatenate((vote_arr, gold_class_arr)) if classes is None else np.asarray(classes)
    )
    subject_ids, subject_index = np.unique(
        np.concatenate((subject_arr, gold_subject_arr)), return_inverse=True
    )
    rater_ids, rater_index = np.unique(rater_arr, return_inverse=True)
    fit = _Votes(
        subject=subject_index[: subject_arr.size],
        rater=rater_index,
        vote=_class_index(class_ids, vote_arr),
        n_subjects=subject_ids.size,
        n_raters=rater_ids.size,
        n_classes=class_ids.size,
        smoothing=smoothing,
    )
    gold_index = subject_index[subject_arr.size :]
    gold_one_hot = np.eye(class_ids.size)[_class_index(class_ids, gold_class_arr)]
    posterior = _initial_posterior(fit, gold_index, gold_one_hot)

    converged, iteration = False, 0
    while not converged and iteration < max_iterations:
        iteration += 1
        updated = fit.posterior(posterior.mean(axis=0), fit.confusion(posterior))
        updated[gold_index] = gold_one_hot
        converged = bool(np.max(np.abs(updated - posterior), initial=0.0) < tolerance)
        posterior = updated
    return DawidSkeneResult(
        subjects=subject_ids,
        raters=rater_ids,
        classes=class_ids,
        confusion=fit.confusion(posterior),
        posterior=posterior,
        class_prior=posterior.mean(axis=0),
        iterations=iteration,
        converged=converged,
    )


# the fit stops when no posterior moves by more than this: far finer than any p a campaign chooses, and fine
# enough for the posterior probabilities the labelled export prints
TOLERANCE = 1e-6

# why `fit_votes` makes no fit, in the words the reports use
NOT_IDENTIFIABLE = "the Dawid-Skene model needs at least two experts who voted on the same candidates"


@dataclass(frozen=True)
class VotesFit:
    """A Dawid-Skene fit and the votes it was fitted on: aligned `subjects`, `raters` and `votes` (classes),
    and `gold`, the voted subjects fixed to their known class. `result` indexes them by its sorted ids."""

    subjects: np.ndarray
    raters: np.ndarray
    votes: np.ndarray
    gold: dict[int, int]
    result: DawidSkeneResult

    def posterior(self, subject: int) -> dict[int, float]:
        """Class -> posterior probability of one voted subject."""
        row = int(np.searchsorted(self.result.subjects, subject))
        if row == self.result.subjects.size or self.result.subjects[row] != subject:
            raise KeyError(f"subject {subject} has no vote in the fit")
        return {
            int(code): float(p)
            for code, p in zip(self.result.classes, self.result.posterior[row], strict=True)
        }


def fit_votes(
    subjects: ArrayLike, raters: ArrayLike, votes: ArrayLike, gold: Mapping[int, int]
) -> VotesFit | None:
    """The Dawid-Skene fit of hcvvet over votes given as three aligned arrays, over the classes an expert can
    vote, the voted subjects of `gold` (subject -> known class) fixed: unvoted gold would only move the class
    prior. Subjects and raters may be any sortable ids. Every fit of the consensus rule, the agreement report
    and the labelled export is this one. None when no subject has votes from two raters (`NOT_IDENTIFIABLE`:
    no vote, one rater, or raters on disjoint subjects; see the module's docstring); voted gold does not
    make up for it: the agreement report's accuracy on gold already gives a lone expert's skill."""
    subject_arr, rater_arr, vote_arr = (np.asarray(a) for a in (subjects, raters, votes))
    if not _two_raters_share_a_subject(subject_arr, rater_arr):
        return None
    voted = set(np.unique(subject_arr).tolist())
    fixed = {s: c for s, c in gold.items() if s in voted}
    result = dawid_skene(
        subjects=subject_arr,
        raters=rater_arr,
        votes=vote_arr,
        classes=LABEL_CODES,
        gold_subjects=np.array(list(fixed), dtype=subject_arr.dtype),
        gold_classes=np.array(list(fixed.values()), dtype=vote_arr.dtype),
        tolerance=TOLERANCE,
    )
    return VotesFit(subject_arr, rater_arr, vote_arr, fixed, result)


def _two_raters_share_a_subject(subjects: np.ndarray, raters: np.ndarray) -> bool:
    """Whether some subject has votes from two different raters."""
    order = np.argsort(subjects)
    subject, rater = subjects[order], raters[order]
    # each subject's votes side by side, in any order: its raters are not all one unless two neighbours differ
    return bool(np.any((subject[1:] == subject[:-1]) & (rater[1:] != rater[:-1])))


def _initial_posterior(fit: "_Votes", gold_index: np.ndarray, gold_one_hot: np.ndarray) -> np.ndarray:
    """Where EM starts: the posteriors under the confusion matrices the gold subjects imply, if any, else
    each subject's share of votes per class (uniform without votes); gold subjects one-hot."""
    posterior = np.full((fit.n_subjects, fit.n_classes), 1.0 / fit.n_classes)
    posterior[gold_index] = gold_one_hot
    if gold_index.size:
        # the votes' majority cannot then pull EM into a relabelled solution (raters who swap two classes
        # outnumbering those who do not)
        start = fit.confusion(posterior, np.isin(fit.subject, gold_index))
        posterior = fit.posterior(gold_one_hot.mean(axis=0), start)
    else:
        shares = _per_subject(np.eye(fit.n_classes)[fit.vote], fit.subject, fit.n_subjects)
        voted = shares.sum(axis=1) > 0
        posterior[voted] = shares[voted] / shares[voted].sum(axis=1, keepdims=True)
    posterior[gold_index] = gold_one_hot
    return posterior


def _like(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """An empty array takes the reference's type (np.asarray(()) is float: ids would turn into floats)."""
    return values.astype(reference.dtype) if values.size == 0 else values


def _class_index(class_ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    index = np.searchsorted(class_ids, values)
    if np.any(index >= class_ids.size) or np.any(class_ids[np.minimum(index, class_ids.size - 1)] != values):
        raise ValueError(f"a vote or gold class is not one of the classes {class_ids.tolist()}")
    return index


def _by_row(combine: np.ufunc, table: np.ndarray) -> np.ndarray:
    """`combine` (np.add, np.maximum) over each row of a (subject, class) table, column by column: the same
    numbers as numpy's reduction along the short class axis, which takes some 20 times longer."""
    return reduce(combine, table.T)


def _columns(table: np.ndarray) -> np.ndarray:
    """The columns of a 2-d table as contiguous rows."""
    return np.ascontiguousarray(table.T)


def _per_subject(per_vote: np.ndarray, subject_index: np.ndarray, n_subjects: int) -> np.ndarray:
    """Sum of per-vote rows (vote, class) over each subject's votes: (subject, class)."""
    return np.stack(
        [np.bincount(subject_index, weights=column, minlength=n_subjects) for column in per_vote.T], axis=1
    )


@dataclass(frozen=True)
class _Votes:
    """The votes as indices, and the two steps of EM over them."""

    subject: np.ndarray
    rater: np.ndarray
    vote: np.ndarray
    n_subjects: int
    n_raters: int
    n_classes: int
    smoothing: float

    @cached_property
    def cell(self) -> np.ndarray:
        """Each vote's row of the (rater, voted class) tables."""
        return self.rater * self.n_classes + self.vote

    def confusion(self, posterior: np.ndarray, use: np.ndarray | None = None) -> np.ndarray:
        """M-step: expected counts of (rater, true class, voted class) under the posteriors, over the votes
        `use` selects (all by default), plus `smoothing`, row-normalised."""
        cell, subject = (self.cell, self.subject) if use is None else (self.cell[use], self.subject[use])
        size = self.n_raters * self.n_classes
        # class by class over contiguous columns: bincount would copy a strided column first
        by_cell = np.stack(
            [
                np.bincount(cell, weights=of_class[subject], minlength=size)
                for of_class in _columns(posterior)
            ],
            axis=1,
        )
        # by_cell[rater * n_classes + voted, true] -> counts[rater, true, voted]
        shape = (self.n_raters, self.n_classes, self.n_classes)
        counts = by_cell.reshape(shape).transpose(0, 2, 1) + self.smoothing
        return counts / counts.sum(axis=2, keepdims=True)

    def posterior(self, class_prior: np.ndarray, confusion: np.ndarray) -> np.ndarray:
        """E-step: each subject's class probabilities given the prior and the raters' confusion matrices."""
        # log of the small (rater, voted, true) table first, then, true class by true class, each vote's
        # log-probability summed over each subject's votes: (subject, true class)
        by_cell = np.log(confusion).transpose(0, 2, 1).reshape(-1, self.n_classes)
        log_votes = np.stack(
            [
                np.bincount(self.subject, weights=of_class[self.cell], minlength=self.n_subjects)
                for of_class in _columns(by_cell)
            ],
            axis=1,
        )
        log_posterior = np.log(np.maximum(class_prior, 1e-300)) + log_votes
        posterior = np.exp(log_posterior - _by_row(np.maximum, log_posterior)[:, np.newaxis])
        return posterior / _by_row(np.add, posterior)[:, np.newaxis]

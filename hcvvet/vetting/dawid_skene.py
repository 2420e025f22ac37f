"""Dawid & Skene (1979): each rater's confusion matrix and each subject's posterior class, by EM over votes.

Every rater `r` votes class `l` for a subject of true class `j` with probability `confusion[r, j, l]`,
independently of the other raters given the true class; classes have prior `class_prior`. EM starts from the
share of each subject's votes per class, alternates the confusion matrices (M-step) with the posteriors
(E-step) and stops when no posterior moves by more than `tolerance`. Gold subjects (known answers) keep
their class throughout: they anchor the confusion matrices.

Pure numpy, no Django import.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


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

    def confusion(self, posterior: np.ndarray, use: np.ndarray | None = None) -> np.ndarray:
        """M-step: expected counts of (rater, true class, voted class) under the posteriors, over the votes
        `use` selects (all by default), plus `smoothing`, row-normalised."""
        keep = slice(None) if use is None else use
        cell = self.rater[keep] * self.n_classes + self.vote[keep]
        weights = posterior[self.subject[keep]]
        size = self.n_raters * self.n_classes
        by_cell = np.stack([np.bincount(cell, weights=w, minlength=size) for w in weights.T], axis=1)
        # by_cell[rater * n_classes + voted, true] -> counts[rater, true, voted]
        shape = (self.n_raters, self.n_classes, self.n_classes)
        counts = by_cell.reshape(shape).transpose(0, 2, 1) + self.smoothing
        return counts / counts.sum(axis=2, keepdims=True)

    def posterior(self, class_prior: np.ndarray, confusion: np.ndarray) -> np.ndarray:
        """E-step: each subject's class probabilities given the prior and the raters' confusion matrices."""
        # log of the small (rater, voted, true) table first, then one row per vote: (vote, true class)
        by_cell = np.log(confusion).transpose(0, 2, 1).reshape(-1, self.n_classes)
        log_votes = by_cell[self.rater * self.n_classes + self.vote]
        log_posterior = np.log(np.maximum(class_prior, 1e-300)) + _per_subject(
            log_votes, self.subject, self.n_subjects
        )
        posterior = np.exp(log_posterior - log_posterior.max(axis=1, keepdims=True))
        return posterior / posterior.sum(axis=1, keepdims=True)

"""Each expert's skill by the Dawid-Skene model over every vote of a selection, gold answers fixed, fitted as
the consensus rule fits it (`hcvvet.vetting.dawid_skene.fit_votes`): their confusion matrix (true class x
voted class), each candidate's posterior class and its probability, and over the candidates how many have a
posterior class other than the majority class of their votes.

Votes come in long form as in `agreement`: aligned arrays `subject`, `rater`, `category`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from hcvvet.catalog.classes import EXPERT_CLASS_NAMES
from hcvvet.vetting.dawid_skene import VotesFit, fit_votes

from .agreement import rating_table

CONFUSION_AXES = "rows: true class, columns: voted class, in the order of `classes`; each row sums to 1"


@dataclass(frozen=True)
class ExpertConfusion:
    rater: object
    n_votes: int
    confusion: np.ndarray  # confusion[i, j]: probability of voting classes[j] on a candidate of classes[i]

    def to_dict(self) -> dict:
        return {"rater": self.rater, "n_votes": self.n_votes, "confusion": self.confusion.tolist()}


@dataclass(frozen=True)
class ExpertSkill:
    """The fitted model: one confusion matrix per expert; of the `n_candidates` voted candidates that are not
    gold, `n_differs` have a posterior class other than their majority class (the class most of their votes
    give) and `n_no_majority` have no such class (a tie), which are not compared. `subjects` (sorted) and
    `posterior` (subject x class, in the order of `classes`) are each voted subject's posterior probabilities;
    gold subjects have probability 1 on their known class."""

    classes: list[int]
    experts: list[ExpertConfusion]
    n_candidates: int
    n_gold: int  # voted gold candidates, fixed to their known class
    n_differs: int
    n_no_majority: int
    converged: bool
    subjects: np.ndarray = field(compare=False, repr=False)
    posterior: np.ndarray = field(compare=False, repr=False)

    def posterior_class(self, subjects: ArrayLike) -> tuple[np.ma.MaskedArray, np.ma.MaskedArray]:
        """Each of `subjects`' class of highest posterior and that class's posterior probability; masked (0
        and NaN underneath) for a subject without a vote in the fit."""
        wanted = np.asarray(subjects)
        if self.subjects.size == 0:
            return np.ma.masked_all(wanted.shape, np.int16), np.ma.masked_all(wanted.shape, float)
        row = np.minimum(np.searchsorted(self.subjects, wanted), self.subjects.size - 1)
        missing = self.subjects[row] != wanted
        best = np.argmax(self.posterior[row], axis=1)
        codes = np.asarray(self.classes, dtype=np.int16)[best]
        probability = self.posterior[row, best]
        return (
            np.ma.array(np.where(missing, 0, codes), mask=missing),
            np.ma.array(np.where(missing, np.nan, probability), mask=missing),
        )

    def to_dict(self) -> dict:
        return {
            "classes": self.classes,
            "class_names": [EXPERT_CLASS_NAMES[code] for code in self.classes],
            "confusion_axes": CONFUSION_AXES,
            "experts": [expert.to_dict() for expert in self.experts],
            "n_candidates": self.n_candidates,
            "n_gold": self.n_gold,
            "n_posterior_differs": self.n_differs,
            "n_no_majority": self.n_no_majority,
            "converged": self.converged,
        }


def expert_skill(
    subject: ArrayLike, rater: ArrayLike, category: ArrayLike, gold: Mapping[int, int]
) -> ExpertSkill | None:
    """The Dawid-Skene fit (`fit_votes`) over the votes, the voted subjects of `gold` (subject -> known class)
    fixed to their class; None unless two experts voted on a same subject (`NOT_IDENTIFIABLE`), as without
    a vote."""
    fit = fit_votes(subject, rater, category, gold)
    return None if fit is None else skill_of_fit(fit)


def skill_of_fit(fit: VotesFit) -> ExpertSkill:
    """The fit as each expert's skill, each expert under the rater id the votes gave."""
    result, subject = fit.result, fit.subjects
    # both ordered as np.unique(subject): the gold subjects are among the voted ones
    table, _ = rating_table(subject, fit.votes, categories=result.classes.tolist())
    has_majority = (table == table.max(axis=1, keepdims=True)).sum(axis=1) == 1
    majority = result.classes[np.argmax(table, axis=1)]
    compared = ~np.isin(result.subjects, np.array(list(fit.gold), dtype=subject.dtype))
    _, n_votes = np.unique(fit.raters, return_counts=True)
    return ExpertSkill(
        classes=[int(code) for code in result.classes],
        experts=[
            ExpertConfusion(rater, int(n), result.confusion[i])
            for i, (rater, n) in enumerate(zip(result.raters.tolist(), n_votes.tolist(), strict=True))
        ],
        n_candidates=int(compared.sum()),
        n_gold=len(fit.gold),
        n_differs=int((compared & has_majority & (result.most_likely_class() != majority)).sum()),
        n_no_majority=int((compared & ~has_majority).sum()),
        converged=result.converged,
        subjects=result.subjects,
        posterior=result.posterior,
    )

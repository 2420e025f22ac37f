"""AutoClass x ExpertClass counts and fractions, one row per object (notebook cell 14).

Only objects that carry an expert class are counted, as in the notebook, whose table holds ExpertClass > 0
objects only; the others are counted apart (`n_unclassified`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import ClassVar

import numpy as np

from .classes import CANDIDATE_AUTO_CLASSES, VETTED_EXPERT_CLASSES

NOTEBOOK_DIFFERENCES = (
    "An AutoClass with no classified object has no row (the notebook's cell 14 divides 0 by 0 there)."
)


@dataclass(frozen=True)
class CrossTabRow:
    auto_class: int
    expert_class: int
    count: int
    fraction: float  # of the objects of this AutoClass that carry one of the counted expert classes


@dataclass(frozen=True)
class CrossTab:
    """Rows of the AutoClasses with at least one classified object (none: no row, never a fraction of 0
    objects); `n_unclassified` objects of the counted AutoClasses carried no class and were left out."""

    notebook_differences: ClassVar[str] = NOTEBOOK_DIFFERENCES  # said in every export

    rows: list[CrossTabRow]
    n_unclassified: int = 0

    def totals(self) -> dict[int, int]:
        """Objects counted per AutoClass."""
        totals: dict[int, int] = {}
        for row in self.rows:
            totals[row.auto_class] = totals.get(row.auto_class, 0) + row.count
        return totals

    def to_dict(self) -> dict:
        return {"rows": [asdict(row) for row in self.rows], "n_unclassified": self.n_unclassified}


def one_row_per_object(match_id: np.ndarray) -> np.ndarray:
    """Indices of the first row of each object in a table with one row per object and filter.

    Precondition: the per-object columns (AutoClass, ExpertClass, RA, ...) are equal on all rows of an object,
    as they are in the HCVmatch x HCVfilter join.
    """
    _, first = np.unique(np.asarray(match_id), return_index=True)
    return np.sort(first)


def autoclass_vs_expert(
    match_id: np.ndarray,
    auto_class: np.ndarray,
    expert_class: np.ndarray,
    *,
    auto_classes: Sequence[int] = CANDIDATE_AUTO_CLASSES,
    expert_classes: Sequence[int] = VETTED_EXPERT_CLASSES,
) -> CrossTab:
    """Count objects per (AutoClass, expert class); fraction is within the AutoClass.

    The arrays are aligned and may hold one row per object and filter: each MatchID is counted once. Objects
    whose class is not in `auto_classes` / `expert_classes` are left out of counts and denominators, so that
    unvetted objects (ExpertClass 0) do not dilute the fractions; an AutoClass with no counted object has no
    row.
    """
    first = one_row_per_object(match_id)
    pairs, counts = np.unique(
        np.stack([np.asarray(auto_class)[first], np.asarray(expert_class)[first]]), axis=1, return_counts=True
    )
    object_counts = {(int(a), int(e)): int(n) for (a, e), n in zip(pairs.T, counts, strict=True)}
    return autoclass_vs_expert_from_counts(
        object_counts, auto_classes=auto_classes, expert_classes=expert_classes
    )


def autoclass_vs_expert_from_counts(
    object_counts: Mapping[tuple[int, int], int],
    *,
    auto_classes: Sequence[int] = CANDIDATE_AUTO_CLASSES,
    expert_classes: Sequence[int] = VETTED_EXPERT_CLASSES,
) -> CrossTab:
    """`autoclass_vs_expert` from objects already counted per (AutoClass, expert class), e.g. by a database
    GROUP BY; pairs outside `auto_classes` x `expert_classes` are ignored, and those of a counted AutoClass
    with no class (expert class 0) are `n_unclassified`."""
    rows = []
    for auto in auto_classes:
        total = sum(object_counts.get((auto, expert), 0) for expert in expert_classes)
        if total == 0:
            continue
        for expert in expert_classes:
            count = int(object_counts.get((auto, expert), 0))
            rows.append(CrossTabRow(int(auto), int(expert), count, count / total))
    n_unclassified = sum(int(object_counts.get((auto, 0), 0)) for auto in auto_classes)
    return CrossTab(rows, n_unclassified)

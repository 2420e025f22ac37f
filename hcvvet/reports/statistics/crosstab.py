"""AutoClass x ExpertClass counts and fractions, one row per object (notebook cell 14)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from .classes import CANDIDATE_AUTO_CLASSES, VETTED_EXPERT_CLASSES


@dataclass(frozen=True)
class CrossTabRow:
    auto_class: int
    expert_class: int
    count: int
    fraction: float  # of the objects of this AutoClass that carry one of the counted expert classes


@dataclass(frozen=True)
class CrossTab:
    rows: list[CrossTabRow]

    def totals(self) -> dict[int, int]:
        """Objects counted per AutoClass."""
        totals: dict[int, int] = {}
        for row in self.rows:
            totals[row.auto_class] = totals.get(row.auto_class, 0) + row.count
        return totals

    def to_dict(self) -> dict:
        return {"rows": [asdict(row) for row in self.rows]}


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
    unvetted objects (ExpertClass 0) do not dilute the fractions. A fraction is 0.0 when its AutoClass has no
    counted object.
    """
    first = one_row_per_object(match_id)
    autos = np.asarray(auto_class)[first]
    experts = np.asarray(expert_class)[first]
    rows = []
    for auto in auto_classes:
        in_auto = (autos == auto) & np.isin(experts, expert_classes)
        total = int(in_auto.sum())
        for expert in expert_classes:
            count = int((in_auto & (experts == expert)).sum())
            rows.append(CrossTabRow(int(auto), int(expert), count, count / total if total else 0.0))
    return CrossTab(rows)

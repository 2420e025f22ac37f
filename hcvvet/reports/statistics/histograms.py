"""MAD histograms per expert class, separate and stacked (notebook cells 15 and 16).

Only rows that carry an expert class are counted, "all" included, as in the notebook, whose table holds
ExpertClass > 0 rows only; the others are counted apart (`n_unclassified`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .binning import HISTOGRAM_BINS, classified_rows, log_bins, variable_filter_rows
from .classes import VETTED_EXPERT_CLASSES

NOTEBOOK_DIFFERENCES = (
    "None: the notebook's bins (cells 15 and 16: 49 bins spaced evenly in log from 0.007 to 2 mag, the last "
    "closed) over its rows (FilterDetFlag > 0 with an expert class)."
)


@dataclass(frozen=True)
class MadHistograms:
    notebook_differences: ClassVar[str] = NOTEBOOK_DIFFERENCES  # said in every export
    edges: np.ndarray  # MAD bin edges [mag]
    all_counts: np.ndarray  # every FilterDetFlag > 0 row that carries an expert class, whichever
    class_counts: dict[int, np.ndarray]  # expert class -> counts, in the order of `classes`
    n_unclassified: int = 0  # FilterDetFlag > 0 rows with no class, left out of every count

    @property
    def classes(self) -> list[int]:
        return list(self.class_counts)

    def stacked(self) -> dict[int, np.ndarray]:
        """Cumulative counts: layer k holds classes[0] .. classes[k] (the notebook's stacked plot, drawn
        back to front from the last layer)."""
        running = np.zeros_like(self.all_counts)
        layers = {}
        for expert_class, counts in self.class_counts.items():
            running = running + counts
            layers[expert_class] = running
        return layers

    def to_dict(self) -> dict:
        return {
            "edges": self.edges.tolist(),
            "all": self.all_counts.tolist(),
            "classes": {str(k): v.tolist() for k, v in self.class_counts.items()},
            "n_unclassified": self.n_unclassified,
        }


def mad_histograms(
    mad: np.ndarray,
    expert_class: np.ndarray,
    filter_det_flag: np.ndarray,
    *,
    edges: np.ndarray | None = None,
    classes: Sequence[int] = VETTED_EXPERT_CLASSES,
) -> MadHistograms:
    """Histogram MAD [mag] of the rows with FilterDetFlag > 0 that carry an expert class (> 0), overall
    and per expert class; the flagged rows without one are counted in `n_unclassified` only.

    Arrays hold one row per object and filter. Default edges: the notebook's 49 log-spaced bins from 0.007
    to 2 mag. As in `numpy.histogram`, values outside the edges are not counted and the last bin is closed.
    """
    edges = log_bins(HISTOGRAM_BINS) if edges is None else np.asarray(edges, dtype=float)
    flagged = variable_filter_rows(filter_det_flag)
    classified = classified_rows(expert_class)
    rows = flagged & classified
    mad = np.asarray(mad, dtype=float)[rows]
    experts = np.asarray(expert_class)[rows]
    all_counts, _ = np.histogram(mad, bins=edges)
    class_counts = {int(c): np.histogram(mad[experts == c], bins=edges)[0] for c in classes}
    return MadHistograms(edges, all_counts, class_counts, int((flagged & ~classified).sum()))

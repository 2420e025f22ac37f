"""MAD histograms per expert class, separate and stacked (notebook cells 15 and 16)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .binning import HISTOGRAM_BINS, log_bins, variable_filter_rows
from .classes import VETTED_EXPERT_CLASSES


@dataclass(frozen=True)
class MadHistograms:
    edges: np.ndarray  # MAD bin edges [mag]
    all_counts: np.ndarray  # every FilterDetFlag > 0 row, whatever its class
    class_counts: dict[int, np.ndarray]  # expert class -> counts, in the order of `classes`

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
        }


def mad_histograms(
    mad: np.ndarray,
    expert_class: np.ndarray,
    filter_det_flag: np.ndarray,
    *,
    edges: np.ndarray | None = None,
    classes: Sequence[int] = VETTED_EXPERT_CLASSES,
) -> MadHistograms:
    """Histogram MAD [mag] of the rows with FilterDetFlag > 0, overall and per expert class.

    Arrays hold one row per object and filter. Default edges: the notebook's 49 log-spaced bins from 0.007
    to 2 mag. As in `numpy.histogram`, values outside the edges are not counted and the last bin is closed.
    """
    edges = log_bins(HISTOGRAM_BINS) if edges is None else np.asarray(edges, dtype=float)
    rows = variable_filter_rows(filter_det_flag)
    mad = np.asarray(mad, dtype=float)[rows]
    experts = np.asarray(expert_class)[rows]
    all_counts, _ = np.histogram(mad, bins=edges)
    class_counts = {int(c): np.histogram(mad[experts == c], bins=edges)[0] for c in classes}
    return MadHistograms(edges, all_counts, class_counts)

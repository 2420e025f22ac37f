"""Artifact fraction versus MAD with merged sparse edge bins and Wilson intervals (notebook cell 17).

Only rows that carry an expert class are counted, as in the notebook, whose table holds ExpertClass > 0 rows
only; the others are counted apart (`n_unclassified`). Where this module deliberately differs from the
notebook's code is `NOTEBOOK_DIFFERENCES`, which every export of the report carries.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

import numpy as np

from .binning import ARTIFACT_FRACTION_BINS, classified_rows, log_bins, variable_filter_rows
from .classes import ARTIFACT_CLASS
from .intervals import ONE_SIGMA, wilson_interval

NOTEBOOK_DIFFERENCES = (
    "Top bin: the notebook (cell 17) merges the sparse top bins with artifact_count[-iz-1] = "
    "artifact_count[-iz:].sum(), which drops the artifacts of the bin the tail merges into; hcvvet adds them "
    "(+=), so the top bin counts every artifact of its rows. Error bars: the Wilson binomial interval at the "
    "stated confidence level, not the notebook's sqrt(f (1 - f) / n), which is 0 at f = 0 and f = 1. A "
    "selection too sparse to pass a merge threshold is one bin (the notebook raises IndexError)."
)


@dataclass(frozen=True)
class ArtifactBin:
    mad_lo: float  # [mag]
    mad_hi: float  # [mag]
    n: int
    n_artifact: int
    fraction: float
    ci_lo: float
    ci_hi: float

    @property
    def mad_center(self) -> float:
        """Geometric centre [mag], where the notebook plots the point."""
        return float(np.sqrt(self.mad_lo * self.mad_hi))


@dataclass(frozen=True)
class ArtifactFraction:
    """Bins with at least one classified row (none: no bin, never a fraction of 0 rows); `n_unclassified`
    rows flagged variable carried no class and were left out of every count."""

    notebook_differences: ClassVar[str] = NOTEBOOK_DIFFERENCES  # said in every export

    bins: list[ArtifactBin]
    confidence_level: float
    n_unclassified: int = 0

    def to_dict(self) -> dict:
        return {
            "bins": [asdict(b) for b in self.bins],
            "confidence_level": self.confidence_level,
            "n_unclassified": self.n_unclassified,
        }


def _merged_starts(counts: np.ndarray, low_min: int, high_min: int) -> np.ndarray:
    """First index of each merged bin, for `np.add.reduceat`.

    Bins are merged from the low edge until the merged bin holds more than `low_min` rows, then from the
    high edge of the result until the merged bin holds more than `high_min`. When the total never exceeds
    a threshold, everything merges into one bin (where the notebook raises IndexError).
    """
    n = len(counts)
    above = np.flatnonzero(np.cumsum(counts) > low_min)
    low_stop = int(above[0]) + 1 if above.size else n
    starts = np.array([0, *range(low_stop, n)])
    merged = np.add.reduceat(counts, starts)
    above = np.flatnonzero(np.cumsum(merged[::-1]) > high_min)
    high_len = int(above[0]) + 1 if above.size else len(merged)
    return starts[: len(merged) - high_len + 1]


def artifact_fraction(
    mad: np.ndarray,
    expert_class: np.ndarray,
    filter_det_flag: np.ndarray,
    *,
    edges: np.ndarray | None = None,
    low_min: int = 10,
    high_min: int = 40,
    artifact_class: int = ARTIFACT_CLASS,
    confidence_level: float = ONE_SIGMA,
) -> ArtifactFraction:
    """Fraction of rows an expert called an artifact, per MAD bin, with Wilson binomial intervals.

    Uses the object-filter rows with FilterDetFlag > 0 (one row per object and filter) that carry an expert
    class (> 0); the flagged rows without one are counted in `n_unclassified` only. Default edges: 29
    log-spaced bins from 0.007 to 2 mag. Empty bins are dropped, then sparse edge bins merged (see
    `_merged_starts`); a merged bin spans from the lower edge of its first to the upper edge of its last bin.
    Returns no bins when no row falls inside the edges.
    """
    edges = log_bins(ARTIFACT_FRACTION_BINS) if edges is None else np.asarray(edges, dtype=float)
    flagged = variable_filter_rows(filter_det_flag)
    classified = classified_rows(expert_class)
    rows = flagged & classified
    mad = np.asarray(mad, dtype=float)[rows]
    is_artifact = np.asarray(expert_class)[rows] == artifact_class
    all_counts, _ = np.histogram(mad, bins=edges)
    artifact_counts, _ = np.histogram(mad[is_artifact], bins=edges)
    return artifact_fraction_from_counts(
        edges,
        all_counts,
        artifact_counts,
        low_min=low_min,
        high_min=high_min,
        confidence_level=confidence_level,
        n_unclassified=int((flagged & ~classified).sum()),
    )


def artifact_fraction_from_counts(
    edges: np.ndarray,
    all_counts: np.ndarray,
    artifact_counts: np.ndarray,
    *,
    low_min: int = 10,
    high_min: int = 40,
    confidence_level: float = ONE_SIGMA,
    n_unclassified: int = 0,
) -> ArtifactFraction:
    """`artifact_fraction` from rows already counted per bin of `edges` (e.g. by a database GROUP BY):
    `all_counts` every classified row, `artifact_counts` the artifacts, as `numpy.histogram` counts them;
    `n_unclassified` the rows left out for want of a class."""
    edges = np.asarray(edges, dtype=float)
    all_counts, artifact_counts = np.asarray(all_counts), np.asarray(artifact_counts)
    nonempty = np.flatnonzero(all_counts > 0)
    if nonempty.size == 0:
        return ArtifactFraction([], confidence_level, n_unclassified)
    all_counts, artifact_counts = all_counts[nonempty], artifact_counts[nonempty]
    lo_edges, hi_edges = edges[nonempty], edges[nonempty + 1]
    starts = _merged_starts(all_counts, low_min, high_min)
    stops = np.append(starts[1:], len(all_counts))
    n = np.add.reduceat(all_counts, starts)
    k = np.add.reduceat(artifact_counts, starts)
    ci_lo, ci_hi = wilson_interval(k, n, confidence_level)
    bins = [
        ArtifactBin(
            mad_lo=float(lo_edges[start]),
            mad_hi=float(hi_edges[stop - 1]),
            n=int(n[i]),
            n_artifact=int(k[i]),
            fraction=float(k[i] / n[i]),
            ci_lo=float(ci_lo[i]),
            ci_hi=float(ci_hi[i]),
        )
        for i, (start, stop) in enumerate(zip(starts, stops, strict=True))
    ]
    return ArtifactFraction(bins, confidence_level, n_unclassified)

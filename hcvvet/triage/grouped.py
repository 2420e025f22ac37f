"""Per-group reductions over flat numpy arrays whose rows are sorted by group: one pass over all light curves
at once instead of a Python loop per light curve.

Pure numpy, no Django import.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Groups:
    """Contiguous groups of rows: row `i` belongs to group `index[i]`; group `g` is rows
    `starts[g]:starts[g] + counts[g]`. Every group has at least one row."""

    index: np.ndarray
    starts: np.ndarray
    counts: np.ndarray

    @classmethod
    def from_boundaries(cls, new_group: np.ndarray) -> "Groups":
        """Groups from a boolean per row that is True where a new group starts (row 0 always starts one)."""
        new_group = np.asarray(new_group, dtype=bool).copy()
        if new_group.size:
            new_group[0] = True
        starts = np.flatnonzero(new_group)
        counts = np.diff(np.append(starts, new_group.size))
        return cls(index=np.cumsum(new_group) - 1, starts=starts, counts=counts)

    @property
    def size(self) -> int:
        return int(self.starts.size)

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Sum of each group's values (NaN if any is NaN)."""
        if self.size == 0:
            return np.empty(0)
        return np.add.reduceat(np.asarray(values, dtype=float), self.starts)

    def mean(self, values: np.ndarray) -> np.ndarray:
        return self.sum(values) / self.counts

    def sort_within(self, values: np.ndarray) -> "SortedWithin":
        """Each group's values in increasing order, NaN (and infinities) last, for `SortedWithin.quantile`.

        One float argsort of `group index + scaled value` instead of a two-key lexsort: values are scaled
        into [0, 0.5] of the group's unit interval, which keeps their order to about 1e-10 of their range.
        """
        values = np.asarray(values, dtype=float)
        finite = np.isfinite(values)
        n_finite = np.bincount(self.index, weights=finite, minlength=self.size).astype(int)
        scaled = np.full(values.shape, 0.75)
        if finite.any():
            low, high = values[finite].min(), values[finite].max()
            scaled[finite] = 0.5 * (values[finite] - low) / max(high - low, np.finfo(float).tiny)
        order = np.argsort(self.index + scaled)
        return SortedWithin(groups=self, values=values[order], n_finite=n_finite)

    def quantile(self, values: np.ndarray, q: float) -> np.ndarray:
        """The `q` quantile of each group's finite values (linear interpolation, numpy's default); NaN for a
        group with none."""
        return self.sort_within(values).quantile(q)

    def median(self, values: np.ndarray) -> np.ndarray:
        return self.quantile(values, 0.5)

    def argmax(self, values: np.ndarray) -> np.ndarray:
        """Row index of each group's largest value, the first of equal ones (NaN counts as smallest)."""
        values = np.where(np.isnan(values), -np.inf, np.asarray(values, dtype=float))
        if self.size == 0:
            return np.empty(0, dtype=int)
        at_max = np.flatnonzero(values == np.maximum.reduceat(values, self.starts)[self.index])
        first = np.ones(at_max.size, dtype=bool)
        first[1:] = self.index[at_max[1:]] != self.index[at_max[:-1]]
        return at_max[first]

    def successive_sum(self, values: np.ndarray) -> np.ndarray:
        """Sum over each group of the squared differences of successive rows (0 for a one-row group)."""
        values = np.asarray(values, dtype=float)
        same = self.index[1:] == self.index[:-1]
        squares = np.diff(values)[same] ** 2
        return np.bincount(self.index[1:][same], weights=squares, minlength=self.size)


@dataclass(frozen=True)
class SortedWithin:
    """`values` sorted within each group of `groups` (finite values first); `n_finite` per group."""

    groups: Groups
    values: np.ndarray
    n_finite: np.ndarray

    def quantile(self, q: float) -> np.ndarray:
        position = self.groups.starts + q * np.maximum(self.n_finite - 1, 0)
        lower = np.floor(position).astype(int)
        upper = np.ceil(position).astype(int)
        result = self.values[lower] + (position - lower) * (self.values[upper] - self.values[lower])
        return np.where(self.n_finite > 0, result, np.nan)

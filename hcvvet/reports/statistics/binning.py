"""Log-spaced MAD bins as the notebook draws them (cells 15 to 17)."""

import numpy as np

MAD_RANGE_MAG: tuple[float, float] = (7.0e-3, 2.0)
HISTOGRAM_BINS = 49  # notebook cells 15 and 16: 50 edges
ARTIFACT_FRACTION_BINS = 29  # notebook cell 17: 30 edges


def log_bins(n_bins: int, lo: float = MAD_RANGE_MAG[0], hi: float = MAD_RANGE_MAG[1]) -> np.ndarray:
    """`n_bins + 1` edges spaced evenly in log between `lo` and `hi` (both > 0, lo < hi)."""
    if n_bins < 1 or not 0 < lo < hi:
        raise ValueError(f"need n_bins >= 1 and 0 < lo < hi, got n_bins={n_bins}, lo={lo}, hi={hi}")
    # the notebook's own expression, so the edges match it to the last bit
    return lo * (hi / lo) ** np.linspace(0.0, 1.0, n_bins + 1)


def variable_filter_rows(filter_det_flag: np.ndarray) -> np.ndarray:
    """Mask of the object-filter rows flagged variable (FilterDetFlag > 0), the rows MAD statistics use."""
    return np.asarray(filter_det_flag) > 0


def classified_rows(expert_class: np.ndarray) -> np.ndarray:
    """Mask of the rows that carry an expert class (> 0; 0 is "not classified", as ExpertClass 0 in the
    catalogue): the only rows a report counts, as the notebook's table holds only ExpertClass > 0 rows."""
    return np.asarray(expert_class) > 0

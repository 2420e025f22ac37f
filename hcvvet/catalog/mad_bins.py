"""Log-spaced MAD bins as the notebook draws them (cells 15 to 17): the one definition of the bins every
MAD-binned table uses (the reports' histograms and artifact fraction, triage's catalogue estimates). Pure
numpy, no Django."""

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

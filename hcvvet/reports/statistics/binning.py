"""The MAD bins (`hcvvet.catalog.mad_bins`, as the notebook draws them) and the rows a MAD report counts."""

import numpy as np

# the bins live one layer down, where triage's catalogue estimates use them too
from hcvvet.catalog.mad_bins import ARTIFACT_FRACTION_BINS, HISTOGRAM_BINS, MAD_RANGE_MAG, log_bins

__all__ = [
    "ARTIFACT_FRACTION_BINS",
    "HISTOGRAM_BINS",
    "MAD_RANGE_MAG",
    "classified_rows",
    "log_bins",
    "variable_filter_rows",
]


def variable_filter_rows(filter_det_flag: np.ndarray) -> np.ndarray:
    """Mask of the object-filter rows flagged variable (FilterDetFlag > 0), the rows MAD statistics use."""
    return np.asarray(filter_det_flag) > 0


def classified_rows(expert_class: np.ndarray) -> np.ndarray:
    """Mask of the rows that carry an expert class (> 0; 0 is "not classified", as ExpertClass 0 in the
    catalogue): the only rows a report counts, as the notebook's table holds only ExpertClass > 0 rows."""
    return np.asarray(expert_class) > 0

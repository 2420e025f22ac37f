"""The one MAD detection threshold of a field (group) in one filter, as pure numpy functions.

Where the field holds enough rows the catalogue flagged variable (FilterDetFlag > 0) and rows it did not, the
threshold is the boundary the catalogue itself applied, estimated from those flags. The locus of log10 MAD
against magnitude (median and robust sigma per equal-count magnitude bin of the unflagged graded rows,
smoothed over neighbouring bins) sets its shape; the number of locus sigmas above the median that best
separates flagged from unflagged rows sets its height; where the rows of a bin and its neighbours contradict
that height, the bin gets the height they support (misclassifying fewest of them). Only rows the catalogue
could have flagged speak against a height: graded (a VarQualFlag other than "-----"), with at least as many
points and as large a Chi2 as the least of the flagged rows (the catalogue's Chi2 cut), and no fainter than
the faintest flagged row.

Elsewhere (fewer than MIN_FLAGGED_ROWS flagged rows, or no row the catalogue could have flagged and did not)
the threshold is hcvvet's own estimate from the constant stars (`stats.mad_threshold_curve`), labelled as an
estimate.

A curve is (magnitude centres, thresholds in mag); between centres a threshold is interpolated linearly in
log10 MAD (a straight line on the logarithmic MAD axis the page plots) and held flat beyond the end centres.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from . import stats

CATALOGUE = "catalogue"
ESTIMATE = "estimate"
SOURCE_LABELS = {CATALOGUE: "catalogue boundary", ESTIMATE: "estimate"}

ROWS_PER_BIN = 50  # unflagged rows per magnitude bin of the locus (more where that would exceed MAX_BINS)
MAX_BINS = 100
LOCUS_SMOOTHING_BINS = 2  # the locus of each bin is the mean of its own and two neighbours' on each side
MIN_FLAGGED_ROWS = 5  # fewer flagged rows bound the catalogue's boundary too loosely: the estimate is used
MIN_UNFLAGGED_ROWS = 20  # fewer unflagged rows than this give no locus: the estimate is used
MAD_TO_SIGMA = 1.4826
# A bin whose rows bound the height on one side only gets its height this many locus sigmas inside the bound.
ONE_SIDED_MARGIN_SIGMAS = 0.5
UNGRADED = "-----"


@dataclass(frozen=True)
class ThresholdCurve:
    source: str  # CATALOGUE or ESTIMATE
    centres: np.ndarray  # MeanCorrMag (mag), increasing
    thresholds: np.ndarray  # MAD (mag) at each centre
    n_rows: int  # rows of the field and filter with a magnitude and a MAD
    n_flagged: int  # of which FilterDetFlag > 0
    k_sigmas: float | None = None  # catalogue boundary: fitted locus sigmas above the median

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self.source]

    def at(self, mag: ArrayLike) -> np.ndarray:
        return threshold_at(mag, self.centres, self.thresholds)


def threshold_at(mag: ArrayLike, centres: ArrayLike, thresholds: ArrayLike) -> np.ndarray:
    """The threshold (mag) at each magnitude: linear in log10 MAD between centres, flat beyond the ends;
    NaN where the magnitude is not finite or there is no curve."""
    mags = np.asarray(mag, dtype=float)
    x, y = np.asarray(centres, dtype=float), np.asarray(thresholds, dtype=float)
    if x.size == 0:
        return np.full(mags.shape, np.nan)
    return np.where(np.isfinite(mags), 10.0 ** np.interp(mags, x, np.log10(y)), np.nan)


def curves_by_filter(
    *,
    filter: ArrayLike,
    mag: ArrayLike,
    mad: ArrayLike,
    filter_det_flag: ArrayLike,
    auto_class: ArrayLike,
    chi2: ArrayLike,
    num_lc: ArrayLike,
    var_qual_flag: ArrayLike,
) -> dict[str, ThresholdCurve]:
    """`field_threshold` of each filter of one field's rows (one entry per object and filter; None for a
    missing number)."""
    bands = np.asarray(filter, dtype=object)
    columns = {
        "mag": np.asarray(mag, dtype=float),
        "mad": np.asarray(mad, dtype=float),
        "flagged": np.asarray(filter_det_flag, dtype=float) > 0,
        "auto_class": np.asarray(auto_class, dtype=float),
        "chi2": np.asarray(chi2, dtype=float),
        "num_lc": np.asarray(num_lc, dtype=float),
        "var_qual_flag": np.asarray(var_qual_flag, dtype=object),
    }
    return {
        band: field_threshold(**{name: values[bands == band] for name, values in columns.items()})
        for band in sorted(set(bands.tolist()))
    }


def field_threshold(
    *,
    mag: ArrayLike,
    mad: ArrayLike,
    flagged: ArrayLike,
    auto_class: ArrayLike,
    chi2: ArrayLike,
    num_lc: ArrayLike,
    var_qual_flag: ArrayLike,
) -> ThresholdCurve:
    """The threshold curve of one field in one filter from all its rows (one entry per object): the
    catalogue's boundary where it can be estimated, else the estimate from the constant stars (AutoClass 0;
    every row when the field has none). The curve may be empty (too few rows for either)."""
    mags, mads = np.asarray(mag, dtype=float), np.asarray(mad, dtype=float)
    good = np.isfinite(mags) & np.isfinite(mads) & (mads > 0)
    is_flagged = np.asarray(flagged, dtype=bool)
    counts = {"n_rows": int(good.sum()), "n_flagged": int((good & is_flagged).sum())}
    boundary = catalogue_boundary(
        mag=mags[good],
        mad=mads[good],
        flagged=is_flagged[good],
        chi2=np.asarray(chi2, dtype=float)[good],
        num_lc=np.asarray(num_lc, dtype=float)[good],
        graded=np.asarray(var_qual_flag, dtype=object)[good] != UNGRADED,
    )
    if boundary is not None:
        centres, thresholds, k = boundary
        return ThresholdCurve(CATALOGUE, centres, thresholds, k_sigmas=k, **counts)
    classes = np.asarray(auto_class)[good]
    constants = classes == 0 if np.any(classes == 0) else np.ones(classes.size, dtype=bool)
    centres, thresholds = stats.mad_threshold_curve(mags[good][constants], mads[good][constants])
    keep = thresholds > 0
    return ThresholdCurve(ESTIMATE, centres[keep], thresholds[keep], **counts)


def catalogue_boundary(
    *,
    mag: np.ndarray,
    mad: np.ndarray,
    flagged: np.ndarray,
    chi2: np.ndarray,
    num_lc: np.ndarray,
    graded: np.ndarray,
    rows_per_bin: int = ROWS_PER_BIN,
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """(centres, thresholds, fitted sigmas) of the boundary the catalogue applied, or None when the rows do
    not bound it from both sides. Precondition: every magnitude and MAD finite, every MAD positive."""
    log_mad = np.log10(mad)
    unflagged = ~flagged & graded  # ungraded rows (saturated in the HCV) were not searched: no part in it
    if flagged.sum() < MIN_FLAGGED_ROWS or unflagged.sum() < MIN_UNFLAGGED_ROWS:
        return None
    edges, centres, median, sigma = _locus(mag[unflagged], log_mad[unflagged], rows_per_bin)
    z = (log_mad - np.interp(mag, centres, median)) / np.interp(mag, centres, sigma)
    chi2_cut = np.nanmin(chi2[flagged]) if np.isfinite(chi2[flagged]).any() else -np.inf
    could_flag = (
        (num_lc >= num_lc[flagged].min())
        & (np.nan_to_num(chi2, nan=-np.inf) >= chi2_cut)
        & (mag <= mag[flagged].max())
    )
    speaks = flagged | (unflagged & could_flag)
    if not (unflagged & could_flag).any():
        return None
    gaps = _separating_gaps(z[speaks], flagged[speaks])
    k = _gap_centre(
        max(gaps, key=lambda gap: (bool(np.isfinite(gap).all()), min(gap[1], 1e6) - max(gap[0], -1e6)))
    )
    bins = np.digitize(mag[speaks], edges)
    order = np.argsort(bins, kind="stable")
    bins, z_speaks, flagged_speaks = bins[order], z[speaks][order], flagged[speaks][order]
    heights = np.full(centres.size, k)
    for b in range(centres.size):
        near = slice(*np.searchsorted(bins, [b - LOCUS_SMOOTHING_BINS, b + LOCUS_SMOOTHING_BINS + 1]))
        if near.stop > near.start:
            heights[b] = _height_in_bin(k, _separating_gaps(z_speaks[near], flagged_speaks[near]))
    return centres, 10.0 ** (median + heights * sigma), float(k)


def _locus(mag: np.ndarray, log_mad: np.ndarray, rows_per_bin: int):
    """Equal-count magnitude bins of the unflagged rows: (inner edges, as `np.digitize` takes them), then per
    bin its median magnitude, median log10 MAD and robust sigma of log10 MAD."""
    n_bins = int(np.clip(mag.size // rows_per_bin, 1, MAX_BINS))
    order = np.argsort(mag, kind="stable")
    sorted_mag, sorted_log_mad = mag[order], log_mad[order]
    bounds = (np.arange(n_bins + 1) * mag.size) // n_bins  # never an empty bin
    centres, median, sigma = np.empty(n_bins), np.empty(n_bins), np.empty(n_bins)
    for b in range(n_bins):
        values = sorted_log_mad[bounds[b] : bounds[b + 1]]
        centres[b] = np.median(sorted_mag[bounds[b] : bounds[b + 1]])
        median[b] = np.median(values)
        sigma[b] = MAD_TO_SIGMA * np.median(np.abs(values - median[b]))
    floor = max(float(np.median(sigma)), 1e-3) * 0.1  # a bin of identical MADs must not divide by zero
    return sorted_mag[bounds[1:-1]], centres, _smoothed(median), np.maximum(_smoothed(sigma), floor)


def _smoothed(values: np.ndarray, half_width: int = LOCUS_SMOOTHING_BINS) -> np.ndarray:
    """Running mean over up to 2 * half_width + 1 neighbouring bins (fewer at the ends)."""
    return np.asarray(
        [values[max(0, i - half_width) : i + half_width + 1].mean() for i in range(values.size)]
    )


def _separating_gaps(z: np.ndarray, flagged: np.ndarray) -> list[tuple[float, float]]:
    """The open intervals of heights c that misclassify fewest rows (flagged with z <= c, unflagged with
    z > c), each between two consecutive z values (or unbounded at the ends)."""
    order = np.argsort(z, kind="stable")
    zs, fs = z[order], flagged[order]
    # errors when the cut lies below the i-th sorted row: flagged rows below it + unflagged rows from it on
    errors = np.r_[0, np.cumsum(fs)] + np.r_[np.cumsum((~fs)[::-1])[::-1], 0]
    best = np.flatnonzero(errors == errors.min())
    below = np.r_[-np.inf, zs]
    above = np.r_[zs, np.inf]
    return [(float(below[i]), float(above[i])) for i in best if below[i] < above[i]]


def _gap_centre(gap: tuple[float, float]) -> float:
    low, high = gap
    if np.isinf(low):
        return high - ONE_SIDED_MARGIN_SIGMAS
    if np.isinf(high):
        return low + ONE_SIDED_MARGIN_SIGMAS
    return 0.5 * (low + high)


def _height_in_bin(k: float, gaps: list[tuple[float, float]]) -> float:
    """`k` when a bin's rows allow it, else the centre of the gap nearest to it."""
    if not gaps or any(low < k < high for low, high in gaps):
        return k
    nearest = min(gaps, key=lambda gap: min(abs(k - gap[0]), abs(k - gap[1])))
    return _gap_centre(nearest)

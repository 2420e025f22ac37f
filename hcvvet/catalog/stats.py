"""HCV per-filter statistics as pure numpy functions (definitions in shared/reference/hcv-facts.md).

Verified against the real M87 nova light curve (MatchID 1905457, ACS_F606W): MAD 0.4599, Chi2 77.4307.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class FilterStatistics:
    num_lc: int
    mean_mag: float
    mean_corr_mag: float
    mad: float
    chi2: float


def mean_mag(mag: ArrayLike) -> float:
    """MeanMag: the plain mean of the HSC magnitudes."""
    return float(np.mean(np.asarray(mag, dtype=float)))


def mad(corr_mag: ArrayLike) -> float:
    """MAD: median(|CorrMag - median(CorrMag)|), unscaled, in magnitudes."""
    values = np.asarray(corr_mag, dtype=float)
    return float(np.median(np.abs(values - np.median(values))))


def reduced_chi2(corr_mag: ArrayLike, mag_err: ArrayLike) -> float:
    """Reduced chi-square about the inverse-variance weighted mean of CorrMag; NaN for fewer than 2 points."""
    values = np.asarray(corr_mag, dtype=float)
    errors = np.asarray(mag_err, dtype=float)
    if values.size < 2:
        return float("nan")
    weights = 1.0 / errors**2
    weighted_mean = np.sum(weights * values) / np.sum(weights)
    return float(np.sum(((values - weighted_mean) / errors) ** 2) / (values.size - 1))


def filter_statistics(mag: ArrayLike, corr_mag: ArrayLike, mag_err: ArrayLike) -> FilterStatistics:
    """The HCVfilter statistics of one light curve in one filter."""
    corr = np.asarray(corr_mag, dtype=float)
    return FilterStatistics(
        num_lc=int(corr.size),
        mean_mag=mean_mag(mag),
        mean_corr_mag=mean_mag(corr),
        mad=mad(corr),
        chi2=reduced_chi2(corr, mag_err),
    )


def statistics_agree(
    stored: FilterStatistics, computed: FilterStatistics, *, mag_tol: float = 0.001, mad_tol: float = 0.0001
) -> bool:
    """Whether catalogue statistics match those recomputed from the light curve, to the catalogue's precision.

    The catalogue prints mean magnitudes to 1 mmag and MAD to 0.1 mmag: each may differ by one unit of its
    last printed digit; Chi2 is compared relatively.
    """
    slack = 1e-9  # binary floating point: 0.4599 - 0.4598 is not exactly 0.0001
    return (
        stored.num_lc == computed.num_lc
        and abs(stored.mean_mag - computed.mean_mag) <= mag_tol + slack
        and abs(stored.mean_corr_mag - computed.mean_corr_mag) <= mag_tol + slack
        and abs(stored.mad - computed.mad) <= mad_tol + slack
        and bool(np.isclose(stored.chi2, computed.chi2, rtol=1e-3, atol=1e-3, equal_nan=True))
    )


def mad_threshold_curve(
    mag: ArrayLike,
    mad_values: ArrayLike,
    *,
    n_sigma: float = 5.0,
    bin_width_mag: float = 0.5,
    min_per_bin: int = 10,
) -> tuple[np.ndarray, np.ndarray]:
    """The magnitude-dependent detection threshold: running median of MAD plus `n_sigma` robust sigmas.

    Returns (bin centres in mag, threshold in mag), only for bins holding at least `min_per_bin` objects.
    The robust sigma is 1.4826 times the MAD of the MAD values in the bin.
    """
    mags = np.asarray(mag, dtype=float)
    mads = np.asarray(mad_values, dtype=float)
    good = np.isfinite(mags) & np.isfinite(mads)
    mags, mads = mags[good], mads[good]
    if mags.size == 0:
        return np.empty(0), np.empty(0)
    edges = np.arange(np.floor(mags.min()), np.ceil(mags.max()) + bin_width_mag, bin_width_mag)
    index = np.digitize(mags, edges) - 1
    centres, thresholds = [], []
    for i in range(len(edges) - 1):
        in_bin = mads[index == i]
        if in_bin.size < min_per_bin:
            continue
        median = np.median(in_bin)
        sigma = 1.4826 * np.median(np.abs(in_bin - median))
        centres.append(0.5 * (edges[i] + edges[i + 1]))
        thresholds.append(median + n_sigma * sigma)
    return np.asarray(centres), np.asarray(thresholds)


# Exposures closer than about one HST orbit (96 min) belong to one visit: they do not sample the light curve
# independently (and the HLA combines a visit's exposures into one image).
VISIT_GAP_DAYS = 0.07


def visit_times(mjd: ArrayLike, *, gap_days: float = VISIT_GAP_DAYS) -> np.ndarray:
    """Mean MJD of each independent visit: the sorted epochs split wherever two consecutive ones are at least
    `gap_days` apart."""
    t = np.sort(np.asarray(mjd, dtype=float))
    if t.size == 0:
        return t
    return np.asarray([visit.mean() for visit in np.split(t, np.flatnonzero(np.diff(t) >= gap_days) + 1)])


def searchable_periods(mjd: ArrayLike, *, gap_days: float = VISIT_GAP_DAYS) -> tuple[float, float] | None:
    """(shortest, longest) period in days that the sampling supports, or None when it supports none.

    No period shorter than twice the shortest separation of independent visits (shorter ones are not sampled
    within a cycle), none longer than half the baseline (at least two cycles must be seen).
    """
    visits = visit_times(mjd, gap_days=gap_days)
    if visits.size < 3:
        return None
    shortest, longest = 2.0 * float(np.min(np.diff(visits))), float(np.ptp(visits)) / 2.0
    return (shortest, longest) if shortest < longest else None


@dataclass(frozen=True)
class Periodogram:
    """A Lomb-Scargle periodogram over a bounded period range and its highest peak.

    `false_alarm_probability` is Baluev's (2008) upper bound for the searched frequency range: the chance
    that noise alone gives a peak this high anywhere in the range (conservative).
    """

    period_days: float
    false_alarm_probability: float
    significant_power: float  # the power a peak needs for a false-alarm probability of `significance`
    min_period_days: float
    max_period_days: float
    frequency_per_day: np.ndarray
    power: np.ndarray

    @property
    def peak_at_edge(self) -> bool:
        """True when the highest peak is the first or last frequency searched: a trend or an alias of the
        range's bound, not a period inside it."""
        best = int(np.argmax(self.power))
        return best in (0, self.power.size - 1)


def periodogram(
    mjd: ArrayLike,
    mag: ArrayLike,
    mag_err: ArrayLike,
    *,
    min_period_days: float,
    max_period_days: float,
    samples_per_peak: float = 10,
    significance: float = 0.01,
) -> Periodogram:
    """Lomb-Scargle periodogram (floating mean, weighted by the errors) between the two periods, the
    false-alarm probability of its highest peak over that same range, and the power a peak needs to reach
    the false-alarm probability `significance`.

    Precondition: 0 < min_period_days < max_period_days (see `searchable_periods`).
    """
    from astropy.timeseries import LombScargle

    t = np.asarray(mjd, dtype=float)
    model = LombScargle(t, np.asarray(mag, dtype=float), np.asarray(mag_err, dtype=float))
    bounds = {"minimum_frequency": 1.0 / max_period_days, "maximum_frequency": 1.0 / min_period_days}
    frequency, power = model.autopower(samples_per_peak=samples_per_peak, **bounds)
    best = int(np.argmax(power))
    # A perfect fit has power 1 (or a rounding error above it), where Baluev's formula is 0 ** negative.
    peak = min(float(power[best]), float(np.nextafter(1.0, 0.0)))
    fap = float(model.false_alarm_probability(peak, method="baluev", **bounds))
    return Periodogram(
        period_days=float(1.0 / frequency[best]),
        false_alarm_probability=min(max(fap, 0.0), 1.0),
        significant_power=float(model.false_alarm_level(significance, method="baluev", **bounds)),
        min_period_days=min_period_days,
        max_period_days=max_period_days,
        frequency_per_day=frequency,
        power=power,
    )


def phase(mjd: ArrayLike, period_days: float, epoch_mjd: float | None = None) -> np.ndarray:
    """Phase in [0, 1) of each epoch for the given period, counted from `epoch_mjd` (default: first epoch)."""
    t = np.asarray(mjd, dtype=float)
    start = float(t.min()) if epoch_mjd is None else epoch_mjd
    return np.mod(t - start, period_days) / period_days


def grouped_median_and_mad(
    keys: ArrayLike, values: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Median and MAD (unscaled, as `mad`) of the values of each key, for many light curves at once.

    Returns (sorted unique keys, number of values, median, MAD), one entry per key; the medians of an even
    number of values are the mean of the middle two, as numpy's.
    """
    k = np.asarray(keys)
    v = np.asarray(values, dtype=float)
    order = np.lexsort((v, k))
    k, v = k[order], v[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if k.size else np.empty(0, dtype=int)
    counts = np.diff(np.r_[starts, k.size])

    def middle(sorted_values: np.ndarray) -> np.ndarray:
        return 0.5 * (sorted_values[starts + (counts - 1) // 2] + sorted_values[starts + counts // 2])

    median = middle(v)
    group = np.repeat(np.arange(starts.size), counts)
    deviation = np.abs(v - median[group])
    return k[starts], counts, median, middle(deviation[np.lexsort((deviation, group))])

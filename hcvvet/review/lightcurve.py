"""Light-curve science of the candidate page: pure functions over numpy arrays and epoch rows, no Django.

An epoch row is a dict with at least "filter", "mjd", "mag" (CorrMag), "err" (MagErr, may be None) and
"rejected"; rejected epochs never count in a statistic, a period or an outlier test.
"""

from collections.abc import Sequence

import numpy as np

from hcvvet.catalog import stats

SHORT_LIGHT_CURVE_POINTS = 5
OUTLIER_ROBUST_SIGMAS = 3.0
MAD_TO_SIGMA = 1.4826  # a normal distribution's sigma per unit of (unscaled) MAD
PERIOD_GRID_MAX = 60_000
PERIOD_MIN_DAYS = 0.05
PERIOD_MIN_EPOCHS = 5
PERIOD_SAMPLES_PER_PEAK = 5
DEFAULT_MAG_ERR = 0.01


def deviates(
    deviation: np.ndarray | float, mad_mag: np.ndarray | float, err_mag: np.ndarray | float
) -> np.ndarray:
    """True where a magnitude is further from its light curve's centre than OUTLIER_ROBUST_SIGMAS robust
    sigmas (from the MAD) and OUTLIER_ROBUST_SIGMAS error bars: the one outlier rule of the page."""
    limit = np.maximum(
        OUTLIER_ROBUST_SIGMAS * MAD_TO_SIGMA * np.asarray(mad_mag),
        OUTLIER_ROBUST_SIGMAS * np.asarray(err_mag),
    )
    return np.abs(np.asarray(deviation)) > limit


def kept_indices(epochs: Sequence[dict], band: str) -> list[int]:
    """Indices of the epochs of one filter that are not rejected."""
    return [i for i, e in enumerate(epochs) if e["filter"] == band and not e["rejected"]]


def outliers(epochs: Sequence[dict], filters: Sequence[str]) -> list[int]:
    """Indices of kept epochs that deviate from their filter's median (at least three kept epochs needed)."""
    found = []
    for band in filters:
        index = kept_indices(epochs, band)
        if len(index) < 3:
            continue
        mags = np.asarray([epochs[i]["mag"] for i in index])
        errs = np.asarray([epochs[i]["err"] or 0.0 for i in index])
        flagged = deviates(mags - np.median(mags), stats.mad(mags), errs)
        found += [i for i, is_out in zip(index, flagged, strict=True) if is_out]
    return found


def highlights(epochs: Sequence[dict], filters: Sequence[str]) -> list[dict]:
    """Epochs the cutout strip always shows: brightest, median and faintest kept epoch of each filter,
    or every epoch of a filter with a short light curve."""
    chosen = []
    for band in filters:
        kept = sorted((epochs[i]["mag"], i) for i in kept_indices(epochs, band))
        if not kept:
            continue
        if len(kept) <= SHORT_LIGHT_CURVE_POINTS:
            chosen += [
                {"epoch": i, "role": f"{band} #{n + 1}"}
                for n, (_, i) in enumerate(sorted(kept, key=lambda k: k[1]))
            ]
            continue
        for role, (_, index) in (
            ("brightest", kept[0]),
            ("median", kept[len(kept) // 2]),
            ("faintest", kept[-1]),
        ):
            chosen.append({"epoch": index, "role": f"{band} {role}"})
    return chosen


def initial_epoch(epochs: Sequence[dict], outlier_indices: Sequence[int]) -> int | None:
    """Open on the most suspicious epoch: the first outlier, else the first epoch."""
    if outlier_indices:
        return outlier_indices[0]
    return 0 if epochs else None


def best_period(epochs: Sequence[dict], filters: Sequence[str]) -> dict | None:
    """Lomb-Scargle period of the best-sampled filter (kept epochs only), with the grid bounded for speed:
    {"filter", "period_days", "fap"}, or None when that filter has too few epochs or no significant peak."""
    by_filter = {band: [epochs[i] for i in kept_indices(epochs, band)] for band in filters}
    band = max(filters, key=lambda b: len(by_filter[b]), default=None)
    if band is None:
        return None
    points = by_filter[band]
    mjd = np.asarray([e["mjd"] for e in points], dtype=float)
    if mjd.size < PERIOD_MIN_EPOCHS or np.ptp(mjd) <= 0:
        return None
    min_period = max(PERIOD_MIN_DAYS, PERIOD_SAMPLES_PER_PEAK * float(np.ptp(mjd)) / PERIOD_GRID_MAX)
    # Astropy's Baluev bound overflows to NaN for very significant peaks; that case is reported as None.
    with np.errstate(invalid="ignore", over="ignore"):
        periodogram = stats.best_period(
            mjd,
            [e["mag"] for e in points],
            [e["err"] or DEFAULT_MAG_ERR for e in points],
            min_period_days=min_period,
            samples_per_peak=PERIOD_SAMPLES_PER_PEAK,
        )
    if periodogram is None:
        return None
    fap = periodogram.false_alarm_probability
    return {
        "filter": band,
        "period_days": round(periodogram.period_days, 6),
        "fap": float(f"{fap:.3g}") if np.isfinite(fap) else None,
    }


def phases(epochs: Sequence[dict], period_days: float) -> np.ndarray:
    """Phase in [0, 1) of every epoch at `period_days`, counted from the first epoch."""
    mjd = [e["mjd"] for e in epochs]
    return stats.phase(mjd, period_days, min(mjd))


def vetted_statistics(epochs: Sequence[dict], band: str) -> stats.FilterStatistics | None:
    """MAD and Chi2 of one filter's kept epochs: what the catalogue's values become once epochs are
    rejected."""
    kept = [epochs[i] for i in kept_indices(epochs, band)]
    if not kept:
        return None
    mags = [e["mag"] for e in kept]
    return stats.filter_statistics(mags, mags, [e["err"] for e in kept])


def sample(rng: np.random.Generator, rows: np.ndarray, limit: int) -> np.ndarray:
    """At most `limit` rows, drawn without replacement and kept in their order."""
    if len(rows) <= limit:
        return rows
    return rows[np.sort(rng.choice(len(rows), size=limit, replace=False))]


def constants_threshold_curve(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The MAD detection threshold (centres, thresholds) of a (mag, MAD, AutoClass) table.

    The threshold follows the constant stars; candidates (MAD above it by construction) would drag it up, so
    they count only when a field has no constant star at all."""
    constants = table[table[:, 2] == 0] if np.any(table[:, 2] == 0) else table
    return stats.mad_threshold_curve(constants[:, 0], constants[:, 1])


def colour_magnitude_table(rows: Sequence[tuple], blue: str, red: str) -> np.ndarray:
    """(blue - red colour, red magnitude, AutoClass) of objects measured in both filters, from
    (candidate id, filter, magnitude, MAD, AutoClass) rows."""
    blue_mag = {r[0]: r[2] for r in rows if r[1] == blue}
    return np.asarray(
        [(blue_mag[r[0]] - r[2], r[2], r[4]) for r in rows if r[1] == red and r[0] in blue_mag], dtype=float
    ).reshape(-1, 3)

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
# A sinusoid with a floating mean has three parameters: with fewer independent visits than this any period
# fits about as well as any other, so none is searched (the HCV searched light curves from five points).
PERIOD_MIN_VISITS = 8
# A fold is offered only for a peak this unlikely from noise over the whole searched range: strict, because a
# fold drawn on noise misleads an expert far more than a missing one (pure noise on the M87 and IC 1613
# cadences: about 1 % of light curves below FAP 0.01, 0.1 % or fewer below this).
PERIOD_FAP_MAX = 0.001
PERIOD_SAMPLES_PER_PEAK = 10
PERIOD_SAMPLES_PER_PEAK_MIN = 2
PERIOD_GRID_MAX = 100_000  # frequencies; long baselines get a coarser (never under 2 per peak) grid
PERIODOGRAM_POINTS_MAX = 1500  # sent to the browser, keeping each stretch's highest power
DEFAULT_MAG_ERR = 0.01


def deviates(
    deviation: np.ndarray | float, mad_mag: np.ndarray | float, err_mag: np.ndarray | float
) -> np.ndarray:
    """True where a magnitude is further from its light curve's centre than OUTLIER_ROBUST_SIGMAS robust
    sigmas (from the MAD) and OUTLIER_ROBUST_SIGMAS error bars: the one outlier rule of the page."""
    return np.abs(np.asarray(deviation)) > outlier_limit(mad_mag, err_mag)


def outlier_limit(mad_mag: np.ndarray | float, err_mag: np.ndarray | float) -> np.ndarray:
    """How far from the centre a magnitude must lie to be an outlier (mag)."""
    return np.maximum(
        OUTLIER_ROBUST_SIGMAS * MAD_TO_SIGMA * np.asarray(mad_mag),
        OUTLIER_ROBUST_SIGMAS * np.asarray(err_mag),
    )


def kept_indices(epochs: Sequence[dict], band: str) -> list[int]:
    """Indices of the epochs of one filter that are not rejected."""
    return [i for i, e in enumerate(epochs) if e["filter"] == band and not e["rejected"]]


def outliers(epochs: Sequence[dict], filters: Sequence[str]) -> list[int]:
    """Indices of kept epochs that deviate from their filter's median (at least three kept epochs needed),
    the most suspicious first: by how far beyond the rule's limit each lies (its deviation over the limit)."""
    found: list[tuple[float, int]] = []
    for band in filters:
        index = kept_indices(epochs, band)
        if len(index) < 3:
            continue
        mags = np.asarray([epochs[i]["mag"] for i in index])
        errs = np.asarray([epochs[i]["err"] or 0.0 for i in index])
        deviation, mad = mags - np.median(mags), stats.mad(mags)
        flagged = deviates(deviation, mad, errs)
        limit = np.broadcast_to(outlier_limit(mad, errs), deviation.shape)
        found += [
            (float(abs(d) / limit_i) if limit_i > 0 else float("inf"), i)
            for i, d, limit_i, is_out in zip(index, deviation, limit, flagged, strict=True)
            if is_out
        ]
    return [i for _, i in sorted(found, key=lambda pair: (-pair[0], pair[1]))]


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


def initial_epoch(
    epochs: Sequence[dict], outlier_indices: Sequence[int], flagged_filters: Sequence[str] = ()
) -> int | None:
    """Open on the most suspicious epoch: the first outlier (`outliers` ranks them), else the first epoch of
    the first of `flagged_filters` that has one (the filters the catalogue flagged variable, FilterDetFlag,
    most variable first: the field plots then open where the variability was seen), else the first epoch."""
    if outlier_indices:
        return outlier_indices[0]
    for band in flagged_filters:
        first = next((i for i, epoch in enumerate(epochs) if epoch["filter"] == band), None)
        if first is not None:
            return first
    return 0 if epochs else None


def period_search(epochs: Sequence[dict], filters: Sequence[str]) -> dict:
    """The period search of the best-sampled filter (kept epochs only), and whether it justifies a fold.

    The periods searched are those the sampling supports (`stats.searchable_periods`); the false-alarm
    probability covers that whole range. A fold is offered only when the filter has PERIOD_MIN_VISITS
    independent visits, the highest peak lies inside the range and its false-alarm probability is below
    PERIOD_FAP_MAX; otherwise `reason` says why not. `periodogram` holds the periods (d) and powers to draw.
    """
    by_filter = {band: [epochs[i] for i in kept_indices(epochs, band)] for band in filters}
    band = max(filters, key=lambda b: len(by_filter[b]), default=None)
    points = by_filter[band] if band is not None else []
    mjd = np.asarray([e["mjd"] for e in points], dtype=float)
    visits = int(stats.visit_times(mjd).size)
    found: dict = {
        "filter": band,
        "visits": visits,
        "min_period_days": None,
        "max_period_days": None,
        "period_days": None,
        "fap": None,
        "fold": False,
        "fap_max": PERIOD_FAP_MAX,
        "reason": "",
        "periodogram": {"x": [], "y": []},
        "significant_power": None,
    }
    if visits < PERIOD_MIN_VISITS:
        found["reason"] = (
            f"too few visits for a period search ({visits} independent visits; {PERIOD_MIN_VISITS} needed)"
        )
        return found
    bounds = stats.searchable_periods(mjd)
    if bounds is None:
        found["reason"] = "the sampling supports no period (visits too unevenly spread)"
        return found
    periodogram = stats.periodogram(
        mjd,
        [e["mag"] for e in points],
        [e["err"] or DEFAULT_MAG_ERR for e in points],
        min_period_days=bounds[0],
        max_period_days=bounds[1],
        samples_per_peak=_samples_per_peak(mjd, bounds),
        significance=PERIOD_FAP_MAX,
    )
    fap = periodogram.false_alarm_probability
    found |= {
        "min_period_days": round(bounds[0], 4),
        "max_period_days": round(bounds[1], 4),
        "period_days": round(periodogram.period_days, 6),
        "fap": float(f"{fap:.2g}"),
        "periodogram": _periodogram_curve(periodogram),
        "significant_power": round(periodogram.significant_power, 4),
    }
    if fap >= PERIOD_FAP_MAX:
        found["reason"] = f"no significant period (FAP {fap:.2g}; a fold needs below {PERIOD_FAP_MAX:g})"
    elif periodogram.peak_at_edge:
        found["reason"] = (
            f"the strongest signal is at the edge of the periods searched ({bounds[0]:.3g} to "
            f"{bounds[1]:.3g} d): a trend or an alias, not a period"
        )
    else:
        found["fold"] = True
    return found


def _samples_per_peak(mjd: np.ndarray, bounds: tuple[float, float]) -> float:
    """Grid density: PERIOD_SAMPLES_PER_PEAK, coarser where a long baseline would exceed PERIOD_GRID_MAX."""
    peaks = (1.0 / bounds[0] - 1.0 / bounds[1]) * float(np.ptp(mjd))
    return float(
        np.clip(PERIOD_GRID_MAX / max(peaks, 1.0), PERIOD_SAMPLES_PER_PEAK_MIN, PERIOD_SAMPLES_PER_PEAK)
    )


def _periodogram_curve(periodogram: stats.Periodogram) -> dict:
    """Period (d) and power of the periodogram, at most PERIODOGRAM_POINTS_MAX points: each stretch of the
    grid keeps its highest power, so no peak is lost."""
    power = periodogram.power
    period = 1.0 / periodogram.frequency_per_day
    if power.size > PERIODOGRAM_POINTS_MAX:
        stretches = np.array_split(np.arange(power.size), PERIODOGRAM_POINTS_MAX)
        keep = np.asarray([s[np.argmax(power[s])] for s in stretches])
        period, power = period[keep], power[keep]
    return {"x": [round(float(p), 6) for p in period], "y": [round(float(v), 4) for v in power]}


def phases(epochs: Sequence[dict], period_days: float) -> np.ndarray:
    """Phase in [0, 1) of every epoch at `period_days`, counted from the first epoch."""
    mjd = [e["mjd"] for e in epochs]
    return stats.phase(mjd, period_days, min(mjd))


def sample(rng: np.random.Generator, rows: np.ndarray, limit: int) -> np.ndarray:
    """At most `limit` rows, drawn without replacement and kept in their order."""
    if len(rows) <= limit:
        return rows
    return rows[np.sort(rng.choice(len(rows), size=limit, replace=False))]


def colour_magnitude_table(rows: Sequence[tuple], blue: str, red: str) -> np.ndarray:
    """(blue - red colour, blue magnitude, AutoClass) of objects measured in both filters, from
    (candidate id, filter, magnitude, MAD, AutoClass) rows: the seed notebook's axes (cell 9)."""
    red_mag = {r[0]: r[2] for r in rows if r[1] == red}
    return np.asarray(
        [(r[2] - red_mag[r[0]], r[2], r[4]) for r in rows if r[1] == blue and r[0] in red_mag], dtype=float
    ).reshape(-1, 3)

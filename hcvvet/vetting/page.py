"""The candidate page's selector: everything the review page shows for one candidate, as JSON-ready data.

`candidate_page` runs a fixed number of queries whatever the length of the light curve or the size of the
database (a test holds it to that); the group's context (MAD-magnitude cloud, threshold curve, colour-magnitude
diagram) is computed once per group and filters and cached, and served to the browser by its own cacheable URL.
"""

import re
from dataclasses import dataclass

import numpy as np
from astropy import units as u
from astropy.coordinates import SkyCoord
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse

from hcvvet.catalog import stats
from hcvvet.catalog.models import (
    AutoClass,
    Candidate,
    Cutout,
    CutoutStatus,
    ExpertClass,
    FilterStat,
    Measurement,
)
from hcvvet.vetting import plots
from hcvvet.vetting.models import Campaign, Label

ZOOMED_IN_PX = 19
ZOOMED_OUT_PX = 101
CONTEXT_POINTS_MAX = 1500
CONTEXT_CACHE_SECONDS = 600
SHORT_LIGHT_CURVE_POINTS = 5
OUTLIER_ROBUST_SIGMAS = 3.0
SAME_IMAGES_MAX = 8
PERIOD_GRID_MAX = 60_000

QUALITY_LETTERS = (
    ("CI", "concentration index: steady across epochs means a point source, not a blend or extended object"),
    ("D", "distance of each detection from the match position: large values hint at a mismatch or blend"),
    ("MagerrAper2", "photometric error of the aperture-2 magnitudes"),
    (
        "MagAper2-MagAuto",
        "aperture minus auto magnitude: departs from a star's value for blends or extended sources",
    ),
    ("p2p", "point-to-point scatter of the light curve against its overall spread"),
)
GRADES = {"A": "good", "B": "fair", "C": "poor", "-": "not graded"}

LABEL_COLOURS = {1: "#0072B2", 2: "#E69F00", 4: "#D55E00"}


@dataclass(frozen=True)
class GroupContext:
    """The context of a group in some filters; `curves` maps a filter to its threshold (centres, thresholds)."""

    data: dict
    curves: dict[str, tuple[list[float], list[float]]]


def filter_order_key(band: str) -> tuple[int, str]:
    """Sort filters by wavelength: `ACS_F475W` before `ACS_F814W`; unparsable names last."""
    digits = re.search(r"F(\d+)", band.upper())
    return (int(digits.group(1)) if digits else 10_000, band)


def quality_letters(flag: str) -> list[dict]:
    """Each VarQualFlag letter with what it grades and what the grade means (the page shows it on hover)."""
    letters = []
    for (name, meaning), grade in zip(QUALITY_LETTERS, flag.ljust(5, "-"), strict=True):
        letters.append(
            {
                "letter": grade,
                "name": name,
                "title": f"{name} = {grade} ({GRADES.get(grade, '?')}): {meaning}",
            }
        )
    return letters


def sexagesimal(ra_deg: float, dec_deg: float) -> tuple[str, str]:
    coord = SkyCoord(ra_deg * u.deg, dec_deg * u.deg, frame="icrs")
    return (
        coord.ra.to_string(unit=u.hourangle, sep=":", precision=2, pad=True),
        coord.dec.to_string(unit=u.deg, sep=":", precision=1, pad=True, alwayssign=True),
    )


def _finite(value: float | None) -> float | None:
    """None for a missing or non-finite number: JSON has no NaN, and the browser's parser rejects it."""
    return None if value is None or not np.isfinite(value) else value


def _rounded(values, digits: int) -> list:
    return [None if v is None or not np.isfinite(v) else round(float(v), digits) for v in values]


def _sample(rng: np.random.Generator, rows: np.ndarray, limit: int) -> np.ndarray:
    if len(rows) <= limit:
        return rows
    return rows[np.sort(rng.choice(len(rows), size=limit, replace=False))]


def _context_key(group_id: int, filters: tuple[str, ...]) -> str:
    return f"hcvvet:review:context:v1:{group_id}:{','.join(filters)}"


def group_context(group_id: int, filters: tuple[str, ...]) -> GroupContext:
    """MAD-magnitude planes, threshold curves and the colour-magnitude diagram of a group (cached).

    One query on a cache miss, none on a hit. Constants and candidates are sampled to at most
    CONTEXT_POINTS_MAX points each (deterministically), so the payload stays bounded in any field.
    """
    key = _context_key(group_id, filters)
    found = cache.get(key)
    if found is not None:
        return found
    rows = list(
        FilterStat.objects.filter(candidate__group_id=group_id, filter__in=filters)
        .exclude(mean_corr_mag=None)
        .exclude(mad=None)
        .values_list("candidate_id", "filter", "mean_corr_mag", "mad", "candidate__auto_class")
    )
    rng = np.random.default_rng(group_id)
    data: dict = {"group_id": group_id, "filters": list(filters), "madmag": {}, "cmd": None}
    curves = {}
    for band in filters:
        table = np.asarray([(r[2], r[3], r[4]) for r in rows if r[1] == band], dtype=float).reshape(-1, 3)
        # The threshold follows the constant stars; candidates (MAD above it by construction) would drag it up.
        constants = table[table[:, 2] == 0] if np.any(table[:, 2] == 0) else table
        centres, thresholds = stats.mad_threshold_curve(constants[:, 0], constants[:, 1])
        curves[band] = (centres.tolist(), thresholds.tolist())
        cloud = _sample(rng, table[table[:, 2] == 0], CONTEXT_POINTS_MAX)
        candidates = _sample(rng, table[table[:, 2] > 0], CONTEXT_POINTS_MAX)
        data["madmag"][band] = {
            "cloud": {"x": _rounded(cloud[:, 0], 3), "y": _rounded(cloud[:, 1], 4)},
            "cands": {"x": _rounded(candidates[:, 0], 3), "y": _rounded(candidates[:, 1], 4)},
            "threshold": {"x": _rounded(centres, 3), "y": _rounded(thresholds, 4)},
            "x_range": plots.padded_range(table[:, 0]),
            "y_range": plots.padded_range(table[:, 1], log=True),
            "count": len(table),
        }
    if len(filters) >= 2:
        data["cmd"] = _colour_magnitude(rows, filters[0], filters[1], rng)
    context = GroupContext(data=data, curves=curves)
    cache.set(key, context, CONTEXT_CACHE_SECONDS)
    return context


def _colour_magnitude(rows: list[tuple], blue: str, red: str, rng: np.random.Generator) -> dict:
    """Colour (blue - red) against the red magnitude for objects measured in both filters."""
    blue_mag = {r[0]: r[2] for r in rows if r[1] == blue}
    table = np.asarray(
        [(blue_mag[r[0]] - r[2], r[2], r[4]) for r in rows if r[1] == red and r[0] in blue_mag], dtype=float
    ).reshape(-1, 3)
    cloud = _sample(rng, table[table[:, 2] == 0], CONTEXT_POINTS_MAX)
    candidates = _sample(rng, table[table[:, 2] > 0], CONTEXT_POINTS_MAX)
    return {
        "blue": blue,
        "red": red,
        "cloud": {"x": _rounded(cloud[:, 0], 3), "y": _rounded(cloud[:, 1], 3)},
        "cands": {"x": _rounded(candidates[:, 0], 3), "y": _rounded(candidates[:, 1], 3)},
        "x_range": plots.padded_range(table[:, 0]),
        "y_range": plots.padded_range(table[:, 1])[::-1],
    }


def context_url(group_id: int, filters: tuple[str, ...]) -> str:
    return reverse("vetting:context", kwargs={"group_id": group_id, "filters": ",".join(filters)})


def _cutout_urls(candidate_id: int) -> dict[tuple[str, int], str]:
    """(image name, size in px) -> URL of the cached JPEG; only cutouts already fetched."""
    cutouts = Cutout.objects.filter(
        candidate_id=candidate_id, status=CutoutStatus.OK, size_px__in=(ZOOMED_IN_PX, ZOOMED_OUT_PX)
    ).values_list("id", "image_id", "size_px")
    return {(image, size): reverse("vetting:cutout", kwargs={"cutout_id": pk}) for pk, image, size in cutouts}


def _best_period(epochs: list[dict], filters: list[str]) -> dict | None:
    """Lomb-Scargle period of the best-sampled filter (kept epochs only), with the grid bounded for speed."""
    by_filter = {band: [e for e in epochs if e["filter"] == band and not e["rejected"]] for band in filters}
    band = max(filters, key=lambda b: len(by_filter[b]), default=None)
    if band is None:
        return None
    points = by_filter[band]
    mjd = np.asarray([e["mjd"] for e in points], dtype=float)
    if mjd.size < 5 or np.ptp(mjd) <= 0:
        return None
    samples_per_peak = 5
    min_period = max(0.05, samples_per_peak * float(np.ptp(mjd)) / PERIOD_GRID_MAX)
    # Astropy's Baluev bound overflows to NaN for very significant peaks; that case is reported as None.
    with np.errstate(invalid="ignore", over="ignore"):
        periodogram = stats.best_period(
            mjd,
            [e["mag"] for e in points],
            [e["err"] or 0.01 for e in points],
            min_period_days=min_period,
            samples_per_peak=samples_per_peak,
        )
    if periodogram is None:
        return None
    fap = periodogram.false_alarm_probability
    return {
        "filter": band,
        "period_days": round(periodogram.period_days, 6),
        "fap": float(f"{fap:.3g}") if np.isfinite(fap) else None,
    }


def _phase_columns(epochs: list[dict], period: dict | None, colours: dict[str, str]) -> dict:
    columns: dict[str, list] = {name: [] for name in plots.PHASE_COLUMNS}
    if period is None:
        return columns
    start = min(e["mjd"] for e in epochs)
    phases = stats.phase([e["mjd"] for e in epochs], period["period_days"], start)
    for cycle in (0.0, 1.0):
        for index, (epoch, ph) in enumerate(zip(epochs, phases, strict=True)):
            columns["x"].append(round(float(ph) + cycle, 4))
            columns["y"].append(epoch["mag"])
            columns["colour"].append(colours[epoch["filter"]])
            columns["fill"].append("#ffffff" if epoch["rejected"] else colours[epoch["filter"]])
            columns["epoch"].append(index)
    return columns


def _light_curve_columns(epochs: list[dict], colours: dict[str, str]) -> dict:
    return {
        "x": [e["mjd"] for e in epochs],
        "y": [e["mag"] for e in epochs],
        "lo": [None if e["err"] is None else round(e["mag"] - e["err"], 4) for e in epochs],
        "hi": [None if e["err"] is None else round(e["mag"] + e["err"], 4) for e in epochs],
        "colour": [colours[e["filter"]] for e in epochs],
        "fill": ["#ffffff" if e["rejected"] else colours[e["filter"]] for e in epochs],
        "filter": [e["filter"] for e in epochs],
        "image": [e["image"] for e in epochs],
        "epoch": list(range(len(epochs))),
    }


def _highlights(epochs: list[dict], filters: list[str]) -> list[dict]:
    """Epochs the cutout strip always shows: brightest, median and faintest kept epoch of each filter,
    or every epoch of a filter with a short light curve."""
    chosen = []
    for band in filters:
        kept = sorted(
            (e["mag"], i) for i, e in enumerate(epochs) if e["filter"] == band and not e["rejected"]
        )
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


def _outliers(epochs: list[dict], filters: list[str]) -> list[int]:
    """Indices of kept epochs more than OUTLIER_ROBUST_SIGMAS robust sigmas (and error bars) off the median."""
    found = []
    for band in filters:
        index = [i for i, e in enumerate(epochs) if e["filter"] == band and not e["rejected"]]
        if len(index) < 3:
            continue
        mags = np.asarray([epochs[i]["mag"] for i in index])
        errs = np.asarray([epochs[i]["err"] or 0.0 for i in index])
        deviation = np.abs(mags - np.median(mags))
        limit = np.maximum(OUTLIER_ROBUST_SIGMAS * 1.4826 * stats.mad(mags), OUTLIER_ROBUST_SIGMAS * errs)
        found += [i for i, is_out in zip(index, deviation > limit, strict=True) if is_out]
    return found


def _same_images(candidate: Candidate, campaign: Campaign, images: set[str]) -> list[dict]:
    """Other candidates of the group that are outliers (against their own catalogue MAD) on these images."""
    rows = (
        Measurement.objects.filter(
            # With no outlier the query still runs (on an impossible image name), so that the page's query
            # count stays the same whatever the light curve.
            image_id__in=sorted(images) or [""],
            rejected=False,
            candidate__group_id=candidate.group_id,
            candidate__auto_class__gt=AutoClass.CONSTANT,
            candidate__filter_stats__filter=F("filter"),
        )
        .exclude(candidate_id=candidate.match_id)
        .values_list(
            "candidate_id",
            "image_id",
            "corr_mag",
            "mag_err",
            "candidate__filter_stats__mean_corr_mag",
            "candidate__filter_stats__mad",
        )[:5000]
    )
    shared: dict[int, list[str]] = {}
    for match_id, image, mag, err, mean, mad_value in rows:
        if None in (mag, mean, mad_value):
            continue
        if abs(mag - mean) > max(
            OUTLIER_ROBUST_SIGMAS * 1.4826 * mad_value, OUTLIER_ROBUST_SIGMAS * (err or 0.0)
        ):
            shared.setdefault(match_id, []).append(image)
    ranked = sorted(shared.items(), key=lambda item: (-len(item[1]), item[0]))[:SAME_IMAGES_MAX]
    return [
        {
            "match_id": str(match_id),
            "images": sorted(found),
            "url": reverse("vetting:candidate", kwargs={"campaign_id": campaign.pk, "match_id": match_id}),
        }
        for match_id, found in ranked
    ]


def _filter_rows(
    filter_stats: list[FilterStat], epochs: list[dict], context: GroupContext, colours
) -> list[dict]:
    rows = []
    for row in filter_stats:
        kept = [e for e in epochs if e["filter"] == row.filter and not e["rejected"]]
        vetted = (
            stats.filter_statistics(
                [e["mag"] for e in kept], [e["mag"] for e in kept], [e["err"] for e in kept]
            )
            if kept
            else None
        )
        threshold = _finite(row.mad_threshold)
        centres, values = context.curves.get(row.filter, ([], []))
        if threshold is None and _finite(row.mean_corr_mag) is not None and centres:
            threshold = float(stats.threshold_at(row.mean_corr_mag, np.asarray(centres), np.asarray(values)))
        ratio = row.mad / threshold if _finite(row.mad) is not None and threshold else None
        rows.append(
            {
                "filter": row.filter,
                "colour": colours[row.filter],
                "num_lc": row.num_lc,
                "mean_corr_mag": _finite(row.mean_corr_mag),
                "mad": _finite(row.mad),
                "threshold": None if threshold is None else round(threshold, 4),
                "mad_over_threshold": None if ratio is None else round(ratio, 2),
                "chi2": _finite(row.chi2),
                "filter_det_flag": row.filter_det_flag,
                "var_qual_flag": row.var_qual_flag,
                "quality": quality_letters(row.var_qual_flag),
                "kept": len(kept),
                "vetted_mad": None if vetted is None else round(vetted.mad, 4),
                "vetted_chi2": None
                if vetted is None or not np.isfinite(vetted.chi2)
                else round(vetted.chi2, 3),
            }
        )
    return rows


def candidate_page(
    *, campaign: Campaign, candidate: Candidate, expert, show_catalogue_class: bool, queue: dict | None
) -> dict:
    """Everything the candidate page shows, JSON-ready.

    Preconditions: `candidate` was loaded with its group (select_related); `show_catalogue_class` comes
    from the campaign's visibility rules and `queue` (position, total) from the queue selectors, so this module
    stays free of campaign policy.
    """
    filter_stats = sorted(
        FilterStat.objects.filter(candidate=candidate), key=lambda r: filter_order_key(r.filter)
    )
    measured = list(
        Measurement.objects.filter(candidate=candidate).values_list(
            "id",
            "filter",
            "mjd",
            "corr_mag",
            "mag_err",
            "image_id",
            "rejected",
            "rejected_reason",
            "image__flagged",
        )
    )
    filters = sorted({r.filter for r in filter_stats} | {m[1] for m in measured}, key=filter_order_key)
    colours = {band: plots.FILTER_PALETTE[i % len(plots.FILTER_PALETTE)] for i, band in enumerate(filters)}
    cutouts = _cutout_urls(candidate.match_id)
    measured.sort(key=lambda m: (filter_order_key(m[1]), m[2]))
    epochs = [
        {
            "id": pk,
            "filter": band,
            "mjd": round(mjd, 5),
            "mag": None if mag is None else round(mag, 4),
            "err": None if err is None else round(err, 4),
            "image": image,
            "rejected": rejected,
            "reason": reason,
            "image_flagged": image_flagged,
            "inner": cutouts.get((image, ZOOMED_IN_PX)),
            "outer": cutouts.get((image, ZOOMED_OUT_PX)),
        }
        for pk, band, mjd, mag, err, image, rejected, reason, image_flagged in measured
        if mag is not None
    ]
    context = group_context(candidate.group_id, tuple(filters))
    label = (
        Label.objects.filter(campaign=campaign, candidate=candidate, expert=expert)
        .values("expert_class", "reasons", "comment")
        .first()
    )
    period = _best_period(epochs, filters)
    outliers = _outliers(epochs, filters)
    filter_rows = _filter_rows(filter_stats, epochs, context, colours)
    ra_hms, dec_dms = sexagesimal(candidate.ra_deg, candidate.dec_deg)
    return {
        "match_id": str(candidate.match_id),
        "campaign_id": campaign.pk,
        "url": reverse(
            "vetting:candidate", kwargs={"campaign_id": campaign.pk, "match_id": candidate.match_id}
        ),
        "header": {
            "group_id": candidate.group_id,
            "target": candidate.group.target_name,
            "sub_group_id": candidate.sub_group_id,
            "ra_deg": round(candidate.ra_deg, 6),
            "dec_deg": round(candidate.dec_deg, 6),
            "ra_hms": ra_hms,
            "dec_dms": dec_dms,
            "auto_class": candidate.auto_class,
            "auto_class_name": AutoClass(candidate.auto_class).label,
            "catalogue_class": candidate.hcv_expert_class if show_catalogue_class else None,
            "catalogue_class_name": ExpertClass(candidate.hcv_expert_class).label
            if show_catalogue_class
            else None,
            "num_filters": candidate.num_filters,
            "needs_review": candidate.needs_review,
            "stats_mismatch": candidate.stats_mismatch,
        },
        "queue": queue,
        "filters": filter_rows,
        "epochs": epochs,
        "highlights": _highlights(epochs, filters),
        "selected": _initial_epoch(epochs, outliers),
        "outliers": outliers,
        "period": period,
        "lc": _light_curve_columns(epochs, colours),
        "lc_range": {
            "x": plots.padded_range([e["mjd"] for e in epochs]),
            "y": plots.padded_range(
                [e["mag"] - (e["err"] or 0) for e in epochs] + [e["mag"] + (e["err"] or 0) for e in epochs]
            )[::-1],
        },
        "phase": _phase_columns(epochs, period, colours),
        "context_url": context_url(candidate.group_id, tuple(filters)),
        "this_point": {row["filter"]: {"x": row["mean_corr_mag"], "y": row["mad"]} for row in filter_rows},
        "same_images": _same_images(candidate, campaign, {epochs[i]["image"] for i in outliers}),
        "label": None
        if label is None or label["expert_class"] is None
        else {
            **label,
            "colour": LABEL_COLOURS[label["expert_class"]],
            "name": ExpertClass(label["expert_class"]).label,
        },
    }


def _initial_epoch(epochs: list[dict], outliers: list[int]) -> int | None:
    """Open on the most suspicious epoch: the first outlier, else the first epoch."""
    if outliers:
        return outliers[0]
    return 0 if epochs else None

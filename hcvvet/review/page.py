"""The candidate page's data: a selector gathering everything the review page shows for one candidate.

`candidate_page` runs a fixed number of queries whatever the length of the light curve or the size of the
database (a test holds it to that); the group's context (MAD-magnitude cloud, threshold curve,
colour-magnitude diagram) is computed once per group and filters and cached, and served to the browser by its
own cacheable URL.
The science is in `lightcurve` (pure functions), the figures' columns in `plots`; this module reads the
database and puts the pieces together.
"""

from dataclasses import dataclass

import numpy as np
from astropy import units as u
from astropy.coordinates import SkyCoord
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse

from hcvvet.catalog import stats
from hcvvet.catalog.classes import CATALOGUE_CLASS_TITLE, EXPERT_CLASS_COLOURS
from hcvvet.catalog.filters import filter_wavelength_order
from hcvvet.catalog.models import (
    AutoClass,
    Candidate,
    Cutout,
    CutoutStatus,
    ExpertClass,
    FilterStat,
    Measurement,
)
from hcvvet.vetting.models import Campaign, Label

from . import lightcurve, plots

ZOOMED_IN_PX = 19
ZOOMED_OUT_PX = 101
CONTEXT_POINTS_MAX = 1500
CONTEXT_CACHE_SECONDS = 600
SAME_IMAGES_MAX = 8
SAME_IMAGES_ROWS_MAX = 5000

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


@dataclass(frozen=True)
class GroupContext:
    """The context of a group in some filters; `curves` maps a filter to its threshold curve
    (centres, thresholds)."""

    data: dict
    curves: dict[str, tuple[list[float], list[float]]]


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
        centres, thresholds = lightcurve.constants_threshold_curve(table)
        curves[band] = (centres.tolist(), thresholds.tolist())
        data["madmag"][band] = plots.mad_magnitude_plane(
            table, *_cloud_and_candidates(rng, table), (centres, thresholds)
        )
    if len(filters) >= 2:
        blue, red = filters[0], filters[1]
        table = lightcurve.colour_magnitude_table(rows, blue, red)
        data["cmd"] = plots.colour_magnitude_plane(blue, red, table, *_cloud_and_candidates(rng, table))
    context = GroupContext(data=data, curves=curves)
    cache.set(key, context, CONTEXT_CACHE_SECONDS)
    return context


def _cloud_and_candidates(rng: np.random.Generator, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Samples of the constant stars (AutoClass 0) and of the candidates of a (x, y, AutoClass) table."""
    return (
        lightcurve.sample(rng, table[table[:, 2] == 0], CONTEXT_POINTS_MAX),
        lightcurve.sample(rng, table[table[:, 2] > 0], CONTEXT_POINTS_MAX),
    )


def context_url(group_id: int, filters: tuple[str, ...]) -> str:
    return reverse("review:context", kwargs={"group_id": group_id, "filters": ",".join(filters)})


def _cutout_urls(candidate_id: int) -> dict[tuple[str, int], str]:
    """(image name, size in px) -> URL of the cached JPEG; only cutouts already fetched."""
    cutouts = Cutout.objects.filter(
        candidate_id=candidate_id, status=CutoutStatus.OK, size_px__in=(ZOOMED_IN_PX, ZOOMED_OUT_PX)
    ).values_list("id", "image_id", "size_px")
    return {(image, size): reverse("review:cutout", kwargs={"cutout_id": pk}) for pk, image, size in cutouts}


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
        )[:SAME_IMAGES_ROWS_MAX]
    )
    shared: dict[int, list[str]] = {}
    for match_id, image, mag, err, mean, mad_value in rows:
        if mag is None or mean is None or mad_value is None:
            continue
        if lightcurve.deviates(mag - mean, mad_value, err or 0.0):
            shared.setdefault(match_id, []).append(image)
    ranked = sorted(shared.items(), key=lambda item: (-len(item[1]), item[0]))[:SAME_IMAGES_MAX]
    return [
        {
            "match_id": str(match_id),
            "images": sorted(found),
            "url": reverse("review:candidate", kwargs={"campaign_id": campaign.pk, "match_id": match_id}),
        }
        for match_id, found in ranked
    ]


def _filter_rows(
    filter_stats: list[FilterStat], epochs: list[dict], context: GroupContext, colours: dict[str, str]
) -> list[dict]:
    rows = []
    for row in filter_stats:
        vetted = lightcurve.vetted_statistics(epochs, row.filter)
        threshold = plots.finite(row.mad_threshold)
        centres, values = context.curves.get(row.filter, ([], []))
        mean_mag, mad = plots.finite(row.mean_corr_mag), plots.finite(row.mad)
        if threshold is None and mean_mag is not None and centres:
            threshold = float(stats.threshold_at(mean_mag, np.asarray(centres), np.asarray(values)))
        ratio = mad / threshold if mad is not None and threshold else None
        rows.append(
            {
                "filter": row.filter,
                "colour": colours[row.filter],
                "num_lc": row.num_lc,
                "mean_corr_mag": plots.finite(row.mean_corr_mag),
                "mad": plots.finite(row.mad),
                "threshold": None if threshold is None else round(threshold, 4),
                "mad_over_threshold": None if ratio is None else round(ratio, 2),
                "chi2": plots.finite(row.chi2),
                "filter_det_flag": row.filter_det_flag,
                "var_qual_flag": row.var_qual_flag,
                "quality": quality_letters(row.var_qual_flag),
                "kept": len(lightcurve.kept_indices(epochs, row.filter)),
                "vetted_mad": None if vetted is None else round(vetted.mad, 4),
                "vetted_chi2": None
                if vetted is None or not np.isfinite(vetted.chi2)
                else round(vetted.chi2, 3),
            }
        )
    return rows


def _epochs(candidate: Candidate) -> list[dict]:
    """The light curve, sorted by filter wavelength then MJD, each epoch with its cached cutouts' URLs."""
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
    cutouts = _cutout_urls(candidate.match_id)
    measured.sort(key=lambda m: (filter_wavelength_order(m[1]), m[2]))
    return [
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


def _header(candidate: Candidate, *, show_catalogue_class: bool) -> dict:
    ra_hms, dec_dms = sexagesimal(candidate.ra_deg, candidate.dec_deg)
    shown_class = candidate.hcv_expert_class if show_catalogue_class else None
    return {
        "group_id": candidate.group_id,
        "target": candidate.group.target_name,
        "sub_group_id": candidate.sub_group_id,
        "ra_deg": round(candidate.ra_deg, 6),
        "dec_deg": round(candidate.dec_deg, 6),
        "ra_hms": ra_hms,
        "dec_dms": dec_dms,
        "auto_class": candidate.auto_class,
        "auto_class_name": AutoClass(candidate.auto_class).label,
        "catalogue_class_title": CATALOGUE_CLASS_TITLE,
        "catalogue_class": shown_class,
        "catalogue_class_name": None if shown_class is None else ExpertClass(shown_class).label,
        "num_filters": candidate.num_filters,
        "needs_review": candidate.needs_review,
        "stats_mismatch": candidate.stats_mismatch,
    }


def _own_label(campaign: Campaign, candidate: Candidate, expert) -> dict | None:
    """The expert's own current label with its class's name and colour; None before a vote (or after a
    skip)."""
    label = (
        Label.objects.filter(campaign=campaign, candidate=candidate, expert=expert)
        .values("expert_class", "reasons", "comment")
        .first()
    )
    if label is None or label["expert_class"] is None:
        return None
    return {
        **label,
        "colour": EXPERT_CLASS_COLOURS[label["expert_class"]],
        "name": ExpertClass(label["expert_class"]).label,
    }


def candidate_page(
    *, campaign: Campaign, candidate: Candidate, expert, show_catalogue_class: bool, queue: dict | None
) -> dict:
    """Everything the candidate page shows, JSON-ready.

    Preconditions: `candidate` was loaded with its group (select_related); `show_catalogue_class` comes
    from the campaign's visibility rules and `queue` (position, total) from the queue selectors, so this
    module stays free of campaign policy.
    """
    filter_stats = sorted(
        FilterStat.objects.filter(candidate=candidate), key=lambda r: filter_wavelength_order(r.filter)
    )
    epochs = _epochs(candidate)
    filters = sorted(
        {r.filter for r in filter_stats} | {e["filter"] for e in epochs}, key=filter_wavelength_order
    )
    colours = plots.filter_colours(filters)
    context = group_context(candidate.group_id, tuple(filters))
    period = lightcurve.best_period(epochs, filters)
    outliers = lightcurve.outliers(epochs, filters)
    filter_rows = _filter_rows(filter_stats, epochs, context, colours)
    return {
        "match_id": str(candidate.match_id),
        "campaign_id": campaign.pk,
        "url": reverse(
            "review:candidate", kwargs={"campaign_id": campaign.pk, "match_id": candidate.match_id}
        ),
        "header": _header(candidate, show_catalogue_class=show_catalogue_class),
        "queue": queue,
        "filters": filter_rows,
        "epochs": epochs,
        "highlights": lightcurve.highlights(epochs, filters),
        "selected": lightcurve.initial_epoch(epochs, outliers),
        "outliers": outliers,
        "period": period,
        "lc": plots.light_curve_columns(epochs, colours),
        "lc_range": plots.light_curve_range(epochs),
        "phase": plots.phase_columns(
            epochs, None if period is None else lightcurve.phases(epochs, period["period_days"]), colours
        ),
        "context_url": context_url(candidate.group_id, tuple(filters)),
        "this_point": {row["filter"]: {"x": row["mean_corr_mag"], "y": row["mad"]} for row in filter_rows},
        "same_images": _same_images(candidate, campaign, {epochs[i]["image"] for i in outliers}),
        "label": _own_label(campaign, candidate, expert),
    }

"""The candidate page's data: a selector gathering everything the review page shows for one candidate.

`candidate_page` runs a fixed number of queries whatever the length of the light curve or the size of the
database (a test holds it to that); the group's context (MAD-magnitude cloud, threshold curve,
colour-magnitude diagram) is computed once per group and filters and cached, and served to the browser by its
own cacheable URL: the candidate's page never waits for it (the page embeds it only when it is cached).
The science is in `lightcurve` (pure functions), the figures' columns in `plots`; this module reads the
database and puts the pieces together.
"""

from collections.abc import Iterable

import numpy as np
from astropy import units as u
from astropy.coordinates import SkyCoord
from django.core.cache import cache
from django.urls import reverse

from hcvvet.catalog import thresholds
from hcvvet.catalog.classes import CATALOGUE_CLASS_TITLE, EXPERT_CLASS_COLOURS
from hcvvet.catalog.filters import filter_wavelength_order
from hcvvet.catalog.models import (
    AutoClass,
    Candidate,
    Cutout,
    CutoutStatus,
    ExpertClass,
    FilterStat,
    Group,
    Measurement,
)
from hcvvet.catalog.selectors import field_threshold_curves
from hcvvet.catalog.versioning import group_data_version
from hcvvet.vetting.epochs import HIDDEN_REASON, EpochsSeen, epochs_seen
from hcvvet.vetting.models import Campaign, Label

from . import lightcurve, plots, same_images

ZOOMED_IN_PX = 19
ZOOMED_OUT_PX = 101
CONTEXT_POINTS_MAX = 1500
CONTEXT_CACHE_SECONDS = 600

# VarQualFlag: five letters, one per quality test of the HCV (Bonanos et al. 2019, Sect. 5; the seed notebook:
# "The five letters correspond to CI, D, MagerrAper2, MagAper2-MagAuto, p2p; AAAAA corresponds to the highest
# quality flag"). Each grades the light curve in that one quantity: A best, C worst for that test.
QUALITY_TESTS = (
    ("CI", "the concentration index (CI) of the detections"),
    ("D", "the distance (D) of the detections from the match position"),
    ("MagerrAper2", "the photometric errors of the aperture magnitudes (MagerrAper2)"),
    ("MagAper2-MagAuto", "the difference of aperture and automatic magnitudes (MagAper2 - MagAuto)"),
    ("p2p", "the point-to-point scatter of the light curve"),
)
GRADES = {
    "A": "best grade for this test",
    "B": "intermediate grade",
    "C": "worst grade for this test",
    "-": "not graded",
}
# Where a letter is common in sources that are not artifacts (hcv-facts.md), the page says so.
QUALITY_NOTES = {
    ("p2p", "C"): "normal for a filter in which the source is constant, and seen in confirmed variables "
    "(the M87 nova, MatchID 1905457, is AACAC)",
}


def quality_letters(flag: str) -> list[dict]:
    """Each VarQualFlag letter with the HCV test it reports, what the grade means and, where the letter is
    common for real or constant sources, a note (the page shows it on hover)."""
    letters = []
    for (name, meaning), grade in zip(QUALITY_TESTS, flag.ljust(5, "-"), strict=True):
        note = QUALITY_NOTES.get((name, grade), "")
        letters.append(
            {
                "letter": grade,
                "name": name,
                "note": note,
                "title": f"{name} = {grade} ({GRADES.get(grade, 'unknown grade')}): the HCV quality test on "
                f"{meaning}; A best, C worst for this test" + (f". Note: {note}" if note else ""),
            }
        )
    return letters


def sexagesimal(ra_deg: float, dec_deg: float) -> tuple[str, str]:
    coord = SkyCoord(ra_deg * u.deg, dec_deg * u.deg, frame="icrs")
    return (
        coord.ra.to_string(unit=u.hourangle, sep=":", precision=2, pad=True),
        coord.dec.to_string(unit=u.deg, sep=":", precision=1, pad=True, alwayssign=True),
    )


def _context_key(group_id: int, filters: tuple[str, ...], version: int) -> str:
    return f"hcvvet:review:context:v4:{version}:{group_id}:{','.join(filters)}"


def page_filters(row_filters: Iterable[str], epochs: Iterable[dict]) -> tuple[str, ...]:
    """The filters of a candidate's page, in wavelength order: those of its filter rows and of its epochs."""
    return tuple(sorted({*row_filters, *(e["filter"] for e in epochs)}, key=filter_wavelength_order))


def cached_group_context(group_id: int, filters: tuple[str, ...]) -> dict | None:
    """The group's context if the cache holds it for the group's current data version (one query), else
    None (never computed here)."""
    return cache.get(_context_key(group_id, filters, group_data_version(group_id)))


def group_context(group_id: int, filters: tuple[str, ...]) -> dict:
    """MAD-magnitude planes, threshold curves and the colour-magnitude diagram of a group (cached).

    Keyed on the group's own data version (one query), which every catalog write to the group's filter rows,
    objects or threshold curves moves in its transaction: the plotted threshold curve is always the one the
    filter rows' thresholds come from, and writes to other groups (an ingest running) leave it cached. Two
    or three more queries on a cache miss (rows, stored threshold curves, and rows for a curve not stored).
    Constants and candidates are sampled to at most CONTEXT_POINTS_MAX points each (deterministically), so
    the payload stays bounded in any field.
    """
    version = group_data_version(group_id)
    key = _context_key(group_id, filters, version)
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
    data: dict = {
        "group_id": group_id,
        "filters": list(filters),
        "data_version": str(version),
        "madmag": {},
        "cmd": None,
    }
    curves = field_threshold_curves(group_id=group_id, filters=filters)
    for band in filters:
        table = np.asarray([(r[2], r[3], r[4]) for r in rows if r[1] == band], dtype=float).reshape(-1, 3)
        curve = curves.get(band)
        line = (curve.centres, curve.thresholds) if curve is not None else (np.empty(0), np.empty(0))
        data["madmag"][band] = {
            **plots.mad_magnitude_plane(table, *_cloud_and_candidates(rng, table), line),
            "threshold_source": curve.label if curve is not None and curve.centres.size else None,
        }
    if len(filters) >= 2:
        blue, red = filters[0], filters[1]
        table = lightcurve.colour_magnitude_table(rows, blue, red)
        data["cmd"] = plots.colour_magnitude_plane(blue, red, table, *_cloud_and_candidates(rng, table))
    cache.set(key, data, CONTEXT_CACHE_SECONDS)
    return data


def _cloud_and_candidates(rng: np.random.Generator, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Samples of the constant stars (AutoClass 0) and of the candidates of a (x, y, AutoClass) table."""
    return (
        lightcurve.sample(rng, table[table[:, 2] == 0], CONTEXT_POINTS_MAX),
        lightcurve.sample(rng, table[table[:, 2] > 0], CONTEXT_POINTS_MAX),
    )


def context_url(group: Group, filters: tuple[str, ...]) -> str | None:
    """The URL of the group's context in `filters`, with the group's data version: the browser caches it, and
    refetches it when the group's data changed. None without filters (nothing to place in a field)."""
    if not filters:
        return None
    kwargs = {"group_id": group.group_id, "filters": ",".join(filters)}
    return f"{reverse('review:context', kwargs=kwargs)}?v={group.data_version}"


def _cutout_urls(candidate_id: int) -> dict[tuple[str, int], str]:
    """(image name, size in px) -> URL of the cached JPEG; only cutouts already fetched."""
    cutouts = Cutout.objects.filter(
        candidate_id=candidate_id, status=CutoutStatus.OK, size_px__in=(ZOOMED_IN_PX, ZOOMED_OUT_PX)
    ).values_list("id", "image_id", "size_px")
    return {(image, size): reverse("review:cutout", kwargs={"cutout_id": pk}) for pk, image, size in cutouts}


def _ratio(mad: float | None, threshold: float | None) -> float | None:
    return None if mad is None or not threshold else round(mad / threshold, 2)


def _filter_rows(
    filter_stats: list[FilterStat],
    epochs: list[dict],
    curves: dict[str, thresholds.ThresholdCurve],
    colours: dict[str, str],
    seen: EpochsSeen,
) -> list[dict]:
    """The statistics table: the catalogue's values, and after a rejection the values recomputed without the
    epochs the viewer sees rejected (`EpochsSeen.vetted`: as the vetting service stores them and the API
    serves them, or without only the viewer's own rejections while the candidate waits for their vote in a
    blind campaign), each MAD also divided by the one threshold of the row. `stored` counts the light
    curve's points in hcvvet, which can be fewer than the catalogue's NumLC (an incomplete light curve, not a
    rejection)."""
    rows = []
    for row in filter_stats:
        # a threshold stored before thresholds had a source (an older ingest) is not the plotted curve's
        source = row.mad_threshold_source
        threshold = plots.finite(row.mad_threshold) if source else None
        curve = curves.get(row.filter)
        mean_mag, mad = plots.finite(row.mean_corr_mag), plots.finite(row.mad)
        if threshold is None and mean_mag is not None and curve is not None and curve.centres.size:
            threshold, source = float(curve.at(mean_mag)), curve.source
        mine = [e for e in epochs if e["filter"] == row.filter]
        rejected = sum(e["rejected"] for e in mine)
        vetted = seen.vetted(row)
        vetted_mad = plots.finite(vetted.mad) if rejected else None
        vetted_chi2 = plots.finite(vetted.chi2) if rejected else None
        rows.append(
            {
                "filter": row.filter,
                "colour": colours[row.filter],
                "num_lc": row.num_lc,
                "stored": len(mine),
                "rejected": rejected,
                "kept": len(mine) - rejected,
                "incomplete": len(mine) < row.num_lc,
                "mean_corr_mag": mean_mag,
                "mad": mad,
                "threshold": None if threshold is None else round(threshold, 4),
                "mad_over_threshold": _ratio(mad, threshold),
                "threshold_source": None
                if threshold is None or source is None
                else thresholds.SOURCE_LABELS.get(source),
                "chi2": plots.finite(row.chi2),
                "filter_det_flag": row.filter_det_flag,
                "var_qual_flag": row.var_qual_flag,
                "quality": quality_letters(row.var_qual_flag),
                "vetted_mad": None if vetted_mad is None else round(vetted_mad, 4),
                "vetted_chi2": None if vetted_chi2 is None else round(vetted_chi2, 3),
                "vetted_mad_over_threshold": _ratio(vetted_mad, threshold),
            }
        )
    return rows


def _flagged_filters(filter_rows: list[dict]) -> list[str]:
    """The filters the catalogue flagged variable in (FilterDetFlag > 0), highest MAD first."""
    flagged = [row for row in filter_rows if row["filter_det_flag"]]
    return [row["filter"] for row in sorted(flagged, key=lambda row: -(row["mad"] or 0.0))]


def _notes(candidate: Candidate, filter_rows: list[dict]) -> list[dict]:
    """What the expert must know before judging the numbers: statistics that disagree with the light curve, a
    re-review mark, an incomplete light curve."""
    notes = []
    if candidate.stats_mismatch:
        notes.append(
            {
                "kind": "stats_mismatch",
                "text": "Statistics mismatch: the catalogue's statistics disagree with the light curve "
                "stored here",
            }
        )
    if candidate.needs_review:
        notes.append(
            {
                "kind": "needs_review",
                "text": "Needs re-review: its variability rests on an image a curator flagged as bad",
            }
        )
    notes.extend(
        {
            "kind": "incomplete",
            "text": f"Incomplete light curve in {row['filter']}: {row['stored']} of NumLC {row['num_lc']} "
            f"points stored (the catalogue's statistics use all {row['num_lc']})",
        }
        for row in filter_rows
        if row["incomplete"]
    )
    return notes


def _epochs(candidate: Candidate, *, seen: EpochsSeen, reasons_of_others: bool) -> list[dict]:
    """The light curve in time order across filters (ties by filter wavelength), each epoch with its cached
    cutouts' URLs: stepping through epochs walks through time. Rejected are the epochs the viewer sees
    rejected (`seen`); a rejection's reason is another person's judgement: shown only with
    `reasons_of_others` (blind review) or to whoever rejected it."""
    measured = list(
        Measurement.objects.filter(candidate=candidate, corr_mag__isnull=False)
        .select_related("image")
        .only(
            "id",
            "filter",
            "mjd",
            "corr_mag",
            "mag_err",
            "rejected_source",
            "rejected_reason",
            "image__name",
            "image__flagged",
        )
    )
    cutouts = _cutout_urls(candidate.match_id)
    measured.sort(key=lambda m: (m.mjd, filter_wavelength_order(m.filter)))
    epochs = []
    for measurement in measured:
        epoch = seen.epoch(measurement)
        shown = reasons_of_others or epoch.own or not epoch.rejected
        image = measurement.image_id
        epochs.append(
            {
                "id": measurement.pk,
                "filter": measurement.filter,
                "mjd": round(measurement.mjd, 5),
                "mag": None if measurement.corr_mag is None else round(measurement.corr_mag, 4),
                "err": None if measurement.mag_err is None else round(measurement.mag_err, 4),
                "image": image,
                "rejected": epoch.rejected,
                "reason": epoch.reason if shown else HIDDEN_REASON,
                "image_flagged": measurement.image.flagged,
                "inner": cutouts.get((image, ZOOMED_IN_PX)),
                "outer": cutouts.get((image, ZOOMED_OUT_PX)),
            }
        )
    return epochs


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
    *,
    campaign: Campaign,
    candidate: Candidate,
    expert,
    show_catalogue_class: bool,
    show_others_judgement: bool,
    queue: dict | None,
) -> dict:
    """Everything the candidate page shows, JSON-ready.

    Preconditions: `candidate` was loaded with its group (select_related); `show_catalogue_class` comes
    from the campaign's visibility rules and `queue` (position, total) from the queue selectors, so this
    module stays free of campaign policy.
    """
    filter_stats = sorted(
        FilterStat.objects.filter(candidate=candidate), key=lambda r: filter_wavelength_order(r.filter)
    )
    seen = epochs_seen(user=expert, candidate=candidate)
    epochs = _epochs(candidate, seen=seen, reasons_of_others=show_others_judgement)
    filters = page_filters((r.filter for r in filter_stats), epochs)
    colours = plots.filter_colours(filters)
    # the curves the group's context plots (`group_context`), read here without the context's points
    curves = field_threshold_curves(group_id=candidate.group_id, filters=filters)
    period = lightcurve.period_search(epochs, filters)
    outliers = lightcurve.outliers(epochs, filters)
    filter_rows = _filter_rows(filter_stats, epochs, curves, colours, seen)

    def candidate_url(match_id: int) -> str:
        return reverse("review:candidate", kwargs={"campaign_id": campaign.pk, "match_id": match_id})

    return {
        "match_id": str(candidate.match_id),
        "campaign_id": campaign.pk,
        "url": candidate_url(candidate.match_id),
        "header": _header(candidate, show_catalogue_class=show_catalogue_class),
        "notes": _notes(candidate, filter_rows),
        "queue": queue,
        "filters": filter_rows,
        "epochs": epochs,
        "highlights": lightcurve.highlights(epochs, filters),
        "selected": lightcurve.initial_epoch(epochs, outliers, _flagged_filters(filter_rows)),
        "outliers": outliers,
        "period": {key: value for key, value in period.items() if key != "periodogram"},
        "periodogram": plots.periodogram_columns(period),
        "lc": plots.light_curve_columns(epochs, colours),
        "lc_range": plots.light_curve_range(epochs),
        "phase": plots.phase_columns(
            epochs, lightcurve.phases(epochs, period["period_days"]) if period["fold"] else None, colours
        ),
        "context_url": context_url(candidate.group, filters),
        "this_point": {row["filter"]: {"x": row["mean_corr_mag"], "y": row["mad"]} for row in filter_rows},
        "same_images": same_images.same_images(
            match_id=candidate.match_id, epochs=epochs, outlier_indices=outliers, url_of=candidate_url
        ),
        "label": _own_label(campaign, candidate, expert),
    }

""" "Outliers on the same images": does a candidate's jump belong to the star or to the image?

For each of the candidate's outlier epochs, every other source with a light curve on that image (any group) is
measured against its own light curve in that filter: its deviation on the image from its own median, in units
of its own robust scatter (1.4826 MAD, never less than its error on that image). Sources that jump the same
way as the candidate by the page's one outlier rule (`lightcurve.deviates`) are counted exactly and ranked;
the fraction of the image's sources that jump is what tells a bad image from a real variable.
"""

from collections.abc import Callable, Sequence

import numpy as np
from django.db.models import Subquery
from numpy.typing import ArrayLike

from hcvvet.catalog import stats
from hcvvet.catalog.models import Measurement

from . import lightcurve

LISTED_MAX = 8  # sources named per image; the counts always cover all of them
MIN_POINTS = 3  # a source needs this many points in the filter for a median and a scatter


def _jumps_on(images: Sequence[str]) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """image -> (MatchIDs, deviations in robust sigmas, jumps by the outlier rule) of the sources measured on
    it with at least MIN_POINTS points in its filter.

    Two queries whatever the number of images or sources: the points on the images, then the light curves
    (MatchID, CorrMag only) in those filters of the sources on them; medians and MADs are computed for all
    light curves at once.
    """
    on_image = Measurement.objects.filter(image_id__in=images).exclude(corr_mag=None)
    measured = list(on_image.values_list("candidate_id", "filter", "image_id", "corr_mag", "mag_err"))
    curves = list(
        Measurement.objects.filter(
            candidate_id__in=Subquery(on_image.values("candidate_id")),
            filter__in=Subquery(on_image.values("filter")),
        )
        .exclude(corr_mag=None)
        .values_list("candidate_id", "filter", "corr_mag")
    )
    bands = [row[1] for row in curves]
    codes = {band: code for code, band in enumerate(sorted(set(bands)))}

    def key(match_ids: ArrayLike, filters: Sequence[str]) -> np.ndarray:
        """One integer per (MatchID, filter)."""
        return np.asarray(match_ids, dtype=np.int64) * max(len(codes), 1) + np.asarray(
            [codes[band] for band in filters], dtype=np.int64
        )

    unique, counts, medians, mads = stats.grouped_median_and_mad(
        key(np.fromiter((row[0] for row in curves), np.int64, len(curves)), bands),
        np.fromiter((row[2] for row in curves), float, len(curves)),
    )
    found = {}
    for image in {row[2] for row in measured}:
        rows = [row for row in measured if row[2] == image]
        match_ids = np.asarray([row[0] for row in rows], dtype=np.int64)
        at = np.searchsorted(unique, key(match_ids, [row[1] for row in rows]))
        enough = counts[at] >= MIN_POINTS
        deviation = np.asarray([row[3] for row in rows], dtype=float) - medians[at]
        errors = np.asarray([row[4] or 0.0 for row in rows], dtype=float)
        scale = np.maximum(np.maximum(lightcurve.MAD_TO_SIGMA * mads[at], errors), 1e-6)
        jumps = lightcurve.deviates(deviation, mads[at], errors)
        found[image] = (match_ids[enough], (deviation / scale)[enough], jumps[enough])
    return found


def same_images(
    *, match_id: int, epochs: Sequence[dict], outlier_indices: Sequence[int], url_of: Callable[[int], str]
) -> list[dict]:
    """For each outlier epoch of the candidate `match_id` (indices into `epochs`, the page's epoch rows),
    the other sources on its image: how many there are, how many jump the same way, that fraction, and the
    LISTED_MAX strongest of them (MatchID, deviation in robust sigmas, `url_of(MatchID)`), strongest first.

    The candidate's own direction on an image is its deviation from the median of its kept epochs in that
    filter (the outlier rule's); other sources are measured on all their points. Two queries, run (on an
    impossible image name) even with no outlier, so that the page's query count never depends on the light
    curve.
    """
    outliers = [epochs[i] for i in outlier_indices]
    jumps = _jumps_on(sorted({e["image"] for e in outliers}) or [""])
    found = []
    for epoch in sorted(outliers, key=lambda e: e["mjd"]):
        kept = [epochs[i]["mag"] for i in lightcurve.kept_indices(epochs, epoch["filter"])]
        sign = 1.0 if epoch["mag"] >= float(np.median(kept)) else -1.0
        match_ids, sigmas, jumped = jumps.get(
            epoch["image"], (np.empty(0, dtype=np.int64), np.empty(0), np.empty(0))
        )
        others = match_ids != match_id
        same_way = others & jumped.astype(bool) & (sigmas * sign > 0)
        ranked = sorted(
            zip(match_ids[same_way].tolist(), sigmas[same_way].tolist(), strict=True),
            key=lambda r: (-abs(r[1]), r[0]),
        )
        total = int(others.sum())
        found.append(
            {
                "image": epoch["image"],
                "filter": epoch["filter"],
                "mjd": epoch["mjd"],
                "direction": "fainter" if sign > 0 else "brighter",
                "sources": total,
                "jumping": len(ranked),
                "fraction": round(len(ranked) / total, 4) if total else None,
                "listed": [
                    {"match_id": str(other), "sigmas": round(value, 1), "url": url_of(other)}
                    for other, value in ranked[:LISTED_MAX]
                ],
            }
        )
    return found

"""Light-curve features of every (candidate, filter) light curve at once, for the triage model.

Each feature is described in `LIGHT_CURVE_FEATURES` with its unit and meaning. Magnitudes are CorrMag (the
catalogue's corrected magnitudes, on which it computes MAD); a brighter epoch has a smaller magnitude. CI is
the concentration index (mag), D the offset from the match position (mas).

Pure numpy, no Django import: the arrays come from the database (`triage/selectors.py`) or are made by hand.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .grouped import Groups

# The robust scatter (1.4826 x MAD) of CI and D within a light curve is floored at about their measurement
# noise on a bright star, so that a light curve whose other epochs agree to the last digit does not make any
# small difference a "jump".
CI_SCATTER_FLOOR_MAG = 0.02
D_SCATTER_FLOOR_MAS = 2.0
# A jump is a deviation beyond this many robust sigmas of the light curve's own scatter.
JUMP_SIGMAS = 3.0
GAUSSIAN_MAD_TO_SIGMA = 1.4826
# A light curve "jumps" on the image of its most deviant epoch when that epoch lies SAME_IMAGE_SIGMAS MagErr
# from its median (`table.same_image_outliers`); any epoch MATCHED_JUMP_SIGMAS from it counts in the matched
# jumps (a bad image's offset is often a few tenths of a magnitude on faint stars).
SAME_IMAGE_SIGMAS = 5.0
MATCHED_JUMP_SIGMAS = 3.0
# Two jumps on one image "match" when their offsets in magnitude agree to within this factor either way (a
# badly calibrated image shifts every source in its bad strip by nearly the same offset).
MATCHED_JUMP_FACTOR = 1.25
MIN_SHARED_VISITS = 3
# The image offsets compared across candidates are clipped here (mag): a bad image offsets its strip by 0.05
# to a few tenths of a magnitude, and a variable's larger swings would otherwise make an image's mean offset.
IMAGE_OFFSET_CLIP_MAG = 0.5
MIN_SHARED_IMAGES = 4


@dataclass(frozen=True)
class Feature:
    unit: str
    meaning: str


LIGHT_CURVE_FEATURES: dict[str, Feature] = {
    "n_epochs": Feature("count", "Epochs with a finite CorrMag and a positive MagErr (not rejected)."),
    "iqr": Feature("mag", "Interquartile range of CorrMag: the spread of the middle half of the epochs."),
    "inverse_von_neumann": Feature(
        "dimensionless",
        "1/eta, eta = mean squared successive difference (in MJD order) / variance: about 0.5 for white "
        "noise, large when neighbouring epochs agree (smooth variability), small for alternating scatter.",
    ),
    "stetson_k": Feature(
        "dimensionless",
        "Stetson's kurtosis index K = mean|delta| / rms(delta) of the error-normalised residuals: 0.80 for "
        "Gaussian noise, 0.90 for a sinusoid, small when a few epochs carry the variability.",
    ),
    "skewness": Feature(
        "dimensionless",
        "Fisher-Pearson skewness of CorrMag; negative when a few epochs are much brighter (cosmic rays).",
    ),
    "outlier_variance_share": Feature(
        "fraction",
        "Share of the sum of squared deviations from the mean carried by the single most deviant epoch: "
        "(N-1)/N for one outlier on a flat light curve, small for a real variable.",
    ),
    "outlier_sigma": Feature(
        "sigma",
        "That epoch's CorrMag minus the light curve's median, in units of its MagErr (negative: brighter).",
    ),
    "outlier_ci_jump": Feature(
        "robust sigma",
        "That epoch's CI minus the median CI, in robust sigmas of CI (1.4826 MAD, at least "
        f"{CI_SCATTER_FLOOR_MAG} mag); a cosmic ray is more concentrated (negative).",
    ),
    "outlier_d_jump": Feature(
        "robust sigma",
        "That epoch's D minus the median D, in robust sigmas of D (1.4826 MAD, at least "
        f"{D_SCATTER_FLOOR_MAS} mas); a blended neighbour pulls the centroid (positive).",
    ),
    "outlier_ci_jumps": Feature("0/1", f"1 when |outlier_ci_jump| exceeds {JUMP_SIGMAS}."),
    "outlier_d_jumps": Feature("0/1", f"1 when |outlier_d_jump| exceeds {JUMP_SIGMAS}."),
    "mag_ci_correlation": Feature(
        "dimensionless", "Pearson correlation of CorrMag and CI over the epochs (NaN if either is constant)."
    ),
    "mag_d_correlation": Feature(
        "dimensionless",
        "Pearson correlation of CorrMag and D over the epochs; strongly negative when the object brightens "
        "as its centroid moves off (a blend whose share of a neighbour's light changes from image to image).",
    ),
    "sharp_bright_epochs": Feature(
        "count",
        f"Epochs at least {JUMP_SIGMAS:g} MagErr brighter than the median whose CI lies at least "
        f"{JUMP_SIGMAS:g} robust sigmas below its median: the trace of a cosmic ray (sharper than a star) on "
        "a single exposure.",
    ),
    "visit_agreement": Feature(
        "dimensionless",
        "Pearson correlation, over the visits in which another filter measured the object too, of the "
        "deviations from the median (in MagErr) in this filter and in the other: near 1 for a real variable "
        "seen in both, near 0 for traces of single images; NaN with fewer than "
        f"{MIN_SHARED_VISITS} such visits.",
    ),
    "outlier_visit_sigma": Feature(
        "sigma",
        "The other filter's deviation from its median (in its MagErr) in the visit of the most deviant "
        "epoch, positive when it goes the same way: large for a real variable, near 0 when only one image "
        "was hit; NaN when no other filter was measured in that visit.",
    ),
    "matched_jump_share": Feature(
        "fraction",
        "matched_jumps over all the other candidates that jump the same way on those images: the share of "
        "them offset alike, high on a bad image, low where variables jump by chance at once.",
    ),
    "matched_jumps": Feature(
        "count",
        f"Over the epochs at least {MATCHED_JUMP_SIGMAS:g} MagErr from the median, the mean number of other "
        "candidates whose epoch on the same image is offset from their median by the same amount (within a "
        f"factor {MATCHED_JUMP_FACTOR:g}, same sign): many on a badly calibrated image, which shifts every "
        "source in a strip alike; few by chance for real variables; NaN without such epochs.",
    ),
    "image_offset_correlation": Feature(
        "dimensionless",
        "Pearson correlation, over the epochs, of the offset from the median (mag, clipped at "
        f"{IMAGE_OFFSET_CLIP_MAG:g}) and the mean offset of the other candidates measured on the same image: "
        "high when the light curve follows what its images do to every source (a bad image's zero point), "
        f"near 0 for a variable of its own; NaN with fewer than {MIN_SHARED_IMAGES} images shared with "
        "others.",
    ),
}
# Identifiers of the most deviant epoch, for explanations and one-key rejection (not model inputs); its image
# (the ImageName, as bytes) for the "same images" test of `table.py`.
OUTLIER_IDENTIFIERS = ("outlier_measurement_id", "outlier_mjd", "outlier_image", "outlier_image_sources")


@dataclass(frozen=True)
class LightCurveFeatures:
    """One row per (candidate, filter) light curve, candidates in increasing order."""

    candidate_id: np.ndarray
    filter_name: np.ndarray
    columns: dict[str, np.ndarray]


def light_curve_features(
    *,
    candidate_id: ArrayLike,
    filter_name: ArrayLike,
    mjd: ArrayLike,
    corr_mag: ArrayLike,
    mag_err: ArrayLike,
    ci: ArrayLike,
    d: ArrayLike,
    measurement_id: ArrayLike | None = None,
    image: ArrayLike | None = None,
) -> LightCurveFeatures:
    """The features of `LIGHT_CURVE_FEATURES` for each (candidate, filter) light curve in the measurements.

    Arguments hold one entry per measurement, in any order; CI and D may be NaN (missing). Measurements
    without a finite CorrMag or a positive MagErr are left out, and so is a light curve with none left.
    Features that a light curve is too short for (the variance of one epoch) are NaN. `image` names each
    measurement's image (empty without it).
    """
    cand = np.asarray(candidate_id, dtype=np.int64)
    filters = np.asarray(filter_name)
    mags = np.asarray(corr_mag, dtype=float)
    errs = np.asarray(mag_err, dtype=float)
    times = np.asarray(mjd, dtype=float)
    ids = np.arange(cand.size) if measurement_id is None else np.asarray(measurement_id, dtype=np.int64)
    images = np.full(cand.size, b"") if image is None else np.asarray(image, dtype=bytes)
    usable = np.flatnonzero(np.isfinite(mags) & np.isfinite(errs) & (errs > 0))
    rows = usable[_light_curve_order(cand[usable], filters[usable], times[usable])]
    cand, filters, times = cand[rows], filters[rows], times[rows]
    new_group = np.ones(rows.size, dtype=bool)
    new_group[1:] = (cand[1:] != cand[:-1]) | (filters[1:] != filters[:-1])
    groups = Groups.from_boundaries(new_group)
    with np.errstate(divide="ignore", invalid="ignore"):
        columns = _features(
            groups,
            mags=mags[rows],
            errs=errs[rows],
            ci=np.asarray(ci, dtype=float)[rows],
            d=np.asarray(d, dtype=float)[rows],
            times=times,
            ids=ids[rows],
            images=images[rows],
        )
        columns["outlier_image_sources"] = _sources_on(images[rows], cand, columns["outlier_image"])
        columns.update(
            _image_features(
                groups,
                cand=cand,
                filters=filters,
                images=images[rows],
                z=columns.pop("z"),
                offsets=columns.pop("offset"),
                outlier=columns.pop("outlier"),
            )
        )
    return LightCurveFeatures(
        candidate_id=cand[groups.starts], filter_name=filters[groups.starts], columns=columns
    )


def _light_curve_order(cand: np.ndarray, filters: np.ndarray, times: np.ndarray) -> np.ndarray:
    """The row order that makes each (candidate, filter) light curve contiguous and in MJD order: the identity
    when the rows already are (as `triage/selectors.py` reads them), else a sort."""
    if cand.size == 0:
        return np.arange(0)
    same_curve = (cand[1:] == cand[:-1]) & (filters[1:] == filters[:-1])
    starts = np.flatnonzero(np.concatenate(([True], ~same_curve)))
    curves = np.rec.fromarrays((cand[starts], filters[starts]))
    if (
        np.all(cand[1:] >= cand[:-1])
        and np.all(times[1:][same_curve] >= times[:-1][same_curve])
        and np.unique(curves).size == starts.size
    ):
        return np.arange(cand.size)
    filter_codes = np.unique(filters, return_inverse=True)[1]
    return np.lexsort((times, filter_codes, cand))


def _features(
    groups: Groups,
    *,
    mags: np.ndarray,
    errs: np.ndarray,
    ci: np.ndarray,
    d: np.ndarray,
    times: np.ndarray,
    ids: np.ndarray,
    images: np.ndarray,
) -> dict[str, np.ndarray]:
    n = groups.counts.astype(float)
    deviation = mags - groups.mean(mags)[groups.index]
    squares = groups.sum(deviation**2)
    variance = squares / (n - 1)
    weights = 1.0 / errs**2
    weighted_mean = groups.sum(weights * mags) / groups.sum(weights)
    delta = (mags - weighted_mean[groups.index]) / errs  # Stetson's sqrt(N/(N-1)) factor cancels in K
    outlier = groups.argmax(np.abs(deviation))
    sorted_mags = groups.sort_within(mags)
    ci_z = _robust_z(groups, ci, floor=CI_SCATTER_FLOOR_MAG)
    ci_jump = ci_z[outlier]
    d_jump = _robust_z(groups, d, floor=D_SCATTER_FLOOR_MAS)[outlier]
    offset = mags - sorted_mags.quantile(0.5)[groups.index]
    z = offset / errs
    sharp_bright = (z <= -JUMP_SIGMAS) & (ci_z <= -JUMP_SIGMAS)
    return {
        "n_epochs": groups.counts.copy(),
        "iqr": sorted_mags.quantile(0.75) - sorted_mags.quantile(0.25),
        "inverse_von_neumann": variance / (groups.successive_sum(mags) / (n - 1)),
        "stetson_k": groups.mean(np.abs(delta)) / np.sqrt(groups.mean(delta**2)),
        "skewness": groups.mean(deviation**3) / (squares / n) ** 1.5,
        "outlier_variance_share": deviation[outlier] ** 2 / squares,
        "outlier_sigma": z[outlier],
        "outlier_ci_jump": ci_jump,
        "outlier_d_jump": d_jump,
        "outlier_ci_jumps": (np.abs(ci_jump) > JUMP_SIGMAS).astype(float),
        "outlier_d_jumps": (np.abs(d_jump) > JUMP_SIGMAS).astype(float),
        "mag_ci_correlation": _correlation(groups, deviation, ci),
        "mag_d_correlation": _correlation(groups, deviation, d),
        "sharp_bright_epochs": groups.sum(sharp_bright),
        "z": z,
        "offset": offset,
        "outlier": outlier,
        "outlier_measurement_id": ids[outlier],
        "outlier_image": images[outlier],
        "outlier_mjd": times[outlier],
    }


def _sources_on(images: np.ndarray, cand: np.ndarray, asked: np.ndarray) -> np.ndarray:
    """For each image of `asked`, the number of candidates with a usable measurement on it (0 if unnamed)."""
    pairs = np.unique(np.rec.fromarrays((cand, images)))
    named, counts = np.unique(pairs["f1"], return_counts=True)
    at = np.minimum(np.searchsorted(named, asked), max(named.size - 1, 0))
    found = (named.size > 0) & (named[at] == asked) & (asked != b"")
    return np.where(found, counts[at] if named.size else 0, 0).astype(float)


def _robust_z(groups: Groups, values: np.ndarray, *, floor: float) -> np.ndarray:
    """Each value minus its group's median, in robust sigmas of the group (floored); NaN where missing."""
    median = groups.median(values)[groups.index]
    scatter = GAUSSIAN_MAD_TO_SIGMA * groups.median(np.abs(values - median))[groups.index]
    return (values - median) / np.maximum(scatter, floor)


def _image_features(
    groups: Groups,
    *,
    cand: np.ndarray,
    filters: np.ndarray,
    images: np.ndarray,
    z: np.ndarray,
    offsets: np.ndarray,
    outlier: np.ndarray,
) -> dict[str, np.ndarray]:
    """The features that look across light curves: the same visit in another filter of the same object
    (`visit_agreement`, `outlier_visit_sigma`) and other candidates on the same image (`matched_jumps`).
    `offsets`: each epoch's CorrMag minus its light curve's median (mag); `z`: the same in MagErr."""
    image_code, visit_code = _image_and_visit_codes(images)
    partner_z = np.full(z.size, np.nan)
    partner = _same_visit_partner(cand, filters, visit_code)
    partner_z[partner >= 0] = z[partner[partner >= 0]]
    agreement = _masked_correlation(groups, np.isfinite(partner_z), z, partner_z, MIN_SHARED_VISITS)
    jumps = (np.abs(z) >= MATCHED_JUMP_SIGMAS) & (image_code > 0)
    matches, same_way = _matching_offsets(image_code, offsets, jumps)
    matches, same_way = np.where(jumps, matches, 0.0), np.where(jumps, same_way, 0.0)
    n_jumps, n_same_way = groups.sum(jumps), groups.sum(same_way)
    return {
        "visit_agreement": agreement,
        "outlier_visit_sigma": partner_z[outlier] * np.sign(z[outlier]),
        "matched_jumps": np.where(n_jumps > 0, groups.sum(matches) / n_jumps, np.nan),
        "matched_jump_share": np.where(n_same_way > 0, groups.sum(matches) / n_same_way, np.nan),
        "image_offset_correlation": _image_offset_correlation(groups, image_code, offsets),
    }


def _image_offset_correlation(groups: Groups, image_code: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per light curve, the Pearson correlation over its epochs of its offset from its median and the mean
    offset of the other candidates measured on the same image (offsets clipped at IMAGE_OFFSET_CLIP_MAG, so
    that one large-amplitude variable does not make an image's mean)."""
    clipped = np.clip(offsets, -IMAGE_OFFSET_CLIP_MAG, IMAGE_OFFSET_CLIP_MAG)
    named = (image_code > 0) & np.isfinite(clipped)
    value = np.where(named, clipped, 0.0)
    total = np.bincount(image_code, weights=value)
    count = np.bincount(image_code, weights=named.astype(float))
    others = count[image_code] - named
    paired = named & (others > 0)
    others_mean = np.where(paired, (total[image_code] - value) / np.maximum(others, 1.0), 0.0)
    return _masked_correlation(groups, paired, value, others_mean, MIN_SHARED_IMAGES)


def _masked_correlation(
    groups: Groups, paired: np.ndarray, x: np.ndarray, y: np.ndarray, minimum: int
) -> np.ndarray:
    """Pearson correlation per group of `x` and `y` over the rows where `paired`; NaN with fewer than
    `minimum` such rows or without spread."""
    n_paired = groups.sum(paired)
    x, y = np.where(paired, x, 0.0), np.where(paired, y, 0.0)
    mean_x, mean_y = groups.sum(x) / n_paired, groups.sum(y) / n_paired
    covariance = groups.sum(x * y) / n_paired - mean_x * mean_y
    spread = np.sqrt((groups.sum(x * x) / n_paired - mean_x**2) * (groups.sum(y * y) / n_paired - mean_y**2))
    return np.where(n_paired >= minimum, covariance / spread, np.nan)


def _matching_offsets(
    image_code: np.ndarray, offsets: np.ndarray, jumps: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each row, how many other jumping rows of the same image have an offset (mag) of the same sign
    within a factor MATCHED_JUMP_FACTOR of its own, and how many of the same sign there are at all. One sort
    of (image, sign, log offset) keys and binary searches, whatever the number of rows."""
    magnitude = np.log(np.maximum(np.abs(offsets), 1e-6))
    # images apart by more than any log-offset range, the two signs apart within an image
    block = (2 * image_code + (offsets > 0)) * 100.0
    key = block + np.clip(magnitude, -14.0, 14.0) + 50.0
    jumping = np.sort(key[jumps])
    width = np.log(MATCHED_JUMP_FACTOR)
    within = np.searchsorted(jumping, key + width, side="right") - np.searchsorted(jumping, key - width)
    same_sign = np.searchsorted(jumping, block + 100.0) - np.searchsorted(jumping, block)
    return (within - jumps).astype(float), (same_sign - jumps).astype(float)


def _image_and_visit_codes(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes per row of the image and of its visit (`hst_<proposal>_<visit>`, shared by the filters
    observed in one visit), 0 for an unnamed image or a name not in the HLA's pattern."""
    names, at = np.unique(images, return_inverse=True)
    visits = np.array([_visit_of(name) for name in names.tolist()], dtype=object)
    visit_names, visit_at = np.unique(visits.astype(bytes), return_inverse=True)
    image_code = np.where(names != b"", np.arange(1, names.size + 1), 0)
    visit_code = np.where(visit_names[visit_at] != b"", visit_at + 1, 0)
    return image_code[at], visit_code[at]


def _visit_of(name: bytes) -> bytes:
    parts = name.split(b"_")
    return b"_".join(parts[:3]) if len(parts) >= 6 and parts[0] == b"hst" else b""


def _same_visit_partner(cand: np.ndarray, filters: np.ndarray, visit: np.ndarray) -> np.ndarray:
    """For each row, a row of the same candidate and visit in another filter (the next one in filter order,
    else the previous), or -1."""
    if cand.size == 0:
        return np.empty(0, dtype=int)
    order = np.lexsort((np.unique(filters, return_inverse=True)[1], visit, cand))
    c, v, f = cand[order], visit[order], filters[order]
    same = (c[1:] == c[:-1]) & (v[1:] == v[:-1]) & (v[1:] > 0) & (f[1:] != f[:-1])
    partner_sorted = np.full(order.size, -1)
    has_next = np.append(same, False)
    has_prev = np.insert(same, 0, False)
    positions = np.arange(order.size)
    partner_sorted[has_prev] = positions[has_prev] - 1
    partner_sorted[has_next] = positions[has_next] + 1
    partner = np.full(order.size, -1)
    partner[order] = np.where(partner_sorted >= 0, order[np.maximum(partner_sorted, 0)], -1)
    return partner


def _correlation(groups: Groups, deviation: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Pearson correlation per group of the magnitude deviations and `values` (NaN if any value is NaN)."""
    centred = values - groups.mean(values)[groups.index]
    covariance = groups.sum(deviation * centred)
    return covariance / np.sqrt(groups.sum(deviation**2) * groups.sum(centred**2))

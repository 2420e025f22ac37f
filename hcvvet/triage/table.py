"""The triage feature table: one row per candidate with a light curve, from its lead filter.

A candidate's lead filter is the filter whose light curve made it most variable: the largest MAD over the
field's threshold (the largest MAD where no threshold is known). Its catalogue statistics (HCVfilter) and its
light-curve features (`features.py`) make the row, with the candidate's own AutoClass and NumFilters.

Pure numpy, no Django import. Bump `FEATURE_SET_VERSION` whenever a feature's definition changes: models and
stored predictions name the version they were computed with.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .features import (
    LIGHT_CURVE_FEATURES,
    OUTLIER_IDENTIFIERS,
    SAME_IMAGE_SIGMAS,
    Feature,
    LightCurveFeatures,
)

FEATURE_SET_VERSION = "4"

# VarQualFlag's five letters, in the catalogue's order (hcv-facts): each A (best) / B / C, or "-" (missing).
VAR_QUAL_COLUMNS = ("vqf_ci", "vqf_d", "vqf_magerr", "vqf_aper_auto", "vqf_p2p")
_LETTER_ORDINAL = np.full(256, np.nan)
_LETTER_ORDINAL[[ord("A"), ord("B"), ord("C")]] = [0.0, 1.0, 2.0]

CATALOGUE_FEATURES: dict[str, Feature] = {
    "mad": Feature("mag", "Catalogue MAD of the lead filter: median |CorrMag - median(CorrMag)|."),
    "mad_over_threshold": Feature(
        "ratio", "MAD over the field's detection threshold at the object's magnitude (above 1: flagged)."
    ),
    "chi2": Feature("dimensionless", "Catalogue reduced Chi2 of the lead filter about its weighted mean."),
    "num_lc": Feature("count", "Catalogue NumLC: epochs of the lead filter's light curve."),
    "mean_corr_mag": Feature("mag", "Catalogue MeanCorrMag of the lead filter."),
    "filter_det_flag": Feature("0/1", "Catalogue FilterDetFlag of the lead filter (1: variable in it)."),
    **{
        column: Feature("ordinal", f"VarQualFlag letter {i + 1} ({what}): A=0, B=1, C=2; NaN for '-'.")
        for i, (column, what) in enumerate(
            zip(VAR_QUAL_COLUMNS, ("CI", "D", "MagerrAper2", "MagAper2-MagAuto", "p2p"), strict=True)
        )
    },
}
CANDIDATE_FEATURES: dict[str, Feature] = {
    "auto_class": Feature("code", "Catalogue AutoClass: 1 single-filter, 2 multi-filter variable candidate."),
    "num_filters": Feature("count", "Catalogue NumFilters: filters the object was measured in."),
    "n_filters_flagged": Feature("count", "Filters with FilterDetFlag 1."),
    "same_image_outliers": Feature(
        "count",
        "Other candidates whose most deviant epoch in any filter lies at least "
        f"{SAME_IMAGE_SIGMAS:g} MagErr from their median on the same image as this one's lead epoch (the "
        "'same images' test: a bad image makes many sources jump at once).",
    ),
    "same_image_outlier_share": Feature(
        "fraction",
        "same_image_outliers over the other candidates measured on that image: most of them on a bad image, "
        "a few in a crowded field of real variables.",
    ),
}
FEATURES: dict[str, Feature] = {
    **CATALOGUE_FEATURES,
    **LIGHT_CURVE_FEATURES,
    **CANDIDATE_FEATURES,
}
MODEL_FEATURES: tuple[str, ...] = tuple(FEATURES)


@dataclass(frozen=True)
class FeatureTable:
    """Feature columns aligned with `match_id` (increasing); `lead_filter` names the filter each row
    describes; `columns` also holds the lead filter's most deviant epoch (`OUTLIER_IDENTIFIERS`)."""

    version: str
    match_id: np.ndarray
    lead_filter: np.ndarray
    columns: dict[str, np.ndarray]

    def matrix(self, names: Sequence[str] = MODEL_FEATURES) -> np.ndarray:
        """The named features as a float array, one row per candidate, one column per name."""
        return np.column_stack([np.asarray(self.columns[name], dtype=float) for name in names])


def var_qual_ordinals(flags: ArrayLike) -> np.ndarray:
    """VarQualFlag strings as an (n, 5) float array of letter ordinals (A=0, B=1, C=2; NaN for '-' or a
    missing letter)."""
    codes = np.asarray(flags, dtype="S5")
    letters = np.frombuffer(codes.tobytes(), dtype=np.uint8).reshape(-1, 5)
    return _LETTER_ORDINAL[letters]


def feature_table(
    *,
    light_curves: LightCurveFeatures,
    filter_rows: dict[str, np.ndarray],
    candidates: dict[str, np.ndarray],
) -> FeatureTable:
    """Join the light-curve features, the catalogue's filter rows and the candidates into one row per
    candidate that has a light curve.

    `filter_rows`: arrays `candidate_id`, `filter_name`, `mad`, `mad_threshold`, `chi2`, `num_lc`,
    `mean_corr_mag`, `var_qual_flag`, `filter_det_flag`, one entry per HCVfilter row.
    `candidates`: arrays `match_id`, `auto_class`, `num_filters`; a light curve of a candidate not among
    them (one an ingest added between the reads) is left out.
    """
    fs = _catalogue_columns(filter_rows)
    curve_keys = (light_curves.candidate_id, light_curves.filter_name)
    at_row = _lookup((fs["candidate_id"], filter_rows["filter_name"]), curve_keys)
    found = at_row >= 0
    per_curve = {
        name: np.where(found, values[np.maximum(at_row, 0)], np.nan)
        for name, values in fs.items()
        if name in CATALOGUE_FEATURES
    }
    lead = _lead_curves(light_curves.candidate_id, per_curve["mad_over_threshold"], per_curve["mad"])
    cand_row = _lookup(
        (np.asarray(candidates["match_id"], dtype=np.int64),), (light_curves.candidate_id[lead],)
    )
    lead, cand_row = lead[cand_row >= 0], cand_row[cand_row >= 0]
    match_id = light_curves.candidate_id[lead]
    columns = {name: values[lead] for name, values in per_curve.items()}
    columns.update({name: light_curves.columns[name][lead] for name in LIGHT_CURVE_FEATURES})
    columns.update({name: light_curves.columns[name][lead] for name in OUTLIER_IDENTIFIERS})
    columns["auto_class"] = np.asarray(candidates["auto_class"], dtype=float)[cand_row]
    columns["num_filters"] = np.asarray(candidates["num_filters"], dtype=float)[cand_row]
    columns["n_filters_flagged"] = _flagged_filters(fs["candidate_id"], fs["filter_det_flag"], match_id)
    columns["same_image_outliers"] = _same_image_outliers(light_curves, lead)
    others = light_curves.columns["outlier_image_sources"][lead] - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        columns["same_image_outlier_share"] = np.where(
            others > 0, columns["same_image_outliers"] / others, np.nan
        )
    return FeatureTable(
        version=FEATURE_SET_VERSION,
        match_id=match_id,
        lead_filter=_comparable(light_curves.filter_name[lead]),
        columns=columns,
    )


def _lead_curves(candidate_id: np.ndarray, mad_over_threshold: np.ndarray, mad: np.ndarray) -> np.ndarray:
    """Index of each candidate's lead light curve: the largest MAD over threshold, then the largest MAD."""
    score = np.where(np.isfinite(mad_over_threshold), mad_over_threshold, -np.inf)
    order = np.lexsort((np.where(np.isfinite(mad), mad, -np.inf), score, candidate_id))
    last = np.ones(order.size, dtype=bool)
    last[:-1] = candidate_id[order][1:] != candidate_id[order][:-1]
    return order[last]


def _same_image_outliers(light_curves: LightCurveFeatures, lead: np.ndarray) -> np.ndarray:
    """For each lead curve, the other candidates with a curve that jumps on the image of its most deviant
    epoch (`SAME_IMAGE_SIGMAS`); 0 where images are unnamed."""
    images = _comparable(light_curves.columns["outlier_image"])
    with np.errstate(invalid="ignore"):
        jumps = (np.abs(light_curves.columns["outlier_sigma"]) >= SAME_IMAGE_SIGMAS) & (images != "")
    pairs = np.unique(
        _record(
            [light_curves.candidate_id[jumps], images[jumps]],
            [("c", np.dtype(np.int64)), ("i", images.dtype)],
        )
    )
    jumping_images, counts = np.unique(pairs["i"], return_counts=True)
    if counts.size == 0:
        return np.zeros(lead.size)
    at = _lookup((jumping_images,), (images[lead],))
    return np.where(at >= 0, counts[np.maximum(at, 0)] - jumps[lead], 0).astype(float)


def _flagged_filters(
    candidate_id: np.ndarray, filter_det_flag: np.ndarray, match_id: np.ndarray
) -> np.ndarray:
    """For each of `match_id`, its filter rows with FilterDetFlag 1."""
    flagged_ids, counts = np.unique(candidate_id[filter_det_flag > 0], return_counts=True)
    if counts.size == 0:
        return np.zeros(match_id.size)
    at = _lookup((flagged_ids,), (match_id,))
    return np.where(at >= 0, counts[np.maximum(at, 0)], 0).astype(float)


def _catalogue_columns(rows: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    mad = np.asarray(rows["mad"], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        over = mad / np.asarray(rows["mad_threshold"], dtype=float)
    columns = {
        "candidate_id": np.asarray(rows["candidate_id"], dtype=np.int64),
        "mad": mad,
        "mad_over_threshold": np.where(np.isfinite(over), over, np.nan),
        "chi2": np.asarray(rows["chi2"], dtype=float),
        "num_lc": np.asarray(rows["num_lc"], dtype=float),
        "mean_corr_mag": np.asarray(rows["mean_corr_mag"], dtype=float),
        "filter_det_flag": np.asarray(rows["filter_det_flag"], dtype=float),
    }
    ordinals = var_qual_ordinals(rows["var_qual_flag"])
    columns.update({name: ordinals[:, i] for i, name in enumerate(VAR_QUAL_COLUMNS)})
    return columns


def _lookup(table_keys: tuple[np.ndarray, ...], query_keys: tuple[np.ndarray, ...]) -> np.ndarray:
    """For each query key (a tuple of columns), the index of the equal row of the table, or -1. Table keys
    must be unique; text columns may be str or bytes."""
    pairs = [(_comparable(t), _comparable(q)) for t, q in zip(table_keys, query_keys, strict=True)]
    dtype = [(f"k{i}", np.result_type(t, q)) for i, (t, q) in enumerate(pairs)]
    table = _record([t for t, _ in pairs], dtype)
    query = _record([q for _, q in pairs], dtype)
    if table.size == 0:
        return np.full(query.size, -1)
    order = np.argsort(table, kind="stable")
    position = np.minimum(np.searchsorted(table[order], query), table.size - 1)
    return np.where(table[order][position] == query, order[position], -1)


def _comparable(column: np.ndarray) -> np.ndarray:
    column = np.asarray(column)
    return column.astype(str) if column.dtype.kind == "S" else column


def _record(columns: list[np.ndarray], dtype: list[tuple[str, np.dtype]]) -> np.ndarray:
    """Columns as one structured array, which numpy sorts and compares as tuples."""
    record = np.empty(columns[0].size, dtype=dtype)
    for (name, _), column in zip(dtype, columns, strict=True):
        record[name] = column
    return record

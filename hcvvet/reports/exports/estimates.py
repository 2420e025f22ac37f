"""The catalogue estimates of a campaign (`triage.estimates`, as its JSON document) as an export: a table
of one row per group with both estimates and their intervals, or the JSON document, each with the
provenance and citation every export carries. Reports may not import triage: the document is plain data.
A value the document has not (null: an estimate with too few labels, an estimate or mean prediction when no
model has predicted the campaign, the MAD edges of a row that is no MAD bin) is a masked cell: empty in CSV,
ECSV and VOTable, a masked NaN in FITS; never a number."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np
from astropy.table import Table

from .io import CONTENT_TYPES, FILE_EXTENSIONS, is_table_format, write_table
from .safety import filename_part
from .tables import Provenance, build_table

REPORT = "catalogue-estimates"
FORMATS = ("csv", "ecsv", "votable", "fits", "json")
# document keys said in the table's metadata beside the provenance
NOTES = (
    "order",
    "labels_used",
    "labels_only_unbiased",
    "has_predictions",
    "predictions",
    "population",
    "without_prediction",
)


def _masked(values: list[float | None]) -> np.ma.MaskedArray:
    """The values as floats, None masked."""
    return np.ma.masked_array(
        [np.nan if v is None else float(v) for v in values], mask=[v is None for v in values]
    )


def _bound(estimate: Mapping[str, Any] | None, index: int | None) -> float | None:
    if estimate is None:
        return None
    return estimate["estimate"] if index is None else estimate["interval_95"][index]


def estimates_table(document: Mapping[str, Any], provenance: Provenance) -> Table:
    rows = document["rows"]
    columns: dict[str, Any] = {
        "group": [r["group"] for r in rows],
        "group_key": [r["key"] for r in rows],
        "group_name": [r["name"] for r in rows],
        "mad_lo": _masked([r["mad_lo"] for r in rows]),
        "mad_hi": _masked([r["mad_hi"] for r in rows]),
        "n_candidates": [r["candidates"] for r in rows],
        "n_labels": [r["labels"] for r in rows],
        "n_labelled_artifact": [r["artifacts"] for r in rows],
        "mean_p_artifact": _masked([r["mean_prediction"] for r in rows]),
    }
    for prefix, key, (lo, hi) in (
        ("ppi", "prediction_powered", ("ppi_lo", "ppi_hi")),
        ("labels", "labels_only", ("wilson_lo", "wilson_hi")),
    ):
        columns[f"{prefix}_fraction"] = _masked([_bound(r[key], None) for r in rows])
        columns[lo] = _masked([_bound(r[key], 0) for r in rows])
        columns[hi] = _masked([_bound(r[key], 1) for r in rows])
    columns["note"] = [r["note"] for r in rows]
    description = (
        "Artifact fraction of the campaign's candidates: prediction-powered estimate beside the labels-only "
        "one, all candidates, per MAD bin, AutoClass and instrument"
    )
    table = build_table(columns, provenance, description)
    table.meta["confidence_level"] = repr(document["confidence_level"])
    table.meta.update({key: str(document[key]) for key in NOTES})
    return table


def estimates_render(document: Mapping[str, Any], provenance: Provenance, fmt: str) -> tuple[bytes, str, str]:
    """(body, content type, file name) of the estimates in one of `FORMATS`; ValueError naming the formats
    for any other."""
    stem = f"hcvvet-{REPORT}-{filename_part(provenance.campaign)}"
    if fmt == "json":
        meta = provenance.to_meta()
        meta["selection"] = dict(provenance.selection)
        body = json.dumps({**document, "provenance": meta}, indent=1, allow_nan=False).encode()
        return body, "application/json", f"{stem}.json"
    if fmt in FORMATS and is_table_format(fmt):
        body = write_table(estimates_table(document, provenance), fmt)
        return body, CONTENT_TYPES[fmt], f"{stem}.{FILE_EXTENSIONS[fmt]}"
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")

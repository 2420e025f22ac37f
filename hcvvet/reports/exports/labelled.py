"""The labelled candidate table as a file format: the columns it must have, free text stored escaped, and
per-expert and adjudication columns masked together. `hcvvet.reports.labelled` builds it from the database
and imports it back into a campaign."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
from astropy.table import MaskedColumn, Table

from .columns import COMMENT_PREFIX, VOTE_PREFIX, ColumnContentError, expert_column
from .escaping import text_escape
from .io import TableFormat, read_table
from .tables import Provenance, build_table

LABELLED_CANDIDATES = "labelled-candidates"
LABELLED_REQUIRED = (
    "MatchID",
    "Filter",
    "AutoClass",
    "ExpertClass",
    "FilterDetFlag",
    "MAD",
    "ConsensusClass",
)
# the adjudication columns are masked exactly where AdjudicatedClass is
ADJUDICATION_COLUMNS = ("AdjudicatedClass", "AdjudicatedBy", "AdjudicationNote", "AdjudicatedAt")
ESCAPED_COLUMNS = ("AdjudicatedBy", "AdjudicationNote")
# one campaign's Dawid-Skene posterior class and its probability, masked exactly where PosteriorClass is
POSTERIOR_COLUMNS = ("PosteriorClass", "PosteriorProb")


def labelled_candidates_table(columns: Mapping[str, Any], provenance: Provenance) -> Table:
    """One row per object and filter with the catalogue columns, the consensus and, per expert, the
    `EXPERT_COLUMNS` (vote, reasons, comment, time spent, time of vote; masked where the expert did not vote),
    for training classifiers and auditing campaigns. An object's consensus, votes, gold flag, adjudication and
    Dawid-Skene posterior class repeat on each of its filter rows. Free text (`Comment_<expert>`,
    `AdjudicatedBy`, `AdjudicationNote`) is given as entered and stored escaped (`text_escape`) so that every
    format keeps it whole."""
    missing = [name for name in LABELLED_REQUIRED if name not in columns]
    if missing:
        raise ValueError(f"labelled candidate table lacks columns {missing}")
    columns = {name: _escaped(values) if _is_free_text(name) else values for name, values in columns.items()}
    table = build_table(
        columns,
        replace(provenance, report=LABELLED_CANDIDATES),
        "hcvvet labelled candidates: one row per object and filter, consensus and every vote; an object's "
        "votes, gold flag and adjudication repeat on each of its filter rows",
    )
    return _align_missing(table)


# Why a file of each format could not be read, in the words of someone who made it (never the parser's).
UNREADABLE = {
    "csv": "its rows could not be read as comma-separated values under one header line (are the values "
    "separated by commas, and does every row have as many as the header?)",
    "ecsv": "it is not an ECSV table: it must begin with the line '# %ECSV 1.0' and the header hcvvet writes",
    "votable": "it is not a VOTable: an XML document with a RESOURCE holding a TABLE",
    "fits": "it is not a FITS file holding a table (a FITS file begins with the header card SIMPLE = T "
    "and has a binary table extension)",
}


def unreadable_reason(error: Exception, fmt: str) -> str:
    """Why an upload could not be read, in plain words: the parser's own message names Python internals."""
    if isinstance(error, UnicodeDecodeError):
        return (
            f"it is not UTF-8 text: byte {error.start + 1} of the file cannot be read as a character (was it "
            "saved by a spreadsheet in another encoding?); save it as UTF-8, or download the export again"
        )
    return UNREADABLE.get(fmt, f"it is not a {fmt} table")


def read_labelled_candidates(data: bytes, fmt: TableFormat) -> Table:
    """Load an exported labelled candidate table; ValueError in plain words if the file cannot be read, or is
    another kind of table."""
    try:
        table = read_table(data, fmt)
    except ColumnContentError:
        raise
    except (ValueError, KeyError, OSError, TypeError, IndexError) as error:
        raise ValueError(unreadable_reason(error, fmt)) from error
    if table.meta.get("report") != LABELLED_CANDIDATES:
        found = table.meta.get("report")
        raise ValueError(
            "not a labelled candidate export: "
            + (f"it is hcvvet's {found!r} report" if found else "it carries no hcvvet report name")
        )
    missing = [name for name in LABELLED_REQUIRED if name not in table.colnames]
    if missing:
        raise ValueError(f"the columns {', '.join(missing)} of a labelled candidate export are missing")
    return _align_missing(table)


def _is_free_text(name: str) -> bool:
    return name in ESCAPED_COLUMNS or name.startswith(COMMENT_PREFIX)


def _escaped(values: Any) -> Any:
    text = [text_escape(str(value)) for value in np.ma.getdata(values).tolist()]
    return np.ma.array(text, mask=np.ma.getmaskarray(values)) if np.ma.isMaskedArray(values) else text


def _mask_owner(name: str) -> str | None:
    """The column whose missing values a labelled column shares (the expert's vote, the adjudicated class, the
    posterior class)."""
    per_expert = expert_column(name)
    if per_expert is not None:
        return VOTE_PREFIX + per_expert[1]
    if name in POSTERIOR_COLUMNS:
        return "PosteriorClass"
    return "AdjudicatedClass" if name in ADJUDICATION_COLUMNS else None


def _align_missing(table: Table) -> Table:
    """Mask each per-expert column exactly where the expert's vote is, each adjudication column where
    AdjudicatedClass is, PosteriorProb where PosteriorClass is: CSV, ECSV and VOTable write an empty string
    and a missing one alike, so the vote (or the class) tells which it was."""
    for column in list(table.itercols()):
        owner = _mask_owner(column.name)
        if owner is None or owner == column.name or owner not in table.colnames:
            continue
        missing = np.ma.getmaskarray(table[owner])
        if column.dtype.kind != "U":
            missing = missing | np.ma.getmaskarray(column)
        aligned = MaskedColumn(
            np.ma.getdata(column), mask=missing, unit=column.unit, description=column.description
        )
        table.replace_column(column.name, aligned)
    return table

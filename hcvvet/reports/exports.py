"""Astropy tables of the reports, with units, descriptions and provenance, written as CSV, ECSV, VOTable or
FITS bytes, and read back without loss (types, units, descriptions, metadata).

Provenance lives in `Table.meta` as flat string values, so that every format carries it the same way:
FITS as HIERARCH header cards, VOTable as INFO elements, CSV as `# meta.<key>: <value>` comment lines.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
from astropy.io import votable
from astropy.io.fits.verify import VerifyWarning
from astropy.table import Column, MaskedColumn, Table

from hcvvet import __version__ as HCVVET_VERSION
from hcvvet.catalog.classes import codes_description

from .statistics import EXPERT_CLASS_NAMES, ArtifactFraction, CrossTab, MadHistograms, PairAgreement

TableFormat = Literal["csv", "ecsv", "votable", "fits"]

HCV_RELEASE = "HCV 1.0 (HSC v3)"
CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "ecsv": "text/plain",
    "votable": "application/x-votable+xml",
    "fits": "application/fits",
}
FILE_EXTENSIONS: dict[str, str] = {"csv": "csv", "ecsv": "ecsv", "votable": "vot", "fits": "fits"}
LABELLED_CANDIDATES = "labelled-candidates"
# per-expert columns of the labelled table are named <prefix><username>
VOTE_PREFIX = "Vote_"
REASONS_PREFIX = "Reasons_"
COMMENT_PREFIX = "Comment_"
SECONDS_PREFIX = "Seconds_"
VOTED_AT_PREFIX = "VotedAt_"
REASON_SEPARATOR = ","


@dataclass(frozen=True)
class Provenance:
    """Where a table comes from. `label_source` is "hcv" (the catalogue's ExpertClass) or "labels" (hcvvet's
    own votes: one campaign, or all consensus labels when `campaign` is empty)."""

    report: str
    label_source: str
    campaign: str = ""
    rule: str = ""
    selection: Mapping[str, Any] = field(default_factory=dict)
    exported_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    hcv_release: str = HCV_RELEASE
    hcvvet_version: str = HCVVET_VERSION

    def to_meta(self) -> dict[str, str]:
        return {
            "report": self.report,
            "hcv_release": self.hcv_release,
            "hcvvet_version": self.hcvvet_version,
            "label_source": self.label_source,
            "campaign": self.campaign,
            "rule": self.rule,
            "selection": json.dumps(dict(self.selection), sort_keys=True, default=str),
            "exported_at": self.exported_at.astimezone(UTC).isoformat(timespec="seconds"),
        }


@dataclass(frozen=True)
class ColumnSpec:
    dtype: str
    unit: str | None
    description: str


_CLASS_CODES = "0 constant, 1 single-filter (SFVC), 2 multi-filter variable candidate (MFVC)"
_EXPERT_CODES = codes_description()
_ESCAPED = (
    "escaped to one line of printable ASCII as a Python string literal (backslash escapes; a leading or "
    "trailing space as \\x20)"
)
_ISO_UTC = "ISO 8601 UTC with microseconds (sorts in time order)"
COLUMNS: dict[str, ColumnSpec] = {
    # catalogue columns keep the HCV names of HCVmatch / HCVfilter
    "MatchID": ColumnSpec("int64", None, "HSC v3 match (object) identifier"),
    "GroupID": ColumnSpec("int64", None, "HCV image group identifier"),
    "SubGroupID": ColumnSpec("int64", None, "HCV image subgroup identifier"),
    "RA": ColumnSpec("float64", "deg", "Right ascension (ICRS)"),
    "Dec": ColumnSpec("float64", "deg", "Declination (ICRS)"),
    "AutoClass": ColumnSpec("int16", None, f"HCV automatic classification: {_CLASS_CODES}"),
    "ExpertClass": ColumnSpec(
        "int16", None, f"HCV catalogue expert class: 0 not classified, {_EXPERT_CODES}"
    ),
    "NumFilters": ColumnSpec("int16", None, "Number of filters of the object in the HCV"),
    "Filter": ColumnSpec("str", None, "Instrument and filter, INSTRUMENT_FILTER"),
    "FilterDetFlag": ColumnSpec("int16", None, "1 if the object is variable in this filter"),
    "VarQualFlag": ColumnSpec(
        "str", None, "Variability quality flag: CI, D, MagerrAper2, MagAper2-MagAuto, p2p"
    ),
    "NumLC": ColumnSpec("int32", None, "Number of light-curve points in this filter"),
    "MeanMag": ColumnSpec("float64", "mag", "Mean magnitude"),
    "MeanCorrMag": ColumnSpec("float64", "mag", "Mean corrected magnitude"),
    "MAD": ColumnSpec("float64", "mag", "Median absolute deviation of the corrected magnitudes (unscaled)"),
    "Chi2": ColumnSpec("float64", None, "Reduced chi-square of the corrected magnitudes"),
    "ConsensusClass": ColumnSpec(
        "int16", None, f"hcvvet consensus expert class ({_EXPERT_CODES}); masked if none"
    ),
    "NumVotes": ColumnSpec("int16", None, "Number of hcvvet expert votes on the object"),
    "IsGold": ColumnSpec(
        "bool", None, "True if the object is a gold candidate (known answer) of the campaign"
    ),
    "GoldClass": ColumnSpec(
        "int16", None, f"Known class of a gold candidate ({_EXPERT_CODES}); masked if none"
    ),
    "AdjudicatedClass": ColumnSpec(
        "int16", None, f"Class a curator decided for the disputed object ({_EXPERT_CODES}); masked if none"
    ),
    "AdjudicatedBy": ColumnSpec(
        "str", None, f"Username of the adjudicating curator, {_ESCAPED}; masked if no adjudication"
    ),
    "AdjudicationNote": ColumnSpec(
        "str", None, f"The adjudicating curator's note, {_ESCAPED}; masked if no adjudication"
    ),
    "AdjudicatedAt": ColumnSpec(
        "str", None, f"Time of the adjudication, {_ISO_UTC}; masked if no adjudication"
    ),
    # report columns are named as in the JSON output
    "auto_class": ColumnSpec("int16", None, f"HCV AutoClass: {_CLASS_CODES}"),
    "expert_class": ColumnSpec("int16", None, f"Expert class: {_EXPERT_CODES}"),
    "count": ColumnSpec("int64", None, "Objects (one per MatchID)"),
    "fraction": ColumnSpec("float64", None, "Fraction (of the AutoClass, or of the bin's rows)"),
    "mad_lo": ColumnSpec("float64", "mag", "Lower MAD edge of the bin"),
    "mad_hi": ColumnSpec("float64", "mag", "Upper MAD edge of the bin"),
    "n": ColumnSpec("int64", None, "Object-filter rows with FilterDetFlag > 0 in the bin"),
    "n_artifact": ColumnSpec("int64", None, "Rows of the bin an expert called an artifact"),
    "ci_lo": ColumnSpec("float64", None, "Lower bound of the Wilson binomial interval of the fraction"),
    "ci_hi": ColumnSpec("float64", None, "Upper bound of the Wilson binomial interval of the fraction"),
    "n_all": ColumnSpec("int64", None, "Object-filter rows with FilterDetFlag > 0 in the bin, any class"),
    "rater_a": ColumnSpec("str", None, "First expert of the pair"),
    "rater_b": ColumnSpec("str", None, "Second expert of the pair"),
    "n_common": ColumnSpec("int64", None, "Candidates both experts labelled"),
    "kappa": ColumnSpec("float64", None, "Cohen's kappa; NaN when undefined"),
}
LABELLED_REQUIRED = (
    "MatchID",
    "Filter",
    "AutoClass",
    "ExpertClass",
    "FilterDetFlag",
    "MAD",
    "ConsensusClass",
)


def _class_count_column(expert_class: int) -> str:
    name = EXPERT_CLASS_NAMES.get(expert_class, f"class_{expert_class}")
    return "n_" + name.replace(" ", "_").replace("-", "_")


for _code, _name in EXPERT_CLASS_NAMES.items():
    COLUMNS.setdefault(
        _class_count_column(_code), ColumnSpec("int64", None, f"Rows the expert classed {_name}")
    )


# the adjudication columns are masked exactly where AdjudicatedClass is
ADJUDICATION_COLUMNS = ("AdjudicatedClass", "AdjudicatedBy", "AdjudicationNote", "AdjudicatedAt")
ESCAPED_COLUMNS = ("AdjudicatedBy", "AdjudicationNote")
EXPERT_COLUMNS: dict[str, ColumnSpec] = {
    # prefix -> spec of one expert's column, "{expert}" standing for the username; all masked if no vote
    VOTE_PREFIX: ColumnSpec(
        "int16", None, f"Expert class voted by {{expert}} ({_EXPERT_CODES}); masked if no vote"
    ),
    REASONS_PREFIX: ColumnSpec(
        "str", None, "Reason codes of {expert}'s vote, comma-separated, empty if none; masked if no vote"
    ),
    COMMENT_PREFIX: ColumnSpec(
        "str", None, f"{{expert}}'s comment on the vote, {_ESCAPED}; masked if no vote"
    ),
    SECONDS_PREFIX: ColumnSpec("float64", "s", "Time {expert} spent on the object; masked if no vote"),
    VOTED_AT_PREFIX: ColumnSpec(
        "str", None, f"Time {{expert}} last set the vote, {_ISO_UTC}; masked if no vote"
    ),
}


def expert_column(name: str) -> tuple[str, str] | None:
    """(prefix, username) of a per-expert column (`Vote_<username>`, ...); None for any other column."""
    for prefix in EXPERT_COLUMNS:
        if name.startswith(prefix) and len(name) > len(prefix):
            return prefix, name[len(prefix) :]
    return None


def column_spec(name: str) -> ColumnSpec:
    """Type, unit and description of an export column; `<prefix><expert>` columns (`EXPERT_COLUMNS`) hold one
    expert's votes."""
    per_expert = expert_column(name)
    if per_expert is not None:
        prefix, expert = per_expert
        spec = EXPERT_COLUMNS[prefix]
        return replace(spec, description=spec.description.format(expert=expert))
    if name not in COLUMNS:
        raise KeyError(f"no column spec for {name!r}")
    return COLUMNS[name]


def text_escape(value: str) -> str:
    """`value` as one line of printable ASCII that every format keeps as is: Python string-literal escapes
    (`\\\\`, `\\n`, `\\xe9`, `\\u2248`, ...), and a leading or trailing space as `\\x20` because CSV, ECSV and
    VOTable readers strip field ends. `text_unescape` (or Python's "unicode_escape" codec) reverses it."""
    escaped = value.encode("unicode_escape").decode("ascii")
    core = escaped.strip(" ")
    if not core:
        return "\\x20" * len(escaped)
    lead = len(escaped) - len(escaped.lstrip(" "))
    trail = len(escaped) - len(escaped.rstrip(" "))
    return "\\x20" * lead + core + "\\x20" * trail


_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t", "'": "'", '"': '"'}


def text_unescape(value: str) -> str:
    """The text `text_escape` escaped. Lenient with hand-edited files: other characters, non-ASCII ones
    included, and unknown escapes are kept as they are."""

    def unescaped(match: re.Match) -> str:
        code = match.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, match.group(0))

    return _ESCAPE.sub(unescaped, value)


def _cast(data: np.ndarray, mask: np.ndarray, dtype: str) -> np.ndarray:
    if dtype == "str":
        # "" under the mask and the narrowest width, whatever a reader left there: equal after a round trip
        text = np.where(mask, "", data.astype(str))
        return np.array(text.tolist(), dtype=str).reshape(data.shape)
    if dtype == "bool" and data.dtype.kind in "US":  # CSV reads True / False back as text
        return np.char.lower(data.astype(str)) == "true"
    return data.astype(np.dtype(dtype))


def _typed_column(name: str, values: Any) -> Column:
    spec = column_spec(name)
    masked = np.ma.isMaskedArray(values) or isinstance(values, MaskedColumn)
    mask = np.ma.getmaskarray(values)
    data = _cast(np.asarray(np.ma.getdata(values)), mask, spec.dtype)
    if masked:
        return MaskedColumn(data, mask=mask, name=name, unit=spec.unit, description=spec.description)
    return Column(data, name=name, unit=spec.unit, description=spec.description)


def build_table(columns: Mapping[str, Any], provenance: Provenance, description: str) -> Table:
    """A table of the named columns (arrays, masked arrays for missing values) typed by `column_spec`."""
    table = Table([_typed_column(name, values) for name, values in columns.items()])
    table.meta.update({"description": description, **provenance.to_meta()})
    return table


def crosstab_table(crosstab: CrossTab, provenance: Provenance) -> Table:
    """AutoClass x expert class counts; `fraction` is within the AutoClass."""
    rows = crosstab.rows
    columns = {
        key: [getattr(r, key) for r in rows] for key in ("auto_class", "expert_class", "count", "fraction")
    }
    return build_table(columns, provenance, "HCV AutoClass versus expert class, one object per MatchID")


def artifact_fraction_table(result: ArtifactFraction, provenance: Provenance) -> Table:
    keys = ("mad_lo", "mad_hi", "n", "n_artifact", "fraction", "ci_lo", "ci_hi")
    columns = {key: [getattr(b, key) for b in result.bins] for key in keys}
    table = build_table(columns, provenance, "Artifact fraction versus MAD, rows with FilterDetFlag > 0")
    table.meta["confidence_level"] = repr(result.confidence_level)
    return table


def mad_histograms_table(hist: MadHistograms, provenance: Provenance) -> Table:
    columns = {"mad_lo": hist.edges[:-1], "mad_hi": hist.edges[1:], "n_all": hist.all_counts}
    columns |= {_class_count_column(c): counts for c, counts in hist.class_counts.items()}
    return build_table(columns, provenance, "MAD histograms per expert class, rows with FilterDetFlag > 0")


def agreement_table(pairs: Sequence[PairAgreement], provenance: Provenance) -> Table:
    columns = {
        "rater_a": [str(p.rater_a) for p in pairs],
        "rater_b": [str(p.rater_b) for p in pairs],
        "n_common": [p.n_common for p in pairs],
        "kappa": [np.nan if p.kappa is None else p.kappa for p in pairs],
    }
    return build_table(columns, provenance, "Cohen's kappa per pair of experts")


def labelled_candidates_table(columns: Mapping[str, Any], provenance: Provenance) -> Table:
    """One row per object and filter with the catalogue columns, the consensus and, per expert, the
    `EXPERT_COLUMNS` (vote, reasons, comment, time spent, time of vote; masked where the expert did not vote),
    for training classifiers and auditing campaigns. An object's consensus, votes, gold flag and adjudication
    repeat on each of its filter rows. Free text (`Comment_<expert>`, `AdjudicatedBy`, `AdjudicationNote`) is
    given as entered and stored escaped (`text_escape`) so that every format keeps it whole."""
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


def _is_free_text(name: str) -> bool:
    return name in ESCAPED_COLUMNS or name.startswith(COMMENT_PREFIX)


def _escaped(values: Any) -> Any:
    text = [text_escape(str(value)) for value in np.ma.getdata(values).tolist()]
    return np.ma.array(text, mask=np.ma.getmaskarray(values)) if np.ma.isMaskedArray(values) else text


def _mask_owner(name: str) -> str | None:
    """The column whose missing values a labelled column shares (the expert's vote, the adjudicated class)."""
    per_expert = expert_column(name)
    if per_expert is not None:
        return VOTE_PREFIX + per_expert[1]
    return "AdjudicatedClass" if name in ADJUDICATION_COLUMNS else None


def _align_missing(table: Table) -> Table:
    """Mask each per-expert column exactly where the expert's vote is, each adjudication column where
    AdjudicatedClass is: CSV, ECSV and VOTable write an empty string and a missing one alike, so the vote (or
    the class) tells which it was."""
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


def _csv_bytes(table: Table) -> bytes:
    header = ["# hcvvet export"]
    header += [f"# meta.{key}: {value}" for key, value in table.meta.items()]
    header += [
        f"# column.{col.name}{f' [{col.unit}]' if col.unit else ''}: {col.description}"
        for col in table.itercols()
    ]
    body = io.StringIO()
    table.write(body, format="ascii.csv")
    return ("\n".join(header) + "\n" + body.getvalue()).encode()


def _votable_bytes(table: Table) -> bytes:
    with warnings.catch_warnings():
        # a name that is no XML ID (a username with "@" or an accent) gets an ID made from it; names are kept
        warnings.simplefilter("ignore", votable.exceptions.W03)
        document = votable.from_table(table)
    resource = document.resources[0]
    for i, column in enumerate(resource.tables[0].fields):
        if column.name != column.ID:
            column.ID = f"{column.ID}_{i}"  # two such names can make the same ID
    resource.tables[0].description = table.meta.get("description", "")
    for key, value in table.meta.items():
        resource.infos.append(votable.tree.Info(name=key, value=str(value)))
    buffer = io.BytesIO()
    document.to_xml(buffer)
    return buffer.getvalue()


def write_table(table: Table, fmt: TableFormat) -> bytes:
    """The table as bytes in one of CSV (provenance in leading comments), ECSV, VOTable or FITS."""
    if fmt == "csv":
        return _csv_bytes(table)
    if fmt == "ecsv":
        text = io.StringIO()
        table.write(text, format="ascii.ecsv")
        return text.getvalue().encode()
    if fmt == "votable":
        return _votable_bytes(table)
    if fmt == "fits":
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            # provenance keys are longer than 8 characters: HIERARCH cards are the intended outcome
            warnings.simplefilter("ignore", VerifyWarning)
            _fits_named(table).write(buffer, format="fits")
        return buffer.getvalue()
    raise ValueError(f"unknown table format {fmt!r}; expected one of {sorted(CONTENT_TYPES)}")


FITS_NAME_KEY = "fits_column_"  # meta key prefix: the full name of a column renamed for FITS
FITS_NAME_CHARS = 68  # a TTYPE value must fit in one header card


def _fits_named(table: Table) -> Table:
    """`table`, or a copy whose column names all fit in FITS: a name longer than `FITS_NAME_CHARS` or not
    printable ASCII (a per-expert column of a long or accented username) becomes `col<n>`, the name itself
    kept escaped in meta `fits_column_col<n>`; `read_table` renames it back."""
    unfit = [
        (index, name)
        for index, name in enumerate(table.colnames, 1)
        if not (name.isascii() and name.isprintable() and len(name.replace("'", "''")) <= FITS_NAME_CHARS)
    ]
    if not unfit:
        return table
    named = table.copy(copy_data=False)
    for index, name in unfit:
        named.rename_column(name, f"col{index}")
        named.meta[f"{FITS_NAME_KEY}col{index}"] = text_escape(name)
    return named


def _fits_rename_back(table: Table) -> None:
    for key in [key for key in table.meta if key.startswith(FITS_NAME_KEY)]:
        table.rename_column(key[len(FITS_NAME_KEY) :], text_unescape(str(table.meta.pop(key))))


def _restore_types(table: Table) -> Table:
    """Cast columns back to their declared dtype (native byte order, str not bytes), unit and description."""
    return Table([_typed_column(col.name, col) for col in table.itercols()], meta=table.meta)


def _read_csv(data: bytes) -> Table:
    lines = data.decode().splitlines()
    meta = {}
    for line in lines:
        if line.startswith("# meta."):
            key, _, value = line[len("# meta.") :].partition(": ")
            meta[key] = value
    body = "\n".join(line for line in lines if not line.startswith("#"))
    table = Table.read(body, format="ascii.csv")  # empty fields come back masked
    table.meta.update(meta)
    return table


def _read_votable(data: bytes) -> Table:
    document = votable.parse(io.BytesIO(data))
    resource = document.resources[0]
    table = resource.tables[0].to_table(use_names_over_ids=True)
    table.meta = {info.name: info.value for info in resource.infos}
    return table


def read_table(data: bytes, fmt: TableFormat) -> Table:
    """Read a table written by `write_table`, with its declared types, units, descriptions and metadata."""
    if fmt == "csv":
        table = _read_csv(data)
    elif fmt == "ecsv":
        table = Table.read(data.decode(), format="ascii.ecsv")
    elif fmt == "votable":
        table = _read_votable(data)
    elif fmt == "fits":
        table = Table.read(io.BytesIO(data), format="fits", character_as_bytes=False)
        # FITS upper-cases keywords of up to 8 characters ("rule", "campaign"); provenance keys are lower case
        table.meta = {key.lower(): value for key, value in table.meta.items()}
        _fits_rename_back(table)
    else:
        raise ValueError(f"unknown table format {fmt!r}; expected one of {sorted(CONTENT_TYPES)}")
    return _restore_types(table)


def read_labelled_candidates(data: bytes, fmt: TableFormat) -> Table:
    """Load an exported labelled candidate table; ValueError if the file is another kind of table."""
    table = read_table(data, fmt)
    if table.meta.get("report") != LABELLED_CANDIDATES:
        raise ValueError(f"not a labelled candidate export (report is {table.meta.get('report')!r})")
    missing = [name for name in LABELLED_REQUIRED if name not in table.colnames]
    if missing:
        raise ValueError(f"labelled candidate export lacks columns {missing}")
    return _align_missing(table)

"""Tables written as CSV, ECSV, VOTable or FITS bytes, and read back without loss (types, units,
descriptions, metadata).

Metadata (the provenance) are flat string values: FITS writes them as HIERARCH header cards, VOTable as INFO
elements, CSV as `# meta.<key>: <value>` comment lines.
"""

from __future__ import annotations

import io
import warnings
from typing import Literal, TypeGuard

from astropy.io import votable
from astropy.io.fits.verify import VerifyWarning
from astropy.table import Table

from .columns import typed_column
from .escaping import text_escape, text_unescape
from .publication import latex_bytes, mrt_bytes
from .safety import formulas_quoted, formulas_restored

TableFormat = Literal["csv", "ecsv", "votable", "fits", "mrt", "latex"]
# Written for papers, never read back: the AAS machine-readable table and a LaTeX table.
WRITE_ONLY = frozenset({"mrt", "latex"})

CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "ecsv": "text/plain",
    "votable": "application/x-votable+xml",
    "fits": "application/fits",
    "mrt": "text/plain",
    "latex": "application/x-latex",
}
FILE_EXTENSIONS: dict[str, str] = {
    "csv": "csv",
    "ecsv": "ecsv",
    "votable": "vot",
    "fits": "fits",
    "mrt": "txt",
    "latex": "tex",
}


def is_table_format(fmt: str) -> TypeGuard[TableFormat]:
    """Whether `fmt` (as a user asked for it) is one `write_table` writes."""
    return fmt in CONTENT_TYPES


FITS_NAME_KEY = "fits_column_"  # meta key prefix: the full name of a column renamed for FITS
FITS_NAME_CHARS = 68  # a TTYPE value must fit in one header card


def _csv_bytes(table: Table) -> bytes:
    header = ["# hcvvet export"]
    # Escaped to one line: a line break in a value (a campaign name) would start a data row of its own.
    header += [f"# meta.{key}: {text_escape(str(value))}" for key, value in table.meta.items()]
    header += [
        f"# column.{col.name}{f' [{col.unit}]' if col.unit else ''}: {col.description}"
        for col in table.itercols()
    ]
    body = io.StringIO()
    formulas_quoted(table).write(body, format="ascii.csv")
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


def write_table(table: Table, fmt: TableFormat) -> bytes:
    """The table as bytes in one of CSV (provenance in leading comments), ECSV, VOTable, FITS, the AAS
    machine-readable table or LaTeX (`publication`)."""
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
    if fmt == "mrt":
        return mrt_bytes(table)
    if fmt == "latex":
        return latex_bytes(table)
    raise ValueError(f"unknown table format {fmt!r}; expected one of {sorted(CONTENT_TYPES)}")


def _restore_types(table: Table) -> Table:
    """Cast columns back to their declared dtype (native byte order, str not bytes), unit and description."""
    return Table([typed_column(col.name, col) for col in table.itercols()], meta=table.meta)


def _read_csv(data: bytes) -> Table:
    lines = data.decode().splitlines()
    meta = {}
    for line in lines:
        if line.startswith("# meta."):
            key, _, value = line[len("# meta.") :].partition(": ")
            meta[key] = text_unescape(value)
    body = "\n".join(line for line in lines if not line.startswith("#"))
    table = formulas_restored(_read_text(body, "ascii.csv"))  # empty fields come back masked
    table.meta.update(meta)
    return table


def _read_text(text: str, astropy_format: str) -> Table:
    """Parse uploaded text as a table. As a list of lines, never as one string: astropy takes a string
    without a newline for a file name or a URL, and an upload must never make the server open one."""
    return Table.read(text.splitlines(), format=astropy_format)


def _read_votable(data: bytes) -> Table:
    document = votable.parse(io.BytesIO(data))
    if not document.resources or not document.resources[0].tables:
        raise ValueError("the VOTable holds no table")
    resource = document.resources[0]
    table = resource.tables[0].to_table(use_names_over_ids=True)
    table.meta = {info.name: info.value for info in resource.infos}
    return table


def read_table(data: bytes, fmt: TableFormat) -> Table:
    """Read a table written by `write_table`, with its declared types, units, descriptions and metadata."""
    if fmt == "csv":
        table = _read_csv(data)
    elif fmt == "ecsv":
        table = _read_text(data.decode(), "ascii.ecsv")
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

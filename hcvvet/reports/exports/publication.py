"""Tables for a paper: the AAS machine-readable table (astropy's `ascii.mrt` writer, what AAS journals take as
the data behind a table) and a LaTeX table (astropy's `ascii.latex`), each with the report's description as
its title or caption and the provenance in its notes. Written only (hcvvet reads back its own CSV, ECSV,
VOTable and FITS).
"""

from __future__ import annotations

import io

import numpy as np
from astropy.table import MaskedColumn, Table

PROVENANCE_KEYS = (
    "citation",
    "hcv_release",
    "hcvvet_version",
    "label_source",
    "campaign",
    "rule",
    "selection",
    "exported_at",
    "n_unclassified",
    "left_out",
    "notebook_differences",
    "experts",
)
LATEX_SPECIAL = frozenset("&%$#_{}")
LATEX_WORDS = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _provenance_lines(table: Table) -> list[str]:
    return [f"{key}: {table.meta[key]}" for key in PROVENANCE_KEYS if table.meta.get(key)]


def _plain_columns(table: Table) -> Table:
    """A copy the text writers can format: booleans as 0/1 integers (saying so), descriptions kept."""
    out = Table(meta=dict(table.meta))
    for column in table.itercols():
        if column.dtype.kind == "b":
            values = np.asarray(column, dtype=np.int8)
            mask = getattr(column, "mask", None)
            converted = MaskedColumn(values, name=column.name, mask=mask) if mask is not None else values
            out[column.name] = converted
            out[column.name].description = f"{column.description or column.name} (1 true, 0 false)"
        else:
            out[column.name] = column
    return out


def mrt_bytes(table: Table) -> bytes:
    """The table as an AAS machine-readable table: the description as its title, the provenance as notes."""
    plain = _plain_columns(table)
    for column in plain.itercols():
        if not column.description:
            column.description = column.name
    lines = _provenance_lines(table)
    empty = [c.name for c in plain.itercols() if len(plain) and np.ma.getmaskarray(c).all()]
    if empty:
        # astropy's MRT writer gives a column masked in every row no width, shifting the columns after it
        plain.remove_columns(empty)
        lines.append(f"columns without a value in any row, left out: {', '.join(empty)}")
    if not len(plain):
        # astropy writes no MRT of an empty table: describe the columns from one blank row, then drop it
        lines.append("the selection holds no row")
        plain = Table(
            [
                MaskedColumn(
                    np.zeros(1, dtype="U1" if c.dtype.kind in "US" else c.dtype),
                    name=c.name,
                    mask=[True],
                    unit=c.unit,
                    description=c.description,
                )
                for c in plain.itercols()
            ]
        )
    text = io.StringIO()
    plain.write(text, format="ascii.mrt")
    title = table.meta.get("description", "hcvvet report")
    notes = "\n".join(f"Note ({n}): {line}" for n, line in enumerate(lines, start=1))
    written = text.getvalue()
    if "the selection holds no row" in lines:
        written = written[: written.rindex("-" * 80) + 80] + "\n"
    written = written.replace("Title:\n", f"Title: {title}\n", 1)
    written = written.replace("Authors:\n", "Authors: exported by hcvvet\n", 1)
    written = written.replace("Table:\n", f"Table: {table.meta.get('report', '')}\n", 1)
    written = written.replace("Notes:\n", f"Notes:\n{notes}\n", 1)
    return written.encode()


def latex_escape(text: str) -> str:
    """`text` as LaTeX typesets it literally (ACS_F814W, 19.3 %, ...)."""
    return "".join(LATEX_WORDS.get(char, f"\\{char}" if char in LATEX_SPECIAL else char) for char in text)


def latex_bytes(table: Table) -> bytes:
    """The table as a LaTeX `table` environment: column names and units escaped, the description and the
    provenance in the caption."""
    plain = _plain_columns(table)
    for column in plain.itercols():
        if column.dtype.kind in "US":
            plain[column.name] = [latex_escape(str(value)) for value in column]
    units = {latex_escape(c.name): latex_escape(str(c.unit)) for c in plain.itercols() if c.unit is not None}
    plain.rename_columns(plain.colnames, [latex_escape(name) for name in plain.colnames])
    parts = [table.meta.get("description", ""), *_provenance_lines(table)]
    caption = "; ".join(latex_escape(part) for part in parts if part)
    text = io.StringIO()
    plain.write(text, format="ascii.latex", latexdict={"caption": caption, "units": units})
    return text.getvalue().encode()

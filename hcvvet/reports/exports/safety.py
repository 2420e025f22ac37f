"""What makes an export safe to open: no text cell that a spreadsheet runs as a formula, and file names of
plain characters only.

A spreadsheet opening a CSV file runs a cell that begins with = + - @ (or a tab or carriage return before
one) as a formula: `=HYPERLINK(...)` in a comment would run on the curator's machine. Such a text cell is
written with a leading apostrophe, which spreadsheets show as text; `formulas_restored` takes it off again on
import. The mapping is one-to-one: a value that already begins with apostrophes before such a character gets
one more, so every value reads back as it was.
"""

from __future__ import annotations

import re

import numpy as np
from astropy.table import Column, MaskedColumn, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _needs_quote(value: str) -> bool:
    return value.lstrip(QUOTE).startswith(FORMULA_STARTS)


def formula_quoted(value: str) -> str:
    """The text as a spreadsheet shows it without running it."""
    return QUOTE + value if _needs_quote(value) else value


def formula_unquoted(value: str) -> str:
    """The text `formula_quoted` was given."""
    return value[1:] if value.startswith(QUOTE) and _needs_quote(value[1:]) else value


def _text_columns_mapped(table: Table, convert) -> Table:
    """A copy of the table with `convert` applied to every cell of its text columns (numbers stay numbers:
    a negative MAD is no formula)."""
    table = table.copy(copy_data=True)
    for column in list(table.itercols()):
        if column.dtype.kind not in "UO":
            continue
        values = [
            convert(value) if isinstance(value, str) else value for value in np.ma.getdata(column).tolist()
        ]
        attributes = {"name": column.name, "unit": column.unit, "description": column.description}
        if isinstance(column, MaskedColumn):
            mapped = MaskedColumn(values, mask=np.ma.getmaskarray(column), meta=column.meta, **attributes)
        else:
            mapped = Column(values, meta=column.meta, **attributes)
        table.replace_column(column.name, mapped)
    return table


def formulas_quoted(table: Table) -> Table:
    """The table with every text cell `formula_quoted` (for CSV, which spreadsheets open)."""
    return _text_columns_mapped(table, formula_quoted)


def formulas_restored(table: Table) -> Table:
    """The table with every text cell `formula_unquoted` (a CSV file read back)."""
    return _text_columns_mapped(table, formula_unquoted)


def filename_part(text: str) -> str:
    """Text (a campaign name) as part of a download's file name: letters, digits, `_`, `.` and `-` only, so
    no quote, newline or path separator reaches the Content-Disposition header or the user's disk."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "_"

"""Output files of CasJobs extract jobs (SubmitExtractJob): CSV, FITS, VOTable and DataSet XML."""

from __future__ import annotations

import csv
import io

import numpy as np
from astropy.io.votable import from_table
from astropy.table import MaskedColumn, Table

from . import sql
from .wire import xml_text

NUMPY_TYPES = {
    "bigint": np.int64,
    "int": np.int32,
    "smallint": np.int16,
    "tinyint": np.uint8,
    "float": np.float64,
}


def to_table(names: list[str], rows: list[tuple]) -> Table:
    """An astropy Table with the declared column types; NULLs become masked entries."""
    types = sql.column_types(names, rows)
    cols = []
    for i, (name, typ) in enumerate(zip(names, types, strict=True)):
        values = [r[i] for r in rows]
        mask = [v is None for v in values]
        dtype = NUMPY_TYPES.get(typ)
        if dtype is None:
            data = np.array(["" if v is None else str(v) for v in values], dtype=str)
            if not len(values):
                data = np.array([], dtype="U1")
        else:
            fill = 0 if np.issubdtype(dtype, np.integer) else np.nan
            data = np.array([fill if v is None else v for v in values], dtype=dtype)
        cols.append(MaskedColumn(data, name=name, mask=mask) if any(mask) else MaskedColumn(data, name=name))
    return Table(cols, masked=False)


def write_extract(kind: str, table_name: str, names: list[str], rows: list[tuple]) -> bytes:
    """Serialise a MyDB table for an extract job; `kind` is CSV, FITS, VOTable or DataSet."""
    if kind == "CSV":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    if kind == "DataSet":
        parts = ['<?xml version="1.0" encoding="utf-8"?>\n<NewDataSet>']
        for row in rows:
            cells = "".join(
                f"<{n}>{xml_text(str(v))}</{n}>" for n, v in zip(names, row, strict=True) if v is not None
            )
            parts.append(f"<{table_name}>{cells}</{table_name}>")
        parts.append("</NewDataSet>\n")
        return "".join(parts).encode("utf-8")
    table = to_table(names, rows)
    out = io.BytesIO()
    if kind == "FITS":
        table.write(out, format="fits")
    else:
        from_table(table).to_xml(out)
    return out.getvalue()

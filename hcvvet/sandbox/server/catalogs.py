"""MAST catalogs API emulation for the HCV tables: `/api/v0.1/hsc/v3/{hcvsummary,hcv}[.csv|.json|.votable]`
and `/metadata`. Cone (`ra`, `dec`, `radius` in degrees <= 0.5), column constraints (`Col=v[,v2]`,
`Col.gte/.lte/.gt/.lt=v`), `sort_by=Col[.desc]`, `pagesize`, `page`, `columns=[a,b]`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from astropy.io.votable import from_table

from . import sql
from .extract import to_table
from .wire import JSON_TYPE, Response, ServiceError

MAX_RADIUS_DEG = 0.5
DEFAULT_PAGESIZE = 50000
MAX_PAGESIZE = 500000
RESERVED = {"ra", "dec", "radius", "sort_by", "pagesize", "page", "columns", "format", "magtype"}
OPERATORS = {"gte": ">=", "lte": "<=", "gt": ">", "lt": "<"}
VOTABLE_TYPES = {
    "bigint": "long",
    "int": "int",
    "smallint": "short",
    "tinyint": "unsignedByte",
    "float": "double",
    "varchar": "char",
}


@dataclass(frozen=True)
class Column:
    name: str
    expr: str
    db_type: str
    unit: str
    description: str


def _col(name: str, expr: str, description: str, unit: str = "") -> Column:
    return Column(name, expr, sql.COLUMN_TYPES[name.lower()], unit, description)


HCVSUMMARY = (
    _col("MatchID", "m.MatchID", "HSC match identifier of the object"),
    _col("Filter", "f.Filter", "Instrument and filter, e.g. ACS_F814W"),
    _col("GroupID", "m.GroupID", "HSC image group of the object"),
    _col("SubGroupID", "m.SubGroupID", "HSC image subgroup"),
    _col("RA", "m.RA", "Right ascension (J2000)", "deg"),
    _col("Dec", "m.Dec", "Declination (J2000)", "deg"),
    _col("AutoClass", "m.AutoClass", "0 constant, 1 single-filter, 2 multi-filter variable candidate"),
    _col("ExpertClass", "m.ExpertClass", "0 not classified, 1 high-confidence, 2 probable, 4 artifact"),
    _col(
        "VarQualFlag", "f.VarQualFlag", "Variability quality flag (CI, D, MagerrAper2, MagAper2-MagAuto, p2p)"
    ),
    _col("FilterDetFlag", "f.FilterDetFlag", "1 if the object is variable in this filter"),
    _col("NumLC", "f.NumLC", "Number of points in the light curve"),
    _col("MeanMag", "f.MeanMag", "Mean HSC magnitude", "mag"),
    _col("MeanCorrMag", "f.MeanCorrMag", "Mean corrected magnitude", "mag"),
    _col("MAD", "f.MAD", "Median absolute deviation of the corrected magnitudes", "mag"),
    _col("Chi2", "f.Chi2", "Reduced chi-square of the light curve"),
)
HCV = (
    _col("MatchID", "d.MatchID", "HSC match identifier of the object"),
    _col("Filter", "d.Filter", "Instrument and filter"),
    _col("MJD", "d.MJD", "Modified Julian date of the exposure", "d"),
    _col("ImageName", "d.ImageName", "HLA image name"),
    _col("Mag", "d.Mag", "HSC aperture magnitude", "mag"),
    _col("CorrMag", "d.CorrMag", "HCV-corrected magnitude", "mag"),
    _col("MagErr", "d.MagErr", "Magnitude error", "mag"),
    _col("CI", "d.CI", "Concentration index"),
    _col("D", "d.D", "Offset from the match position"),
)
TABLES = {
    "hcvsummary": (
        HCVSUMMARY,
        "HCVmatch m JOIN HCVfilter f ON f.MatchID = m.MatchID",
        "m",
        ("MatchID", "Filter"),
    ),
    "hcv": (HCV, "HCVdetailed d", "d", ("MatchID", "Filter", "MJD")),
}


def _json(status: int, payload: object) -> Response:
    return Response(status, JSON_TYPE, json.dumps(payload).encode("utf-8"))


def _float(params: dict[str, str], name: str) -> float:
    try:
        value = float(params[name])
    except ValueError:
        raise ServiceError(f"Invalid value for {name}: {params[name]!r}") from None
    if not math.isfinite(value):
        raise ServiceError(f"Invalid value for {name}: {params[name]!r}")
    return value


def _int(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ServiceError(f"Invalid value for {name}: {raw!r}") from None
    if not low <= value <= high:
        raise ServiceError(f"{name} must be between {low} and {high}")
    return value


class _Query:
    """Builds the SQL of one catalogs request. Raises ServiceError (400) on bad parameters."""

    def __init__(self, table: str, params: dict[str, str]) -> None:
        self.columns, self.source, self.alias, self.default_order = TABLES[table]
        self.by_name = {c.name.lower(): c for c in self.columns}
        self.where: list[str] = []
        self.args: list[object] = []
        self._cone(params)
        for key, value in params.items():
            if key not in RESERVED:
                self._constraint(key, value)
        self.selected = self._selected(params.get("columns"))
        self.order = self._order(params.get("sort_by"))
        self.pagesize = _int(params, "pagesize", DEFAULT_PAGESIZE, 1, MAX_PAGESIZE)
        self.page = _int(params, "page", 1, 1, 10**9)

    def _column(self, name: str) -> Column:
        col = self.by_name.get(name.strip().lower())
        if col is None:
            raise ServiceError(
                f"Unknown column '{name}'. Valid columns: {', '.join(c.name for c in self.columns)}"
            )
        return col

    def _cone(self, params: dict[str, str]) -> None:
        given = [k for k in ("ra", "dec", "radius") if params.get(k, "") != ""]
        if not given:
            return
        if len(given) != 3:
            raise ServiceError("A cone search needs ra, dec and radius (degrees)")
        ra, dec, radius = (_float(params, k) for k in ("ra", "dec", "radius"))
        if not -90 <= dec <= 90:
            raise ServiceError("dec must be between -90 and 90")
        if not 0 < radius <= MAX_RADIUS_DEG:
            raise ServiceError(f"radius must be > 0 and <= {MAX_RADIUS_DEG} degrees")
        if self.alias == "m":
            self.where.append(sql.cone_condition(ra % 360.0, dec, radius, "m.RA", "m.Dec"))
        else:
            cone = sql.cone_condition(ra % 360.0, dec, radius)
            self.where.append(f"d.MatchID IN (SELECT MatchID FROM HCVmatch WHERE {cone})")

    def _value(self, col: Column, raw: str) -> object:
        if col.db_type == "varchar":
            return raw
        try:
            return int(raw) if col.db_type in sql.INTEGER_TYPES else float(raw)
        except ValueError:
            raise ServiceError(f"Invalid value for {col.name}: {raw!r}") from None

    def _constraint(self, key: str, value: str) -> None:
        name, _, op = key.partition(".")
        col = self._column(name)
        if op:
            if op not in OPERATORS:
                raise ServiceError(f"Unknown operator '.{op}' (use .gte, .lte, .gt, .lt)")
            self.where.append(f"{col.expr} {OPERATORS[op]} ?")
            self.args.append(self._value(col, value))
            return
        values = [v.strip() for v in value.strip("[]").split(",") if v.strip()]
        if not values:
            raise ServiceError(f"Empty value for {col.name}")
        self.where.append(f"{col.expr} IN ({','.join('?' * len(values))})")
        self.args.extend(self._value(col, v) for v in values)

    def _selected(self, raw: str | None) -> list[Column]:
        if raw is None or raw.strip() in ("", "[]"):
            return list(self.columns)
        return [self._column(n) for n in raw.strip().strip("[]").split(",") if n.strip()]

    def _order(self, raw: str | None) -> str:
        terms = []
        for item in (raw or "").split(","):
            if not item.strip():
                continue
            name, _, direction = item.strip().partition(".")
            direction = direction.lower() or "asc"
            if direction not in ("asc", "desc"):
                raise ServiceError(f"Invalid sort direction '{direction}' (asc or desc)")
            terms.append(f"{self._column(name).expr} {direction.upper()}")
        terms += [self.by_name[n.lower()].expr for n in self.default_order]
        return ", ".join(terms)

    def sql(self) -> str:
        cols = ", ".join(f"{c.expr} AS {c.name}" for c in self.selected)
        where = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        offset = (self.page - 1) * self.pagesize
        page = f"LIMIT {self.pagesize} OFFSET {offset}"
        return f"SELECT {cols} FROM {self.source}{where} ORDER BY {self.order} {page}"


def metadata(table: str) -> Response:
    columns = TABLES[table][0]
    return _json(
        200,
        [
            {
                "name": c.name,
                "column_name": c.name,
                "type": VOTABLE_TYPES[c.db_type],
                "datatype": VOTABLE_TYPES[c.db_type],
                "db_type": c.db_type.upper(),
                "description": c.description,
                "unit": c.unit,
                "ucd": "",
                "utype": "",
                "size": 0,
            }
            for c in columns
        ],
    )


def catalogs(universe: Path, path: str, params: dict[str, str]) -> Response:
    """Answer `path` (the part after `/api/v0.1/hsc/`), e.g. `v3/hcvsummary.csv` or `v3/hcv/metadata`."""
    parts = path.strip("/").split("/")
    if len(parts) < 2 or parts[0] != "v3":
        return _json(
            404, {"status": "ERROR", "msg": f"Unknown catalog path '{path}' (the sandbox serves v3)"}
        )
    name, _, fmt = parts[1].partition(".")
    fmt = fmt or "csv"
    if name not in TABLES:
        return _json(404, {"status": "ERROR", "msg": f"Table '{name}' is not served (hcvsummary, hcv)"})
    if len(parts) == 3 and parts[2] == "metadata":
        return metadata(name)
    if len(parts) != 2:
        return _json(404, {"status": "ERROR", "msg": f"Unknown catalog path '{path}'"})
    if fmt not in ("csv", "json", "votable"):
        return _json(400, {"status": "ERROR", "msg": f"Unknown format '{fmt}' (csv, json, votable)"})
    try:
        query = _Query(name, params)
    except ServiceError as e:
        return _json(400, {"status": "ERROR", "msg": e.message})
    with closing(sqlite3.connect(f"file:{universe}?mode=ro", uri=True)) as conn:
        sql.register_functions(conn)
        rows = conn.execute(query.sql(), query.args).fetchall()
    names = [c.name for c in query.selected]
    if fmt == "csv":
        if not rows:
            return Response(200, "text/csv; charset=utf-8", b"")
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return Response(200, "text/csv; charset=utf-8", buf.getvalue().encode("utf-8"))
    if fmt == "json":
        info = [
            {
                "name": c.name,
                "type": VOTABLE_TYPES[c.db_type],
                "db_type": c.db_type.upper(),
                "description": c.description,
            }
            for c in query.selected
        ]
        payload = {"info": info, "data": [list(r) for r in rows]}
        return Response(200, JSON_TYPE, json.dumps(payload, allow_nan=False, default=str).encode("utf-8"))
    out = io.BytesIO()
    from_table(to_table(names, rows)).to_xml(out)
    return Response(200, "text/xml; charset=utf-8", out.getvalue())

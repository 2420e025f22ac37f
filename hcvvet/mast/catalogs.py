"""MAST catalogs API (HSC v3 `hcvsummary` and `hcv` tables), paged CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from . import http
from .errors import MastBadResponseError

SERVICE = "MAST catalogs API"
MAX_RADIUS_DEG = 0.5
INTEGER_COLUMNS = {"MatchID", "GroupID", "SubGroupID", "AutoClass", "ExpertClass", "FilterDetFlag", "NumLC"}
TEXT_COLUMNS = {"Filter", "VarQualFlag", "ImageName"}


def iter_rows(
    table: str,
    params: dict[str, object],
    *,
    pagesize: int = 50_000,
    base_url: str | None = None,
    timeout_seconds: float | None = None,
) -> Iterator[dict]:
    """Every row of `hsc/v3/<table>.csv` matching `params`, one page at a time, as typed dicts.

    `params` are catalogs API constraints (`ra`, `dec`, `radius` in degrees, `Col=v1,v2`, `Col.gte=`).
    Rows are sorted by MatchID so pages are stable while paging.
    """
    from django.conf import settings

    url = f"{(base_url or settings.HCVVET_CATALOGS_URL).rstrip('/')}/v3/{table}.csv"
    page = 1
    while True:
        query = {**params, "pagesize": pagesize, "page": page, "sort_by": "MatchID"}
        response = http.request(
            "GET",
            url,
            service=SERVICE,
            timeout_seconds=timeout_seconds or settings.HCVVET_MAST_TIMEOUT_SECONDS,
            params=query,
        )
        rows = _parse(http.read_body(response, service=SERVICE))
        yield from rows
        if len(rows) < pagesize:
            return
        page += 1


def _parse(body: bytes) -> list[dict]:
    try:
        text = body.decode("utf-8")
        if not text.strip():
            return []
        return [_typed(row) for row in csv.DictReader(io.StringIO(text))]
    except (ValueError, TypeError, UnicodeDecodeError) as e:
        raise MastBadResponseError(f"{SERVICE} sent an unreadable table ({e})", service=SERVICE) from e


def _typed(row: dict) -> dict:
    if None in row:
        raise ValueError("a row has more fields than the header")
    out = {}
    for key, value in row.items():
        if value is None:
            raise ValueError("a row has fewer fields than the header")
        if key in TEXT_COLUMNS:
            out[key] = value
        elif value == "":
            out[key] = None
        elif key in INTEGER_COLUMNS:
            out[key] = int(value)
        else:
            out[key] = float(value)
    return out

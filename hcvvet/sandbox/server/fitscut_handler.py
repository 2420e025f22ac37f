"""HLA `fitscut.cgi` emulation: grayscale JPEG cutouts rendered by the simulator's sky model."""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from pathlib import Path

from .wire import Response, ServiceError, parse_bool, text_error


def _number(params: dict[str, str], name: str, default: float | None = None) -> float:
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        if default is None:
            raise ServiceError(f"Missing required parameter '{name}'")
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ServiceError(f"Invalid value for '{name}': {raw!r}") from None
    if not math.isfinite(value):
        raise ServiceError(f"Invalid value for '{name}': {raw!r}")
    return value


def fitscut(universe: Path, params: dict[str, str]) -> Response:
    """Render a cutout. Parameter names are case-insensitive (the server lower-cases them).

    Missing or unknown `red` -> 500 text/plain (as HLA); other bad parameters -> 400 text/plain.
    """
    # The simulator's sky model, loaded on the first cutout: starting the server loads none of the simulator.
    from ..universe.sky import render_cutout

    red = (params.get("red") or "").strip()
    if not red:
        return text_error("fitscut: no input image given (parameter 'red' is required)", 500)
    red = red.split("[", 1)[0]
    try:
        fmt = (params.get("format") or "jpeg").strip().lower()
        if fmt not in ("jpeg", "jpg"):
            raise ServiceError(f"Unsupported output format '{fmt}' (the sandbox serves jpeg)")
        ra = _number(params, "ra")
        dec = _number(params, "dec")
        size = _number(params, "size", 33)
        if size != int(size):
            raise ServiceError(f"Invalid value for 'size': {params.get('size')!r}")
        zoom = _number(params, "zoom", 1.0)
        autoscale = _number(params, "autoscale", 99.5)
        asinh = parse_bool(params.get("asinh"), True)
    except ServiceError as e:
        return text_error(f"fitscut: {e.message}", 400)
    with closing(sqlite3.connect(f"file:{universe}?mode=ro", uri=True)) as conn:
        try:
            jpeg = render_cutout(conn, red, ra, dec, int(size), zoom, autoscale, asinh)
        except KeyError:
            return text_error(f"fitscut: image '{red}' not found", 500)
        except ValueError as e:
            return text_error(f"fitscut: {e}", 400)
    return Response(200, "image/jpeg", jpeg)

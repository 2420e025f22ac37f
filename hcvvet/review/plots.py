"""Bokeh figures of the candidate page and the column data that fills them (presentation only).

The figures are built once per process with empty, named data sources; the browser embeds them once and, for
each candidate, replaces the sources' columns and the ranges (see static/review/review.js). So the next
candidate costs only its numbers, never a new figure, and the figure JSON is the same for every candidate.
Numbers here are rounded for the wire and non-finite ones become None: JSON has no NaN, and the browser's
parser rejects it.
"""

from collections.abc import Sequence
from functools import cache

import numpy as np
from bokeh.embed import json_item
from bokeh.models import ColumnDataSource, Range1d, TapTool
from bokeh.plotting import figure

# Okabe-Ito: distinguishable with every common colour-vision deficiency. Bluer filters get the bluer colours.
FILTER_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
CLOUD_COLOUR = "#9aa3ad"
CANDIDATE_COLOUR = "#56B4E9"
THIS_COLOUR = "#000000"
THRESHOLD_COLOUR = "#D55E00"

REJECTED_FILL = "#ffffff"

LIGHT_CURVE_COLUMNS = ("x", "y", "lo", "hi", "colour", "fill", "filter", "image", "epoch")
PHASE_COLUMNS = ("x", "y", "colour", "fill", "epoch")
XY_COLUMNS = ("x", "y")

PLOT_TOOLS = "pan,wheel_zoom,box_zoom,reset"


def _empty_source(name: str, columns: Sequence[str]) -> ColumnDataSource:
    return ColumnDataSource(data={column: [] for column in columns}, name=name)


def _figure(
    name: str,
    x_label: str,
    y_label: str,
    *,
    x_log: bool = False,
    y_log: bool = False,
    tools: str = PLOT_TOOLS,
):
    plot = figure(
        name=name,
        x_axis_label=x_label,
        y_axis_label=y_label,
        x_range=Range1d(0.1 if x_log else 0, 1, name=f"{name}_x"),
        y_range=Range1d(0, 1, name=f"{name}_y"),
        x_axis_type="log" if x_log else "linear",
        y_axis_type="log" if y_log else "linear",
        tools=tools,
        toolbar_location="right",
        sizing_mode="stretch_both",
        min_border=4,
        output_backend="canvas",
    )
    plot.toolbar.logo = None
    plot.xaxis.axis_label_text_font_size = "11px"
    plot.yaxis.axis_label_text_font_size = "11px"
    return plot


def _light_curve_figure():
    """Magnitude (inverted) against MJD with error bars; rejected epochs hollow; a tap selects an epoch."""
    source = _empty_source("lc_source", LIGHT_CURVE_COLUMNS)
    plot = _figure("lc", "MJD (d)", "CorrMag (mag)", tools=PLOT_TOOLS + ",tap")
    plot.segment(x0="x", y0="lo", x1="x", y1="hi", color="colour", source=source, line_width=1.2)
    points = plot.scatter(
        "x",
        "y",
        source=source,
        size=9,
        line_color="colour",
        fill_color="fill",
        line_width=2,
        selection_line_color="#000000",
        selection_line_width=3,
        selection_fill_color="fill",
        nonselection_alpha=0.85,
    )
    plot.select_one(TapTool).renderers = [points]
    # The page script owns the selected epoch: static/review/epoch_tap.js forwards a tap to it (no CustomJS,
    # which BokehJS compiles with `new Function`: the Content Security Policy allows no eval).
    return plot


def _phase_figure():
    source = _empty_source("phase_source", PHASE_COLUMNS)
    plot = _figure("phase", "phase", "CorrMag (mag)")
    plot.scatter("x", "y", source=source, size=7, line_color="colour", fill_color="fill", line_width=1.5)
    return plot


def _periodogram_figure():
    """Lomb-Scargle power against trial period (log scale), with the power a peak needs for the page's
    false-alarm probability (dashed)."""
    plot = _figure("periodogram", "period (d)", "Lomb-Scargle power", x_log=True)
    plot.line(
        "x", "y", source=_empty_source("periodogram_source", XY_COLUMNS), color=THIS_COLOUR, line_width=1
    )
    plot.line(
        "x",
        "y",
        source=_empty_source("periodogram_level", XY_COLUMNS),
        color=THRESHOLD_COLOUR,
        line_dash="dashed",
        line_width=1.5,
    )
    return plot


def _mad_magnitude_figure():
    """The group's MAD-magnitude plane in one filter: constant cloud, other candidates, threshold, this
    one."""
    plot = _figure("madmag", "MeanCorrMag (mag)", "MAD (mag)", y_log=True)
    plot.scatter(
        "x", "y", source=_empty_source("madmag_cloud", XY_COLUMNS), size=3, color=CLOUD_COLOUR, alpha=0.5
    )
    plot.scatter("x", "y", source=_empty_source("madmag_cands", XY_COLUMNS), size=4, color=CANDIDATE_COLOUR)
    plot.line(
        "x", "y", source=_empty_source("madmag_threshold", XY_COLUMNS), color=THRESHOLD_COLOUR, line_width=2
    )
    plot.scatter(
        "x", "y", source=_empty_source("madmag_this", XY_COLUMNS), marker="star", size=16, color=THIS_COLOUR
    )
    return plot


def _colour_magnitude_figure():
    plot = _figure("cmd", "blue - red MeanCorrMag (mag)", "blue MeanCorrMag (mag)")
    plot.scatter(
        "x", "y", source=_empty_source("cmd_cloud", XY_COLUMNS), size=3, color=CLOUD_COLOUR, alpha=0.5
    )
    plot.scatter("x", "y", source=_empty_source("cmd_cands", XY_COLUMNS), size=4, color=CANDIDATE_COLOUR)
    plot.scatter(
        "x", "y", source=_empty_source("cmd_this", XY_COLUMNS), marker="star", size=16, color=THIS_COLOUR
    )
    return plot


@cache
def review_figures() -> dict:
    """The JSON items of every figure of the candidate page, keyed by the id of the element they embed in."""
    figures = {
        "plot-lc": _light_curve_figure(),
        "plot-phase": _phase_figure(),
        "plot-periodogram": _periodogram_figure(),
        "plot-madmag": _mad_magnitude_figure(),
        "plot-cmd": _colour_magnitude_figure(),
    }
    return {target: json_item(plot, target) for target, plot in figures.items()}


def padded_range(values: Sequence[float], *, pad_fraction: float = 0.06, log: bool = False) -> list[float]:
    """[low, high] around the finite values with a margin; a unit window when there are none."""
    data = np.asarray([v for v in values if v is not None], dtype=float)
    data = data[np.isfinite(data)]
    if log:
        data = np.log10(data[data > 0])
    if data.size == 0:
        return [0.0, 1.0] if not log else [0.001, 1.0]
    low, high = float(data.min()), float(data.max())
    span = high - low or 0.5
    low, high = low - pad_fraction * span, high + pad_fraction * span
    if log:
        return [round(10**low, 6), round(10**high, 6)]
    return [round(low, 5), round(high, 5)]


def finite(value: float | None) -> float | None:
    """None for a missing or non-finite number."""
    return None if value is None or not np.isfinite(value) else value


def rounded(values: Sequence[float | None], digits: int) -> list[float | None]:
    return [None if v is None or not np.isfinite(v) else round(float(v), digits) for v in values]


def filter_colours(filters: Sequence[str]) -> dict[str, str]:
    """One palette colour per filter, in the given (wavelength) order."""
    return {band: FILTER_PALETTE[i % len(FILTER_PALETTE)] for i, band in enumerate(filters)}


def _fill(epoch: dict, colours: dict[str, str]) -> str:
    """Rejected epochs are drawn hollow."""
    return REJECTED_FILL if epoch["rejected"] else colours[epoch["filter"]]


def light_curve_columns(epochs: Sequence[dict], colours: dict[str, str]) -> dict:
    """The light curve's data source: one point per epoch with its error bar, colour and image."""
    return {
        "x": [e["mjd"] for e in epochs],
        "y": [e["mag"] for e in epochs],
        "lo": [None if e["err"] is None else round(e["mag"] - e["err"], 4) for e in epochs],
        "hi": [None if e["err"] is None else round(e["mag"] + e["err"], 4) for e in epochs],
        "colour": [colours[e["filter"]] for e in epochs],
        "fill": [_fill(e, colours) for e in epochs],
        "filter": [e["filter"] for e in epochs],
        "image": [e["image"] for e in epochs],
        "epoch": list(range(len(epochs))),
    }


def light_curve_range(epochs: Sequence[dict]) -> dict:
    """The light curve's axes: MJD, and magnitudes (error bars included) inverted, bright at the top."""
    return {
        "x": padded_range([e["mjd"] for e in epochs]),
        "y": padded_range(
            [e["mag"] - (e["err"] or 0) for e in epochs] + [e["mag"] + (e["err"] or 0) for e in epochs]
        )[::-1],
    }


def phase_columns(
    epochs: Sequence[dict], phases: Sequence[float] | np.ndarray | None, colours: dict[str, str]
) -> dict:
    """The phase-folded light curve's data source, two cycles wide; empty columns when there is no period."""
    columns: dict[str, list] = {name: [] for name in PHASE_COLUMNS}
    if phases is None:
        return columns
    for cycle in (0.0, 1.0):
        for index, (epoch, ph) in enumerate(zip(epochs, phases, strict=True)):
            columns["x"].append(round(float(ph) + cycle, 4))
            columns["y"].append(epoch["mag"])
            columns["colour"].append(colours[epoch["filter"]])
            columns["fill"].append(_fill(epoch, colours))
            columns["epoch"].append(index)
    return columns


def periodogram_columns(period: dict) -> dict:
    """The periodogram's curve and its significance level across the periods searched; empty without a
    search."""
    curve = period["periodogram"]
    level = period["significant_power"]
    if not curve["x"] or level is None:
        return {"curve": {"x": [], "y": []}, "level": {"x": [], "y": []}, "x_range": [0.1, 1.0]}
    ends = [min(curve["x"]), max(curve["x"])]
    return {
        "curve": curve,
        "level": {"x": ends, "y": [level, level]},
        "x_range": padded_range(ends, pad_fraction=0.02, log=True),
        "y_range": [0.0, round(max(1.05 * max(max(curve["y"]), level), 0.05), 4)],
    }


def _xy(table: np.ndarray, x_digits: int, y_digits: int) -> dict:
    return {"x": rounded(table[:, 0], x_digits), "y": rounded(table[:, 1], y_digits)}


def mad_magnitude_plane(
    table: np.ndarray, cloud: np.ndarray, candidates: np.ndarray, curve: tuple[np.ndarray, np.ndarray]
) -> dict:
    """One filter's MAD-magnitude plot data: constant cloud, other candidates, threshold curve and axes."""
    centres, thresholds = curve
    return {
        "cloud": _xy(cloud, 3, 4),
        "cands": _xy(candidates, 3, 4),
        "threshold": {"x": rounded(centres, 3), "y": rounded(thresholds, 4)},
        "x_range": padded_range(table[:, 0]),
        "y_range": padded_range(table[:, 1], log=True),
        "count": len(table),
    }


def colour_magnitude_plane(
    blue: str, red: str, table: np.ndarray, cloud: np.ndarray, candidates: np.ndarray
) -> dict:
    """The colour-magnitude diagram's data (blue - red against blue, as the seed notebook draws it),
    magnitudes inverted."""
    return {
        "blue": blue,
        "red": red,
        "cloud": _xy(cloud, 3, 3),
        "cands": _xy(candidates, 3, 3),
        "x_range": padded_range(table[:, 0]),
        "y_range": padded_range(table[:, 1])[::-1],
    }

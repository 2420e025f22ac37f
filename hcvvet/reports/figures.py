"""Publication-style matplotlib figures of the reports (notebook cells 7 to 9 and 14 to 17).

Figures are built on `matplotlib.figure.Figure` directly, never through pyplot, so that web workers share no
global figure state; `render` turns one into PNG, SVG or PDF bytes.
"""

from __future__ import annotations

import io
from typing import Literal, TypeGuard

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hcvvet.catalog.classes import (
    ARTIFACT,
    CONSENSUS_CLASS_TITLE,
    EXPERT_CLASS_COLOURS,
    EXPERT_CLASS_NAMES,
    NOT_CLASSIFIED,
)

from .statistics import AUTO_CLASS_NAMES, ArtifactFraction, ClassKind, CrossTab, MadHistograms

FigureFormat = Literal["png", "svg", "pdf"]

CONTENT_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def is_figure_format(fmt: str) -> TypeGuard[FigureFormat]:
    """Whether `fmt` (as a user asked for it) is one `render` writes."""
    return fmt in CONTENT_TYPES


# Each report's title, as figures, the report page and table captions give it.
REPORT_TITLES: dict[str, str] = {
    "autoclass-vs-expert": "AutoClass versus expert class",
    "artifact-fraction": "Artifact fraction versus MAD",
    "mad-histograms": "MAD distribution per expert class",
    "mad-vs-magnitude": "MAD versus magnitude",
    "colour-magnitude": "Colour-magnitude diagram",
    "sky": "Sky positions",
    "agreement": "Agreement between experts",
}
# Positions spread over more than this (degrees, along RA or Dec) are drawn on the whole sky (Mollweide);
# within it, as one field around its centre.
ALL_SKY_ABOVE_DEG = 5.0
FIGSIZE_IN = (7.0, 5.0)
DPI = 150
FONT_SIZE = 11
MAD_LABEL = "MAD variability index [mag]"
# Scatter figures draw every point they are given (the selectors thin constant objects, never candidates);
# above this many, the points are rasterized in SVG and PDF, whose size would otherwise grow with them.
RASTERIZE_ABOVE_POINTS = 20_000
CAPTION_GID = "caption"
METADATA_KEY = {"png": "Description", "svg": "Description", "pdf": "Subject"}

# AutoClass in the notebook's colours (cells 8-9); expert classes in hcvvet's one vocabulary and palette
CLASS_STYLES: dict[str, dict[int, dict]] = {
    "auto": {
        0: {"color": "silver", "marker": "x", "label": "non-variable"},
        1: {"color": "blue", "marker": "o", "label": "single-filter variable candidates"},
        2: {"color": "tab:cyan", "marker": "o", "label": "multi-filter variable candidates"},
    },
    # the names and colours of hcvvet/catalog/classes.py, the same as on the review and adjudication pages
    "expert": {
        code: {
            "color": EXPERT_CLASS_COLOURS[code],
            "marker": "x" if code == NOT_CLASSIFIED else "o",
            "label": EXPERT_CLASS_NAMES[code],
        }
        for code in EXPERT_CLASS_NAMES
    },
}


def caption(fig: Figure) -> str:
    """The figure's caption note (e.g. how a scatter figure was thinned); "" if it has none."""
    return " ".join(text.get_text() for text in fig.texts if text.get_gid() == CAPTION_GID)


def render(fig: Figure, fmt: FigureFormat, *, dpi: int = DPI) -> bytes:
    """The figure as PNG, SVG or PDF bytes (no creation date embedded, so output is reproducible); the caption
    note, if any, also goes into the file's metadata (PNG and SVG Description, PDF Subject)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown figure format {fmt!r}; expected one of {sorted(CONTENT_TYPES)}")
    metadata = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    if caption(fig):
        metadata[METADATA_KEY[fmt]] = caption(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def _new_figure(nrows: int = 1, figsize: tuple[float, float] = FIGSIZE_IN) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, 1, sharex=True, squeeze=False)[:, 0]
    for ax in axes:
        ax.tick_params(which="both", direction="in", top=True, right=True, labelsize=FONT_SIZE - 1)
    return fig, list(axes)


def _label(ax: Axes, xlabel: str | None, ylabel: str | None, title: str | None = None) -> None:
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
    if title:
        ax.set_title(title, fontsize=FONT_SIZE + 1)


def autoclass_vs_expert_figure(
    crosstab: CrossTab,
    *,
    fractions: bool = False,
    title: str | None = None,
    class_title: str = CONSENSUS_CLASS_TITLE,
) -> Figure:
    """Grouped bars: one group per AutoClass, one bar per expert class (counts, or fractions within the
    AutoClass); the legend's `class_title` says whose classes they are (the catalogue's or hcvvet's)."""
    fig, (ax,) = _new_figure()
    autos = list(dict.fromkeys(row.auto_class for row in crosstab.rows))
    experts = list(dict.fromkeys(row.expert_class for row in crosstab.rows))
    by_key = {(row.auto_class, row.expert_class): row for row in crosstab.rows}
    width = 0.8 / max(len(experts), 1)
    for j, expert in enumerate(experts):
        rows = [by_key[auto, expert] for auto in autos]
        heights = [r.fraction if fractions else r.count for r in rows]
        style = CLASS_STYLES["expert"].get(expert, {})
        bars = ax.bar(
            np.arange(len(autos)) + (j - (len(experts) - 1) / 2) * width,
            heights,
            width,
            color=style.get("color"),
            label=style.get("label", str(expert)),
        )
        ax.bar_label(bars, fmt="{:.3f}" if fractions else "{:,.0f}", fontsize=FONT_SIZE - 2)
    ax.margins(y=0.25)  # headroom for the legend above the tallest bar
    ax.set_xticks(np.arange(len(autos)), [AUTO_CLASS_NAMES.get(a, str(a)) for a in autos])
    _label(ax, "HCV AutoClass", "Fraction of AutoClass" if fractions else "Objects", title)
    if experts:  # no row: no object of the selection carries a class
        ax.legend(title=class_title, fontsize=FONT_SIZE - 1)
    return fig


def _hist(ax: Axes, edges: np.ndarray, counts: np.ndarray, log: bool, **style) -> None:
    # weights draw precomputed counts exactly as pylab.hist drew the raw values in the notebook; one filled
    # step polygon instead of a rectangle per bin keeps layout and rendering fast and the SVG/PDF small
    ax.hist(edges[:-1], bins=edges, weights=counts, log=log, histtype="stepfilled", **style)


def mad_histograms_figure(
    hist: MadHistograms,
    *,
    stacked: bool = False,
    log: bool = True,
    title: str | None = None,
    class_title: str = CONSENSUS_CLASS_TITLE,
) -> Figure:
    """MAD histograms per expert class: one panel per class over all rows in gray (cell 15), or stacked
    cumulative layers on one panel (cell 16); y axis log or linear (linear when no row carries a class: a
    log axis needs a count above 0)."""
    log = log and bool(hist.all_counts.any())
    if stacked:
        fig, (ax,) = _new_figure()
        for expert_class, counts in reversed(hist.stacked().items()):
            style = CLASS_STYLES["expert"].get(expert_class, {})
            _hist(ax, hist.edges, counts, log, color=style.get("color"), label=style.get("label"))
        ax.set_xscale("log")
        ax.legend(title=class_title, fontsize=FONT_SIZE - 1)
        _label(ax, MAD_LABEL, "Object-filter rows", title)
        return fig
    fig, axes = _new_figure(len(hist.class_counts), figsize=(FIGSIZE_IN[0], 2.2 * len(hist.class_counts)))
    for ax, (expert_class, counts) in zip(axes, hist.class_counts.items(), strict=True):
        style = CLASS_STYLES["expert"].get(expert_class, {})
        _hist(ax, hist.edges, hist.all_counts, log, color="lightgray", label="all")
        _hist(ax, hist.edges, counts, log, color=style.get("color"), label=style.get("label"))
        ax.set_xscale("log")
        ax.legend(loc="upper left", fontsize=FONT_SIZE - 1)
        _label(ax, None, "Rows")
    _label(axes[-1], MAD_LABEL, None)
    if title:
        axes[0].set_title(title, fontsize=FONT_SIZE + 1)
    return fig


def artifact_fraction_figure(result: ArtifactFraction, *, title: str | None = None) -> Figure:
    """Artifact fraction per MAD bin at the bin's geometric centre, x bars spanning the bin, y bars the
    Wilson interval."""
    fig, (ax,) = _new_figure()
    bins = result.bins
    x = np.array([b.mad_center for b in bins])
    xerr = np.array(
        [
            [c - b.mad_lo for b, c in zip(bins, x, strict=True)],
            [b.mad_hi - c for b, c in zip(bins, x, strict=True)],
        ]
    )
    y = np.array([b.fraction for b in bins])
    yerr = np.array([[b.fraction - b.ci_lo for b in bins], [b.ci_hi - b.fraction for b in bins]])
    level = f"{100 * result.confidence_level:.3g} % Wilson interval"
    ax.errorbar(
        x,
        y,
        xerr=xerr.reshape(2, -1),
        yerr=yerr.reshape(2, -1),
        fmt="o",
        color=EXPERT_CLASS_COLOURS[ARTIFACT],
        markersize=4,
        label=f"{EXPERT_CLASS_NAMES[ARTIFACT]} fraction ({level})",
    )
    ax.set_xscale("log")
    ax.set_ylim(bottom=0.0)
    ax.legend(fontsize=FONT_SIZE - 1)
    _label(ax, MAD_LABEL, "Artifact fraction", title)
    return fig


def thinning_note(constant_stride: int) -> str:
    """The caption of a scatter figure whose constant objects were thinned to 1 in `constant_stride`."""
    k = constant_stride
    return (
        f"1 in {k} constant objects (AutoClass 0) shown: those whose MatchID is divisible by {k}; "
        "every variable candidate shown. Legend counts are of the points shown."
    )


def _scatter_by_class(
    ax: Axes, x: np.ndarray, y: np.ndarray, classes: np.ndarray, kind: ClassKind, constant_stride: int
) -> None:
    """Every point, coloured by class, with its count in the legend; a caption note when the constant
    objects were thinned (`constant_stride` > 1)."""
    x, y, classes = np.asarray(x), np.asarray(y), np.asarray(classes)
    rasterized = len(classes) > RASTERIZE_ABOVE_POINTS
    for code, style in CLASS_STYLES[kind].items():
        chosen = classes == code
        if chosen.any():
            size = 4 if style["marker"] == "x" else 6
            ax.scatter(
                x[chosen],
                y[chosen],
                s=size,
                marker=style["marker"],
                color=style["color"],
                linewidths=0.6,
                label=f"{int(chosen.sum()):,} {style['label']}",
                rasterized=rasterized,
            )
    ax.legend(loc="best", fontsize=FONT_SIZE - 1, markerscale=2)
    if constant_stride > 1:
        # a figure-level label, so that the constrained layout keeps it clear of the axes
        note = thinning_note(constant_stride)
        ax.figure.supxlabel(note, fontsize=FONT_SIZE - 3, color="dimgray").set_gid(CAPTION_GID)


def mad_vs_magnitude_figure(
    mean_mag: np.ndarray,
    mad: np.ndarray,
    classes: np.ndarray,
    *,
    class_kind: ClassKind = "auto",
    filter_name: str = "",
    title: str | None = None,
    constant_stride: int = 1,
) -> Figure:
    """MAD [mag] on a log axis (it spans three decades, as on the review page) versus mean corrected magnitude
    in one filter (cell 8, paper Fig. 4 top); `constant_stride` > 1 says the constant objects were thinned to
    1 in that many. A MAD of 0 has no place on a log axis: the caption counts such rows."""
    fig, (ax,) = _new_figure()
    mad = np.asarray(mad, dtype=float)
    _scatter_by_class(ax, mean_mag, mad, classes, class_kind, constant_stride)
    positive = mad[np.isfinite(mad) & (mad > 0)]
    if positive.size:
        ax.set_yscale("log")
        zero = int(np.sum(mad <= 0))
        if zero:
            note = f"{zero:,} rows with MAD 0 are not drawn on the log axis."
            text = fig.text(0.01, 0.995, note, va="top", fontsize=FONT_SIZE - 3, color="dimgray")
            text.set_gid(CAPTION_GID)
    band = f"{filter_name} " if filter_name else ""
    _label(ax, f"{band}MeanCorrMag [mag]", f"{band}MAD [mag]", title)
    return fig


def colour_magnitude_figure(
    colour: np.ndarray,
    mag: np.ndarray,
    classes: np.ndarray,
    *,
    class_kind: ClassKind = "auto",
    blue: str = "",
    red: str = "",
    title: str | None = None,
    constant_stride: int = 1,
) -> Figure:
    """Colour-magnitude diagram, bright at the top (cell 9, paper Fig. 4 bottom); `constant_stride` as in
    `mad_vs_magnitude_figure`."""
    fig, (ax,) = _new_figure()
    _scatter_by_class(ax, colour, mag, classes, class_kind, constant_stride)
    ax.invert_yaxis()
    _label(ax, f"{blue} - {red} MeanCorrMag [mag]", f"{blue} MeanCorrMag [mag]", title)
    return fig


def _arc_span_deg(ra_deg: np.ndarray) -> float:
    """The shortest RA arc (degrees) holding every position: 360 minus the widest empty gap."""
    if ra_deg.size < 2:
        return 0.0
    ordered = np.sort(np.mod(ra_deg, 360.0))
    gaps = np.diff(np.concatenate([ordered, [ordered[0] + 360.0]]))
    return float(360.0 - gaps.max())


def sky_positions_figure(
    ra_deg: np.ndarray,
    dec_deg: np.ndarray,
    classes: np.ndarray,
    *,
    class_kind: ClassKind = "auto",
    title: str | None = None,
    constant_stride: int = 1,
) -> Figure:
    """Positions on the sky, RA increasing to the left: on the whole sky in a Mollweide projection when they
    spread over more than ALL_SKY_ABOVE_DEG (several fields), else as one field with equal angular scale on
    both axes at its declination (cell 7); `constant_stride` as in `mad_vs_magnitude_figure`."""
    ra_deg, dec_deg = np.asarray(ra_deg, dtype=float), np.asarray(dec_deg, dtype=float)
    spread = max(_arc_span_deg(ra_deg), float(np.ptp(dec_deg)) if dec_deg.size else 0.0)
    if spread > ALL_SKY_ABOVE_DEG:
        return _all_sky_figure(ra_deg, dec_deg, classes, class_kind, title, constant_stride)
    fig, (ax,) = _new_figure()
    _scatter_by_class(ax, ra_deg, dec_deg, classes, class_kind, constant_stride)
    ax.invert_xaxis()
    dec_mid = np.deg2rad(np.nanmedian(dec_deg)) if len(dec_deg) else 0.0
    ax.set_aspect(1.0 / max(np.cos(dec_mid), 1e-3), adjustable="datalim")
    _label(ax, "RA (ICRS) [deg]", "Dec (ICRS) [deg]", title)
    return fig


def _all_sky_figure(
    ra_deg: np.ndarray,
    dec_deg: np.ndarray,
    classes: np.ndarray,
    class_kind: ClassKind,
    title: str | None,
    constant_stride: int,
) -> Figure:
    """The whole sky in a Mollweide projection centred on RA 0 h, RA increasing to the left."""
    fig = Figure(figsize=FIGSIZE_IN, layout="constrained")
    ax = fig.add_subplot(projection="mollweide")
    longitude = -np.deg2rad(np.mod(ra_deg + 180.0, 360.0) - 180.0)
    _scatter_by_class(ax, longitude, np.deg2rad(dec_deg), classes, class_kind, constant_stride)
    ticks_deg = np.arange(-150, 151, 30)
    ax.set_xticks(np.deg2rad(ticks_deg), [f"{int(np.mod(-t, 360) // 15)}h" for t in ticks_deg])
    ax.tick_params(labelsize=FONT_SIZE - 2)
    ax.grid(True, color="lightgray", linewidth=0.5)
    _label(ax, "RA (ICRS)", "Dec (ICRS)", title)
    return fig


__all__ = [
    "ALL_SKY_ABOVE_DEG",
    "CONTENT_TYPES",
    "RASTERIZE_ABOVE_POINTS",
    "REPORT_TITLES",
    "artifact_fraction_figure",
    "autoclass_vs_expert_figure",
    "caption",
    "colour_magnitude_figure",
    "mad_histograms_figure",
    "mad_vs_magnitude_figure",
    "render",
    "sky_positions_figure",
    "thinning_note",
]

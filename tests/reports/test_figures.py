import struct

import numpy as np
import pytest

from hcvvet.reports import figures
from hcvvet.reports.statistics import artifact_fraction, autoclass_vs_expert, mad_histograms

from .synthetic import realistic_table

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


def _png_size(data: bytes) -> tuple[int, int]:
    # IHDR is the first chunk: width and height are big-endian uint32 at bytes 16-24
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def all_figures():
    table = realistic_table(n_rows=800)
    columns = (table.mad, table.expert_class, table.filter_det_flag)
    hist = mad_histograms(*columns)
    rng = np.random.default_rng(3)
    mag = rng.uniform(20, 27, 300)
    classes = rng.choice([0, 1, 2], 300)
    return {
        "autoclass_vs_expert": figures.autoclass_vs_expert_figure(
            autoclass_vs_expert(table.match_id, table.auto_class, table.expert_class)
        ),
        "mad_histograms": figures.mad_histograms_figure(hist),
        "mad_histograms_stacked_linear": figures.mad_histograms_figure(hist, stacked=True, log=False),
        "artifact_fraction": figures.artifact_fraction_figure(artifact_fraction(*columns)),
        "mad_vs_magnitude": figures.mad_vs_magnitude_figure(
            mag, 10 ** rng.normal(-1.5, 0.3, 300), classes, filter_name="ACS_F475W"
        ),
        "cmd": figures.colour_magnitude_figure(
            rng.normal(1, 0.5, 300), mag, classes, blue="ACS_F475W", red="ACS_F814W"
        ),
        "sky": figures.sky_positions_figure(
            16.1 + rng.uniform(0, 0.05, 300), 2.15 + rng.uniform(0, 0.05, 300), classes
        ),
    }


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_every_figure_renders_to_a_valid_file(fmt, all_figures):
    for name, fig in all_figures.items():
        data = figures.render(fig, fmt)
        assert data.startswith(MAGIC[fmt]), name
        if fmt == "png":
            width, height = fig.get_size_inches() * figures.DPI
            assert _png_size(data) == (round(width), round(height)), name
        if fmt == "svg":
            assert b"</svg>" in data[-100:], name


def test_png_has_the_publication_size_and_axes_carry_units(all_figures):
    fig = all_figures["artifact_fraction"]
    assert _png_size(figures.render(fig, "png")) == (1050, 750)
    (ax,) = fig.axes
    assert ax.get_xlabel() == "MAD variability index [mag]"
    assert ax.get_xscale() == "log"


def test_sky_plot_has_ra_increasing_to_the_left_and_legend_counts(all_figures):
    fig = all_figures["sky"]
    (ax,) = fig.axes
    left, right = ax.get_xlim()
    assert left > right
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sum(int(label.split()[0].replace(",", "")) for label in labels) == 300


def test_unknown_format_is_refused(all_figures):
    with pytest.raises(ValueError, match="unknown figure format"):
        figures.render(all_figures["sky"], "gif")


def test_scatter_figures_draw_every_point_and_say_when_constants_were_thinned():
    rng = np.random.default_rng(4)
    classes = rng.choice([0, 1, 2], 30_000)
    fig = figures.mad_vs_magnitude_figure(
        rng.uniform(20, 27, 30_000),
        rng.uniform(0.01, 1, 30_000),
        classes,
        filter_name="ACS_F814W",
        constant_stride=7,
    )
    (ax,) = fig.axes
    assert sum(len(points.get_offsets()) for points in ax.collections) == 30_000
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert sum(int(label.split()[0].replace(",", "")) for label in legend) == 30_000
    note = (
        "1 in 7 constant objects (AutoClass 0) shown: those whose MatchID is divisible by 7; every variable "
        "candidate shown. Legend counts are of the points shown."
    )
    assert figures.caption(fig) == note
    assert note.encode() in figures.render(fig, "png")
    # so many points are one raster image in vector formats, not one element each
    assert len(figures.render(fig, "svg")) < 3_000_000


def test_small_scatter_selections_draw_every_point_without_a_note(all_figures):
    assert figures.caption(all_figures["cmd"]) == ""
    assert sum(len(points.get_offsets()) for points in all_figures["cmd"].axes[0].collections) == 300


def test_mad_versus_magnitude_has_a_log_mad_axis_named_by_filter(all_figures):
    (ax,) = all_figures["mad_vs_magnitude"].axes
    assert ax.get_yscale() == "log"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("ACS_F475W MeanCorrMag [mag]", "ACS_F475W MAD [mag]")
    (cmd,) = all_figures["cmd"].axes
    assert (cmd.get_xlabel(), cmd.get_ylabel()) == (
        "ACS_F475W - ACS_F814W MeanCorrMag [mag]",
        "ACS_F475W MeanCorrMag [mag]",
    )


def test_a_mad_of_zero_is_counted_in_the_caption_not_lost_silently():
    fig = figures.mad_vs_magnitude_figure(np.array([20.0, 21.0, 22.0]), np.array([0.0, 0.1, 0.2]), [1, 1, 2])
    assert fig.axes[0].get_yscale() == "log"
    assert figures.caption(fig) == "1 rows with MAD 0 are not drawn on the log axis."


def test_positions_over_several_fields_are_drawn_on_the_whole_sky_ra_to_the_left():
    ra = np.array([10.0, 10.01, 187.7, 350.0])  # M31-like, M87-like and a field across RA 0 h
    dec = np.array([41.2, 41.21, 12.4, -30.0])
    fig = figures.sky_positions_figure(ra, dec, np.array([1, 1, 2, 1]), title="Sky positions")
    (ax,) = fig.axes
    assert ax.name == "mollweide"
    longitude, latitude = np.concatenate([c.get_offsets() for c in ax.collections]).T
    assert list(np.rad2deg(latitude)) == pytest.approx([*dec[[0, 1, 3]], dec[2]])
    # class 1 first, then class 2; a negative longitude is drawn left of the centre: RA grows to the left
    assert list(np.rad2deg(longitude)[:2]) == pytest.approx([-10.0, -10.01])
    assert np.rad2deg(longitude)[2] == pytest.approx(10.0)  # RA 350 deg = -10 deg: right of the centre
    assert np.rad2deg(longitude)[3] == pytest.approx(-187.7 + 360)
    assert "0h" in [t.get_text() for t in ax.get_xticklabels()]
    assert ax.get_title() == "Sky positions"


def test_one_fields_positions_stay_a_field_plot_within_the_sky():
    rng = np.random.default_rng(5)
    ra, dec = 16.1 + rng.uniform(0, 0.1, 50), 2.1 + rng.uniform(0, 0.1, 50)
    fig = figures.sky_positions_figure(ra, dec, [1] * 50)
    (ax,) = fig.axes
    assert ax.name == "rectilinear"
    bottom, top = ax.get_ylim()
    assert min(bottom, top) >= -90
    assert max(bottom, top) <= 90
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("RA (ICRS) [deg]", "Dec (ICRS) [deg]")

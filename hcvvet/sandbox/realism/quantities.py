"""The realism table: each quantity's real value, its source, the tolerance and how to measure the sandbox's.

A tolerance is a closed interval ``[low, high]`` on the measured value. Where the real value is a shape (the
artifact fraction against MAD) or a rule (no image after HSC v3), the interval states the criterion. Counts
that only a full-size universe can match apply at the ``full`` scale; every other figure is a fraction, a
ratio or a rule and applies at every scale (the IC 1613 field is complete from the ``demo`` scale up).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from . import measures as m
from . import real, truth

ALL_SCALES = frozenset({"tiny", "demo", "full", None})
FULL_ONLY = frozenset({"full"})
FIELD_SCALES = frozenset({"demo", "full"})  # the IC 1613 field is planted at its real size from demo up


class Measured:
    """A universe file's figures, each computed once (several quantities share one query)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @cached_property
    def scale(self) -> str | None:
        return m.universe_scale(self.conn)

    @cached_property
    def ic1613(self) -> m.Ic1613Cone:
        return m.measure_ic1613_cone(self.conn)

    @cached_property
    def eras(self) -> m.ImageEras:
        return m.measure_image_eras(self.conn)

    @cached_property
    def numlc(self) -> tuple[int, int]:
        return m.measure_numlc_range(self.conn)

    @cached_property
    def letters(self) -> tuple[float | None, float | None]:
        return m.measure_var_qual_letters(self.conn)

    @cached_property
    def cosmic_rays(self) -> truth.CosmicRays | None:
        return truth.measure_cosmic_rays(self.conn)

    @cached_property
    def candles(self) -> truth.CandleDistances | None:
        return truth.measure_candle_distances(self.conn)

    @cached_property
    def baselines(self) -> tuple[float, float] | None:
        return m.measure_baselines_days(self.conn)

    @cached_property
    def mad_bins(self) -> list[m.MadBin]:
        return m.notebook_mad_bins(*m.validated_variable_rows(self.conn))


@dataclass(frozen=True)
class Quantity:
    """One line of the realism table."""

    key: str
    name: str
    real: str  # the real value as the sources state it
    source: str
    low: float
    high: float
    measure: Callable[[Measured], float | int | None]
    scales: frozenset = ALL_SCALES
    digits: int = 3  # for printing

    @property
    def tolerance(self) -> str:
        if self.low == self.high:
            return f"= {fmt(self.low, self.digits)}"
        if math.isinf(self.high):
            return f">= {fmt(self.low, self.digits)}"
        if self.low == 0:
            return f"<= {fmt(self.high, self.digits)}"
        return f"{fmt(self.low, self.digits)} .. {fmt(self.high, self.digits)}"

    def within(self, value: float | int | None) -> bool | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return bool(self.low <= value <= self.high)


def fmt(value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) or abs(value) >= 1000:
        return f"{round(value):,}"
    return f"{value:.{digits}f}"


def _rel(value: float, fraction: float) -> tuple[float, float]:
    return value * (1 - fraction), value * (1 + fraction)


def _opt(getter: Callable[[Measured], object | None], attr: str) -> Callable[[Measured], float | int | None]:
    def measure(ms: Measured) -> float | int | None:
        obj = getter(ms)
        return None if obj is None else getattr(obj, attr)

    return measure


def _cr_single_fraction(ms: Measured) -> float | None:
    cr = ms.cosmic_rays
    if cr is None or cr.fault_images == 0:
        return None
    return cr.on_single_exposure / cr.fault_images


A_REAL, AAAAA_REAL, VARIABLE_REAL = real.variable_flag_counts()
# The 32 real variable rows are few: the tolerance is their one-sigma (68 %) binomial interval.
A_LOW, A_HIGH = m.wilson_interval(A_REAL, VARIABLE_REAL, z=1.0)
AAAAA_LOW, AAAAA_HIGH = m.wilson_interval(AAAAA_REAL, VARIABLE_REAL, z=1.0)
SAMPLES = "shared/data/hcvsummary_samples.csv"
ERAS = "instrument history (measures.INSTRUMENT_ERAS)"
FACTS = "hcv-facts.md, Bonanos+2019 abstract"
NOTEBOOK = "seed notebook"
EXPERT = "seed notebook cell 14, hcv-facts.md"

QUANTITIES: tuple[Quantity, ...] = (
    Quantity(
        "objects",
        "objects (HCVmatch rows)",
        "3.7 M",
        FACTS,
        *_rel(3_700_000, 0.02),
        lambda ms: m.measure_objects(ms.conn),
        FULL_ONLY,
    ),
    Quantity(
        "candidates",
        "candidates (AutoClass > 0)",
        "84,428",
        FACTS,
        *_rel(84_428, 0.01),
        lambda ms: m.measure_candidates(ms.conn),
        FULL_ONLY,
    ),
    Quantity(
        "mfvc",
        "multi-filter candidates (AutoClass 2)",
        "11,115",
        FACTS,
        *_rel(11_115, 0.03),
        lambda ms: m.measure_multi_filter_candidates(ms.conn),
        FULL_ONLY,
    ),
    Quantity(
        "candidate_fraction",
        "candidates / objects",
        "0.0228 (84,428 / 3.7 M)",
        FACTS,
        *_rel(84_428 / 3_700_000, 0.15),
        lambda ms: m.measure_candidate_fraction(ms.conn),
        digits=4,
    ),
    Quantity(
        "mfvc_share",
        "multi-filter share of candidates",
        "0.132 (11,115 / 84,428)",
        FACTS,
        *_rel(11_115 / 84_428, 0.15),
        lambda ms: m.measure_multi_filter_share(ms.conn),
    ),
    Quantity(
        "validated_sfvc",
        "expert-validated SFVC",
        "8,139",
        EXPERT,
        *_rel(8_139, 0.02),
        lambda ms: m.measure_validated(ms.conn, 1),
        FULL_ONLY,
    ),
    Quantity(
        "validated_mfvc",
        "expert-validated MFVC",
        "5,394",
        EXPERT,
        *_rel(5_394, 0.02),
        lambda ms: m.measure_validated(ms.conn, 2),
        FULL_ONLY,
    ),
    Quantity(
        "confident_sfvc",
        "confident fraction of validated SFVC",
        "0.408",
        EXPERT,
        0.378,
        0.438,
        lambda ms: m.measure_expert_class_fraction(ms.conn, 1, 1),
    ),
    Quantity(
        "confident_mfvc",
        "confident fraction of validated MFVC",
        "0.390",
        EXPERT,
        0.360,
        0.420,
        lambda ms: m.measure_expert_class_fraction(ms.conn, 2, 1),
    ),
    Quantity(
        "artifact_sfvc",
        "artifact fraction of validated SFVC",
        "0.216",
        EXPERT,
        0.186,
        0.246,
        lambda ms: m.measure_expert_class_fraction(ms.conn, 1, 4),
    ),
    Quantity(
        "artifact_mfvc",
        "artifact fraction of validated MFVC",
        "0.158",
        EXPERT,
        0.128,
        0.188,
        lambda ms: m.measure_expert_class_fraction(ms.conn, 2, 4),
    ),
    Quantity(
        "filter_rows_per_validated",
        "filter rows per validated object",
        "2.31 (31,258 / 13,533)",
        EXPERT,
        2.16,
        2.46,
        lambda ms: m.measure_filter_rows_per_validated(ms.conn),
        digits=2,
    ),
    Quantity(
        "artifact_low_mad",
        "artifact fraction MAD<0.05 / MAD 0.05-0.3",
        "< 1 (declines below MAD 0.1)",
        "seed notebook cell 17 text",
        0.0,
        0.85,
        lambda ms: m.measure_artifact_low_mad_ratio(ms.conn),
        digits=2,
    ),
    Quantity(
        "artifact_high_mad",
        "artifact fraction MAD>=0.3 / MAD 0.05-0.3",
        "<< 1 (falls sharply)",
        "seed notebook cell 17 text",
        0.0,
        0.5,
        lambda ms: m.measure_artifact_high_mad_ratio(ms.conn),
        digits=2,
    ),
    Quantity(
        "amplitude_gt_1mag",
        "candidates varying > 1 mag",
        "about 0.08",
        FACTS,
        0.05,
        0.11,
        lambda ms: m.measure_large_amplitude_fraction(ms.conn),
    ),
    Quantity(
        "ic1613_rows",
        "IC 1613 cone rows (F475W or F814W)",
        "40,196",
        NOTEBOOK + " cell 5",
        40_196,
        40_196,
        lambda ms: ms.ic1613.rows,
        FIELD_SCALES,
    ),
    Quantity(
        "ic1613_both",
        "IC 1613 objects with both filters",
        "17,090",
        NOTEBOOK + " cell 6",
        17_090,
        17_090,
        lambda ms: ms.ic1613.both_filter_objects,
        FIELD_SCALES,
    ),
    Quantity(
        "ic1613_candidates",
        "IC 1613 candidates with both filters",
        "258",
        NOTEBOOK + " cell 6",
        258,
        258,
        lambda ms: ms.ic1613.both_filter_candidates,
        FIELD_SCALES,
    ),
    Quantity(
        "ic1613_single_band",
        "IC 1613 candidates in one filter only",
        "6 (522 - 2 x 258 rows)",
        NOTEBOOK + " cells 5-6",
        2,
        12,
        lambda ms: ms.ic1613.single_band_candidates,
        FIELD_SCALES,
    ),
    Quantity(
        "max_filters_per_group",
        "most filters in one group",
        ">= 6",
        "issue 15 point 4",
        6,
        math.inf,
        lambda ms: m.measure_max_filters_per_group(ms.conn),
    ),
    Quantity(
        "images_old_proposal",
        "images with a proposal older than the instrument",
        "0",
        ERAS,
        0,
        0,
        lambda ms: ms.eras.proposal_before_instrument,
    ),
    Quantity(
        "images_outside_instrument",
        "images dated outside the instrument's life",
        "0",
        ERAS,
        0,
        0,
        lambda ms: ms.eras.dated_outside_instrument,
    ),
    Quantity(
        "images_after_hsc_v3",
        "images dated after HSC v3 (MJD > 58119)",
        "0",
        "issue 15 point 6",
        0,
        0,
        lambda ms: ms.eras.dated_after_hsc_v3,
    ),
    Quantity("numlc_below_5", "filter rows with NumLC < 5", "0", FACTS, 0, 0, lambda ms: ms.numlc[0]),
    Quantity("numlc_above_120", "filter rows with NumLC > 120", "0", FACTS, 0, 0, lambda ms: ms.numlc[1]),
    Quantity(
        "median_numlc",
        "median NumLC of filter rows",
        "< 10 (typically fewer than 10)",
        FACTS,
        5,
        10,
        lambda ms: m.measure_median_numlc(ms.conn),
        digits=1,
    ),
    Quantity(
        "longest_baseline_days",
        "longest group baseline [d]",
        "> 15 yr",
        FACTS,
        15 * 365.25,
        math.inf,
        lambda ms: None if ms.baselines is None else ms.baselines[1],
        FULL_ONLY,
        digits=0,
    ),
    Quantity(
        "shortest_baseline_days",
        "shortest group baseline [d]",
        "< 1 d",
        FACTS,
        0.0,
        1.0,
        lambda ms: None if ms.baselines is None else ms.baselines[0],
        FULL_ONLY,
    ),
    Quantity(
        "faint_variable_rows",
        "variable rows fainter than 27 mag (MeanCorrMag)",
        "0 (V <= 27)",
        FACTS,
        0,
        0,
        lambda ms: m.measure_faint_variable_rows(ms.conn),
    ),
    Quantity(
        "constant_chi2_21_22",
        "median Chi2 of constant rows at 21-22 mag",
        "8.9 - 385",
        "unflagged IC 1613 rows at 21-23 mag (samples, notebook)",
        8.9,
        385,
        lambda ms: m.measure_constant_median_chi2(ms.conn),
        digits=1,
    ),
    Quantity(
        "variable_chi2_below_3",
        "variable rows with Chi2 < 3",
        "0 of 32 (lowest 3.43; a cut near 3)",
        SAMPLES + ", hcv-facts.md",
        0.0,
        0.05,
        lambda ms: m.measure_low_chi2_variable_fraction(ms.conn),
    ),
    Quantity(
        "statistics_reproduced",
        "candidate rows whose NumLC, MAD, Chi2 follow from HCVdetailed",
        "1 of 1 (the nova: MAD 0.4599, Chi2 77.43)",
        "hcv-facts.md statistic definitions",
        0.99,
        1.0,
        lambda ms: m.measure_statistics_reproduced(ms.conn),
    ),
    Quantity(
        "varqual_magerr_a",
        "variable rows with MagerrAper2 = A",
        f"{A_REAL / VARIABLE_REAL:.2f} ({A_REAL}/{VARIABLE_REAL})",
        SAMPLES + ", Wilson 68 %",
        A_LOW,
        A_HIGH,
        lambda ms: ms.letters[0],
    ),
    Quantity(
        "varqual_aaaaa",
        "variable rows AAAAA",
        f"{AAAAA_REAL / VARIABLE_REAL:.2f} ({AAAAA_REAL}/{VARIABLE_REAL})",
        SAMPLES + ", Wilson 68 %",
        AAAAA_LOW,
        AAAAA_HIGH,
        lambda ms: ms.letters[1],
    ),
    Quantity(
        "cosmic_rays_wfc3_ir",
        "cosmic-ray artifacts on WFC3/IR",
        "0 (up-the-ramp fitting)",
        "issue 15 point 10",
        0,
        0,
        _opt(lambda ms: ms.cosmic_rays, "on_wfc3_ir"),
    ),
    Quantity(
        "cosmic_rays_single_exposure",
        "cosmic-ray images that are single exposures",
        "1 (model)",
        "seed notebook (M87 F606W) / model",
        1.0,
        1.0,
        _cr_single_fraction,
        digits=2,
    ),
    Quantity(
        "cosmic_ray_ci_jump",
        "cosmic-ray epochs with a CI jump (> 5 sigma)",
        "most (model: a cosmic ray is sharper than the PSF)",
        "issue 15 point 11 / model",
        0.5,
        1.0,
        _opt(lambda ms: truth.measure_artifact_traces(ms.conn, ("cosmic_ray",)), "ci_fraction"),
        digits=2,
    ),
    Quantity(
        "artifact_ci_or_d",
        "spike/edge epochs with CI or D off (> 5 sigma)",
        "most (model: the spike or the edge shifts the centroid and the profile)",
        "issue 15 point 11 / model",
        0.5,
        1.0,
        _opt(
            lambda ms: truth.measure_artifact_traces(ms.conn, ("diffraction_spike", "chip_edge")),
            "ci_or_d_fraction",
        ),
        digits=2,
    ),
    Quantity(
        "blend_d_scatter",
        "scatter of D: blends / clean variables",
        "> 1 (model: a blend's centroid follows seeing and orientation)",
        "issue 15 / model",
        1.5,
        math.inf,
        lambda ms: truth.measure_blend_d_scatter(ms.conn),
        digits=2,
    ),
    Quantity(
        "clean_ci_or_d",
        "clean epochs of true variables with CI or D off (> 5 sigma)",
        "few (model: CI and D of a clean epoch scatter with the noise)",
        "model",
        0.0,
        0.15,
        _opt(lambda ms: truth.measure_control_traces(ms.conn), "ci_or_d_fraction"),
        digits=2,
    ),
    Quantity(
        "candles_misplaced",
        "RR Lyrae or Cepheids (worse kind) at magnitudes their distance forbids",
        "0 (M_RR ~ +0.6, M_Cep -1.5 .. -7.5; a few blends)",
        "physics; distances in truth.DISTANCE_MODULI",
        0.0,
        0.02,
        _opt(lambda ms: ms.candles, "worst_fraction"),
    ),
    Quantity(
        "real_rows",
        "real summary rows served unchanged",
        "42",
        SAMPLES,
        42,
        42,
        lambda ms: real.count_summary_rows_reproduced(ms.conn),
        FIELD_SCALES,
    ),
    Quantity(
        "nova_points",
        "real nova F606W points served unchanged",
        "21",
        "shared/data nova CSV",
        21,
        21,
        lambda ms: real.count_nova_points_reproduced(ms.conn),
    ),
    Quantity(
        "top_aaaaa",
        "AAAAA row with the largest MAD (MatchID)",
        "5742711",
        NOTEBOOK + " cell 18",
        5_742_711,
        5_742_711,
        lambda ms: m.measure_top_aaaaa_match(ms.conn),
    ),
)

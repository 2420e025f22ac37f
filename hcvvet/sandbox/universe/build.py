"""Build a sandbox universe: simulate every group, run the HCV pipeline, write one SQLite file.

``build_universe(out_path, scale, seed)`` is the entry point (the CLI in ``__main__`` calls it). The same seed
and scale always give the same table content.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import photometry, pipeline, sim_planted
from .plans import (
    ABSOLUTE_V,
    ALIASES,
    FILTERS,
    HSC_V3_LAST_MJD,
    IC1613_GROUP,
    M31_TOP_MATCH_ID,
    NAMED_TARGETS,
    NOVA_MATCH_ID,
    SAMPLE_GROUPS,
    GroupPlan,
    ProposalPool,
    image_geometry,
    named_groups,
    random_group,
    random_target_names,
    sample_group,
)
from .schema import INDEX_SQL, TABLES_SQL

SCALES = ("tiny", "demo", "full")
IC1613_BOTH_CANDIDATES = 258  # the notebook's cone search: 258 candidates among 17,090 objects
FULL_OBJECTS = 3_700_000
MAX_CELLS_PER_GROUP = 2_500_000  # objects x epochs of one group, bounds the memory of a build
VARIABLE_NATURES = ("cepheid", "rr_lyrae", "eclipsing_binary", "long_period", "nova", "agn")
ARTIFACT_KINDS = (
    "cosmic_ray",
    "diffraction_spike",
    "blend",
    "chip_edge",
)  # drawn per object; bad_image per image


# ------------------------------------------------------------------------------------------------ planning


def plan_universe(scale: str, seed: int) -> list[GroupPlan]:
    """All group plans of a universe of ``scale``; named groups first."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")
    rng = np.random.default_rng([seed, 0])
    plans = named_groups(rng, scale, sim_planted.nova_mjd())
    # The real IC 1613 rows are planted on top: keep the notebook's 17,090 objects with both filters exact.
    ic1613 = plans[0]
    both = tuple(ic1613.filters)
    planted_both = sum(
        1
        for o in sim_planted.load_samples().values()
        if o.group_id == IC1613_GROUP and tuple(o.filters) == both
    )
    ic1613.coverage[both] -= planted_both
    if scale != "tiny":  # the notebook's 258 candidates among the objects with both filters
        planted_candidates = sum(
            1
            for o in sim_planted.load_samples().values()
            if o.group_id == IC1613_GROUP and tuple(o.filters) == both and o.auto_class > 0
        )
        ic1613.candidates_target = (both, IC1613_BOTH_CANDIDATES - planted_candidates)
    reserved_ids = {p.group_id for p in plans} | {row[0] for row in SAMPLE_GROUPS}
    proposals = ProposalPool(rng, {10505, 10543, 10407})
    if scale != "tiny":
        size = 400 if scale == "demo" else 3000
        plans += [sample_group(rng, row, size, proposals) for row in SAMPLE_GROUPS]
    if scale == "tiny":
        sizes = [400]
    elif scale == "demo":
        sizes = rng.integers(1500, 4000, 10).tolist()
    else:
        remaining = FULL_OBJECTS - sum(p.n_objects for p in plans)
        sizes = []
        while remaining > 0:
            n = int(np.clip(rng.lognormal(np.log(900), 1.0), 50, 40000))
            sizes.append(min(n, remaining))
            remaining -= n
    group_ids = rng.choice(np.arange(1000, 1_100_000), len(sizes) + 50, replace=False).tolist()
    group_ids = [g for g in group_ids if g not in reserved_ids]
    names = random_target_names(rng, len(sizes))
    for n, gid, name in zip(sizes, group_ids, names, strict=False):
        plan = random_group(rng, gid, name, int(n), proposals)
        cells = plan.n_objects * plan.n_epochs
        if cells > MAX_CELLS_PER_GROUP:  # an intensively monitored field: keep it, with fewer objects
            factor = MAX_CELLS_PER_GROUP / cells
            plan.coverage = {k: max(1, int(v * factor)) for k, v in plan.coverage.items()}
        plans.append(plan)
    return plans


def assign_match_ids(rng: np.random.Generator, total: int, reserved: set[int]) -> np.ndarray:
    """``total`` distinct MatchIDs spread over 1..~108 million like the real ones, avoiding ``reserved``."""
    mean_gap = max(1.0, 108_000_000 / (total + len(reserved) + 1))
    ids = np.cumsum(rng.integers(1, int(2 * mean_gap) + 1, total + len(reserved) + 10))
    ids = ids[~np.isin(ids, list(reserved))][:total]
    return rng.permutation(ids)


# ------------------------------------------------------------------------------------------------ simulation


@dataclass
class GroupRows:
    """Rows of one group ready for insertion."""

    match: list[tuple] = field(default_factory=list)
    filter: list[tuple] = field(default_factory=list)
    detailed: list[tuple] = field(default_factory=list)
    truth: list[tuple] = field(default_factory=list)
    thresholds: list[tuple] = field(default_factory=list)
    hits: list[tuple] = field(default_factory=list)
    images: list[tuple] = field(default_factory=list)
    candidates: int = 0
    multi_filter: int = 0


def _rows(*columns: Iterable) -> list[tuple]:
    return list(zip(*[c.tolist() if isinstance(c, np.ndarray) else c for c in columns], strict=True))


def _positions(rng: np.random.Generator, plan: GroupPlan, n: int) -> tuple[np.ndarray, np.ndarray]:
    r = plan.radius_deg * np.sqrt(rng.random(n))
    theta = rng.uniform(0, 2 * np.pi, n)
    dec = plan.dec + r * np.sin(theta)
    ra = (plan.ra + r * np.cos(theta) / np.cos(np.radians(dec))) % 360.0
    return ra, dec


def v_limit(plan: GroupPlan) -> float:
    """V magnitude at the detection limit of the group's images (median over its filters)."""
    return float(np.median([plan.limit(f) - FILTERS[f].colour_coeff * 0.8 for f in plan.filters]))


def v_window(plan: GroupPlan, kind: str) -> tuple[float, float] | None:
    """The V range where variables of ``kind`` of the group's population can be measured (None: nowhere).

    Between saturation (``BRIGHT_RANGE`` above the limit) and the limit, and at the group's distance from the
    kind's absolute magnitudes (``ABSOLUTE_V``); AGN and the foreground stars of deep fields have no distance.
    """
    v_lim = v_limit(plan)
    lo, hi = v_lim - BRIGHT_RANGE, v_lim + 0.2
    if kind in ABSOLUTE_V and plan.distance_modulus is not None:
        bright, faint = ABSOLUTE_V[kind]
        lo, hi = max(lo, plan.distance_modulus + bright), min(hi, plan.distance_modulus + faint)
    return (lo, hi) if hi - lo >= 0.05 else None


def _natures(rng: np.random.Generator, plan: GroupPlan, n: int) -> np.ndarray:
    """Each object's nature: the plan's fractions of variables and artifacts, the kinds of variables from
    ``nature_mix`` restricted to those its population shows at its distance (AGN where none is left)."""
    u = rng.random(n)
    nature = np.full(n, "constant", dtype=object)
    is_var = u < plan.variable_fraction
    is_art = (u >= plan.variable_fraction) & (u < plan.variable_fraction + plan.artifact_fraction)
    mix = {k: w for k, w in plan.nature_mix.items() if v_window(plan, k) is not None} or {"agn": 1.0}
    kinds = list(mix)
    weights = np.array([mix[k] for k in kinds])
    nature[is_var] = rng.choice(kinds, size=is_var.sum(), p=weights / weights.sum())
    nature[is_art] = "artifact"
    return nature


@dataclass
class Brightness:
    """V magnitude, V-I colour and variability of a group's objects (period, amplitude NaN if constant)."""

    v_mag: np.ndarray
    colour: np.ndarray
    period: np.ndarray
    amplitude: np.ndarray
    t0: np.ndarray


@dataclass
class Stars:
    """The simulated objects of one group before the pipeline measures them: one entry per object."""

    has: dict[str, np.ndarray]  # filter -> measured in that filter
    ra: np.ndarray
    dec: np.ndarray
    nature: np.ndarray  # "constant", "artifact" or one of VARIABLE_NATURES
    light: Brightness
    art_kind: np.ndarray  # one of ARTIFACT_KINDS or "bad_image" for artifacts, else None
    extended: np.ndarray  # CI excess over the PSF of compact galaxies and unresolved pairs
    aper_auto: np.ndarray  # aperture minus auto magnitude, for VarQualFlag
    bad: dict[str, np.ndarray]  # bad-image offsets of ``_bad_images``
    angle: np.ndarray  # position angle (rad) of a spike's or blend's neighbour, or of the nearest chip edge
    crowding: np.ndarray  # standard normal: the part of the systematic floor common to all filters
    visit_noise: np.ndarray  # standard normal per object and visit: systematic noise common to its filters


@dataclass
class Classes:
    """What the pipeline decided for a group: per-filter detections and each object's classes."""

    per_filter: dict  # filter -> (measurements, statistics, FilterDetFlag, VarQualFlag, threshold): _detect
    num_filters: np.ndarray
    auto: np.ndarray
    expert: np.ndarray


def simulate_group(
    plan: GroupPlan,
    seed: int,
    match_ids: np.ndarray,
    store_all: bool,
    quota: pipeline.ExpertQuota,
    detection: pipeline.DetectionQuota | None = None,
) -> GroupRows:
    """Simulate the objects of ``plan``, run the pipeline and return the rows to insert.

    ``match_ids`` has one id per simulated object; light curves are kept for every object when ``store_all``,
    otherwise only for candidates and expert-classified objects. ``quota`` (shared by the groups of a build)
    decides which candidates get an ExpertClass, ``detection`` (shared too; None: a fixed threshold) the
    field's threshold. The steps draw from one generator in a fixed order, which is what makes a seed give
    the same universe: a change of order changes every table.
    """
    rng = np.random.default_rng([seed, plan.group_id])
    stars = _draw_stars(rng, plan)
    # Their own generator, so that the draws of the main one (and with them the rest of the group) stay put.
    shared = np.random.default_rng([seed, plan.group_id, 1])
    stars.crowding = shared.normal(0.0, 1.0, plan.n_objects)
    stars.visit_noise = shared.normal(0.0, 1.0, (plan.n_objects, len(_visit_columns(plan)[1])))
    measured, art_hits = _measure_filters(rng, plan, stars)
    classes = _classify(rng, plan, stars, measured, quota, detection)
    subgroup = rng.choice(plan.subgroups, plan.n_objects)
    return _group_rows(plan, match_ids, store_all, stars, classes, subgroup, art_hits)


def _visit_columns(plan: GroupPlan) -> tuple[dict[str, np.ndarray], list[str]]:
    """Each filter's epochs as columns of the group's visits (``hst_PPPPP_VV``), and the visits in order."""
    visits: dict[str, int] = {}
    for ep in plan.epochs.values():
        for name in ep.names:
            visits.setdefault(name[:12], len(visits))
    columns = {f: np.array([visits[n[:12]] for n in ep.names], dtype=int) for f, ep in plan.epochs.items()}
    return columns, list(visits)


def _draw_stars(rng: np.random.Generator, plan: GroupPlan) -> Stars:
    """Coverage, positions, natures, brightness and artifacts of every object of ``plan``."""
    n = plan.n_objects
    has = _coverage(rng, plan)
    ra, dec = _positions(rng, plan, n)
    nature = _natures(rng, plan, n)
    if len(plan.filters) > 1:  # one filter only: too faint for the others, so no bright kind of variable
        single = sum(h.astype(int) for h in has.values()) == 1
        nature[single & np.isin(nature, BRIGHT_KINDS)] = "eclipsing_binary"
    bad = _bad_images(rng, plan, ra, dec, has)
    on_bad = np.zeros(n, bool)
    for dmag in bad.values():
        on_bad |= (dmag != 0).any(axis=1)
    nature[on_bad & (nature == "constant")] = "artifact"  # variables on a bad image stay variables
    light = _brightness(rng, plan, nature, has)
    art_kind = _artifact_kinds(rng, plan, nature, on_bad, has)
    # Compact galaxies and unresolved pairs are a little more extended than the PSF.
    extended = np.abs(rng.normal(0, 0.02, n))
    aper_auto = rng.normal(0, 0.05, n) + np.where(art_kind == "blend", rng.uniform(0.1, 0.4, n), 0.0)
    angle = _artifact_angles(rng, plan, art_kind, has)
    # The noise shared between filters comes from a generator of its own (``simulate_group``).
    shared = {"crowding": np.zeros(n), "visit_noise": np.zeros((n, 1))}
    return Stars(has, ra, dec, nature, light, art_kind, extended, aper_auto, bad, angle, **shared)


def _artifact_angles(
    rng: np.random.Generator, plan: GroupPlan, art_kind: np.ndarray, has: dict[str, np.ndarray]
) -> np.ndarray:
    """Position angle of what makes each artifact, the same in every filter.

    A spike's bright neighbour lies along a spike of one of the object's images (orientation + 45 + k x 90
    degrees, within a few degrees); a chip edge lies in the direction the orientation of one of its images
    points (within 20 degrees); blends have a random neighbour angle.
    """
    n = len(art_kind)
    angle = rng.uniform(0.0, 2 * np.pi, n)
    for i in np.flatnonzero(np.isin(art_kind, ["diffraction_spike", "chip_edge"])):
        mine = [f for f in plan.filters if has[f][i]]
        ep = plan.epochs[mine[int(rng.integers(len(mine)))]]
        orient = np.radians(image_geometry([ep.names[int(rng.integers(len(ep.names)))]])[0][0])
        if art_kind[i] == "diffraction_spike":
            angle[i] = orient + np.pi / 4 + int(rng.integers(4)) * np.pi / 2 + np.radians(rng.uniform(-3, 3))
        else:
            angle[i] = orient + np.radians(rng.uniform(-20, 20))
    return angle


def _coverage(rng: np.random.Generator, plan: GroupPlan) -> dict[str, np.ndarray]:
    """Which objects each filter measures: the plan's coverage classes, scattered over the field."""
    n = plan.n_objects
    has = {f: np.zeros(n, bool) for f in plan.filters}
    start = 0
    for subset, count in plan.coverage.items():
        for f in subset:
            has[f][start : start + count] = True
        start += count
    order = rng.permutation(n)
    has = {f: h[order] for f, h in has.items()}
    if len(plan.filters) >= 3:
        _footprints(rng, plan, has)
    return has


def _footprints(rng: np.random.Generator, plan: GroupPlan, has: dict[str, np.ndarray]) -> None:
    """Thin the colour filters of a field of three or more filters to their footprints, in place.

    Such a field's filters come from different programmes, pointings and dithers, so an object measured in
    several is measured in the first filter (the monitoring one, with the most epochs) and in each colour
    filter with the chance (``FOOTPRINT_SHARE``, one per filter and field) that the filter's images cover it
    at five or more epochs; at least one colour filter is kept, as the plan counts it a multi-filter object.
    """
    colours = plan.filters[1:]
    multi = np.flatnonzero(sum(has[f].astype(int) for f in plan.filters) > 1)
    keep = rng.random((len(multi), len(colours))) < rng.uniform(*FOOTPRINT_SHARE, len(colours))
    measured = np.stack([has[f][multi] for f in colours], axis=1)
    kept = keep & measured
    lost = np.flatnonzero(~kept.any(axis=1))
    for row in lost:  # one colour filter it was measured in
        options = np.flatnonzero(measured[row])
        kept[row, options[int(rng.integers(len(options)))]] = True
    for k, f in enumerate(colours):
        has[f][multi] = kept[:, k]


def _brightness(
    rng: np.random.Generator, plan: GroupPlan, nature: np.ndarray, has: dict[str, np.ndarray]
) -> Brightness:
    """V from a rising luminosity function, V-I colour; distance-based for standard candles.

    In a field of several filters an object measured in one filter only is one too faint for the others:
    its V comes from the last ``SINGLE_FILTER_DEPTH`` magnitudes above the limit.
    """
    n = len(nature)
    v_lim = v_limit(plan)
    faint = min(v_lim + 0.4, pipeline.FAINT_LIMIT)
    v_mag = photometry.luminosity_function(rng, n, v_lim - BRIGHT_RANGE, faint)
    if len(plan.filters) > 1:
        single = sum(h.astype(int) for h in has.values()) == 1
        v_mag[single] = photometry.luminosity_function(
            rng, int(single.sum()), faint - SINGLE_FILTER_DEPTH, faint
        )
    colour = np.clip(rng.normal(0.8, 0.45, n), -0.3, 3.0)
    period = np.full(n, np.nan)
    amplitude = np.full(n, np.nan)
    t0 = rng.uniform(40000, 60000, n)
    light = Brightness(v_mag, colour, period, amplitude, t0)
    for kind in VARIABLE_NATURES:
        sel = nature == kind
        if sel.any():
            _draw_variables(rng, plan, kind, sel, light)
    return light


def _draw_variables(
    rng: np.random.Generator, plan: GroupPlan, kind: str, sel: np.ndarray, light: Brightness
) -> None:
    """Period, amplitude, and the brightness and colour proper to ``kind``, of the objects ``sel``.

    V comes from the kind's absolute magnitude at the group's distance (``v_window``): standard candles from
    their period-luminosity relation (those off the window are replaced by one inside it: the field shows
    the periods it can measure), other kinds keep their draw from the luminosity function when it falls
    inside the window and are drawn uniformly inside it otherwise.
    """
    count = int(sel.sum())
    light.period[sel], light.amplitude[sel] = photometry.variable_params(rng, kind, count)
    window = v_window(plan, kind) or (v_limit(plan) - BRIGHT_RANGE, v_limit(plan) + 0.2)
    inside = rng.uniform(*window, count)
    candle = _candle_mag(rng, plan, kind, light.period[sel], light.v_mag[sel])
    ok = (candle >= window[0]) & (candle <= window[1])
    light.v_mag[sel] = np.where(ok, candle, inside)
    if kind == "cepheid":
        light.colour[sel] = rng.uniform(0.5, 1.1, count)
    elif kind == "rr_lyrae":  # horizontal-branch stars in the instability strip
        light.colour[sel] = rng.uniform(0.3, 0.6, count)
    elif kind == "long_period":
        # Cool AGB giants: bright in the red, faint and noisy (rarely AAAAA) in the blue and the UV.
        light.colour[sel] = rng.uniform(1.4, 3.0, count)
    if kind == "nova":
        # Caught in outburst: the peak falls inside the observations of the group.
        mjd_all = np.concatenate([e.mjd for e in plan.epochs.values()])
        light.t0[sel] = rng.uniform(mjd_all.min() - 20, mjd_all.max() - 3, count)


def _candle_mag(
    rng: np.random.Generator, plan: GroupPlan, kind: str, period: np.ndarray, v_mag: np.ndarray
) -> np.ndarray:
    """V of variables of ``kind``: standard candles at the group's distance, the others keep ``v_mag``."""
    if plan.distance_modulus is None:
        return v_mag
    if kind == "cepheid":
        absolute = -1.3 - 2.8 * np.log10(period)
        return plan.distance_modulus + absolute
    if kind == "rr_lyrae":
        return plan.distance_modulus + rng.uniform(0.45, 0.75, len(v_mag))
    return v_mag


def _artifact_kinds(
    rng: np.random.Generator,
    plan: GroupPlan,
    nature: np.ndarray,
    on_bad: np.ndarray,
    has: dict[str, np.ndarray],
) -> np.ndarray:
    """The artifact kind of each artifact (None for other objects); cosmic rays hit single exposures most."""
    n = len(nature)
    art_kind = np.full(n, None, dtype=object)
    art_idx = np.flatnonzero(nature == "artifact")
    single_any = np.zeros(n, bool)
    for f in plan.filters:
        if plan.epochs[f].single_exposure:
            single_any |= has[f]
    for i in art_idx:
        if on_bad[i]:
            art_kind[i] = "bad_image"
        elif single_any[i] and rng.random() < 0.7:
            art_kind[i] = "cosmic_ray"
        else:
            art_kind[i] = str(rng.choice(["diffraction_spike", "blend", "chip_edge"], p=[0.35, 0.35, 0.3]))
    return art_kind


def _measure_filters(
    rng: np.random.Generator, plan: GroupPlan, stars: Stars
) -> tuple[dict, dict[int, list[tuple[float, str]]]]:
    """Measurements, statistics and VarQualFlag of every filter, and the images each artifact hit.

    Returns (filter -> (measurements, statistics, VarQualFlag), object index -> [(|dmag|, image name)]).
    """
    measured = {}
    art_hits: dict[int, list[tuple[float, str]]] = {}
    for f in plan.filters:
        res = _simulate_filter(rng, plan, f, stars)
        idx = res["idx"]
        stats = pipeline.light_curve_stats(res["mag"], res["corr"], res["err"])
        spec = FILTERS[f]
        vqf = pipeline.var_qual_flag(
            res["ci"], res["d"], res["err"], res["corr"], stats.mad, spec.ci0, stars.aper_auto[idx],
            stats.mean_mag, spec.saturation_mag,
        )  # fmt: skip
        vqf = pipeline.reserve_top_aaaaa(vqf, stats.mad)
        usable = pipeline.searchable_rows(stats, vqf)
        relation = pipeline.mad_relation(stats.mean_corr_mag[usable], stats.mad[usable])
        measured[f] = (res, stats, vqf, relation)
        _collect_artifact_hits(art_hits, res, stars.art_kind[idx], plan.epochs[f].names)
    return measured, art_hits


def _collect_artifact_hits(
    art_hits: dict[int, list[tuple[float, str]]], res: dict, kinds: np.ndarray, image_names: list[str]
) -> None:
    """Add to ``art_hits`` the images of one filter on which each artifact of ``res`` moved the magnitude."""
    for row, (i, obj) in enumerate(zip(res["idx"], kinds, strict=True)):
        if obj is not None and obj != "blend":  # a blend touches every epoch: no list of hits
            dm = res["bad_dmag" if obj == "bad_image" else "art_dmag"][row]
            hits = np.flatnonzero(dm != 0)
            art_hits.setdefault(int(i), []).extend((abs(float(dm[h])), image_names[h]) for h in hits)


def _classify(
    rng: np.random.Generator,
    plan: GroupPlan,
    stars: Stars,
    measured: dict,
    quota: pipeline.ExpertQuota,
    detection: pipeline.DetectionQuota | None,
) -> Classes:
    """Detections at the group's threshold (``detection``'s), AutoClass, and ExpertClass of the candidates
    ``quota`` picks."""
    n = plan.n_objects
    has = stars.has
    steer = detection if plan.open_threshold else None
    sigmas = pipeline.THRESHOLD_SIGMAS if steer is None else steer.sigmas()
    if plan.candidates_target is not None:
        subset, target = plan.candidates_target
        in_subset = np.all([has[f] == (f in subset) for f in plan.filters], axis=0)
        sigmas = _solve_sigmas(measured, n, in_subset, target)
    per_filter, flagged, strength = _detect(measured, n, sigmas)
    num_filters = sum(has[f].astype(int) for f in plan.filters)
    auto = pipeline.auto_class(flagged)
    if steer is not None:
        kept = num_filters > 0
        steer.add(int(kept.sum()), int((auto[kept] > 0).sum()))
    expert = np.zeros(n, int)
    cand = np.flatnonzero(np.isin(auto, quota.classes(plan.validated, plan.expert_draw, auto)))
    truth = np.where(np.isin(stars.nature[cand], ["artifact", "constant"]), stars.nature[cand], "variable")
    top_mad = np.zeros(n)
    for res, stats, det, _, _ in per_filter.values():
        top_mad[res["idx"]] = np.maximum(top_mad[res["idx"]], np.where(det, stats.mad, 0.0))
    expert[cand] = pipeline.expert_class(rng, truth, strength[cand], flagged[cand], top_mad[cand])
    return Classes(per_filter, num_filters, auto, expert)


def _group_rows(
    plan: GroupPlan,
    match_ids: np.ndarray,
    store_all: bool,
    stars: Stars,
    classes: Classes,
    subgroup: np.ndarray,
    art_hits: dict[int, list[tuple[float, str]]],
) -> GroupRows:
    """The rows of the objects measured in at least one filter (light curves as ``simulate_group`` says)."""
    auto, expert = classes.auto, classes.expert
    rows = GroupRows()
    keep = np.flatnonzero(classes.num_filters > 0)
    rows.match = _rows(
        match_ids[keep], np.full(len(keep), plan.group_id), subgroup[keep], np.round(stars.ra[keep], 7),
        np.round(stars.dec[keep], 7), auto[keep], expert[keep], classes.num_filters[keep],
    )  # fmt: skip
    rows.candidates = int((auto[keep] > 0).sum())
    rows.multi_filter = int((auto[keep] == 2).sum())
    store = store_all | (auto > 0) | (expert > 0)
    for f in plan.filters:
        res, stats, det, vqf, used = classes.per_filter[f]
        rows.thresholds += _threshold_rows(plan.group_id, f, used)
        idx = res["idx"]
        mids = match_ids[idx]
        rows.filter += _rows(
            mids, [f] * len(idx), det.astype(int), vqf, stats.num_lc, np.round(stats.mean_mag, 3),
            np.round(stats.mean_corr_mag, 3), np.round(stats.mad, 4), np.round(stats.chi2, 4),
        )  # fmt: skip
        rows.detailed += _detailed_rows(f, plan, res, mids, store[idx])
        rows.hits += _hit_rows(f, plan, res, mids, store[idx] & (stars.art_kind[idx] != None))  # noqa: E711
    rows.truth = _truth_rows(match_ids, keep, stars, art_hits)
    return rows


def _detect(measured: dict, n: int, sigmas: float) -> tuple[dict, np.ndarray, np.ndarray]:
    """FilterDetFlag of every filter at a threshold of ``sigmas``, flagged-filter counts and strengths.

    ``measured`` maps each filter to (measurements, statistics, VarQualFlag, MAD-magnitude relation); only
    searchable rows are flagged (``pipeline.searchable_rows``). Returns per filter (measurements, statistics,
    FilterDetFlag, VarQualFlag, threshold), the number of flagged filters per object and MAD / threshold of
    its most variable flagged filter.
    """
    per_filter = {}
    flagged = np.zeros(n, int)
    strength = np.zeros(n)
    for f, (res, stats, vqf, relation) in measured.items():
        idx = res["idx"]
        used = pipeline.with_sigmas(relation, sigmas)
        threshold = used.at(stats.mean_corr_mag)
        det = pipeline.filter_detection(stats, threshold, pipeline.searchable_rows(stats, vqf))
        flagged[idx] += det
        strength[idx] = np.maximum(strength[idx], np.where(det, stats.mad / threshold, 0.0))
        per_filter[f] = (res, stats, det, vqf, used)
    return per_filter, flagged, strength


def _solve_sigmas(measured: dict, n: int, in_subset: np.ndarray, target: int) -> float:
    """Threshold (in robust sigmas) at which ``target`` objects of ``in_subset`` become candidates.

    The real threshold was set per field and is not published; for a field whose candidate count is known
    (IC 1613 in the notebook) it is solved for by bisection (the count falls as the threshold rises).
    """

    def count(sigmas: float) -> int:
        return int(((_detect(measured, n, sigmas)[1] > 0) & in_subset).sum())

    lo, hi = 0.5, 20.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        c = count(mid)
        if c == target:
            return mid
        lo, hi = (mid, hi) if c > target else (lo, mid)
    return lo if abs(count(lo) - target) <= abs(count(hi) - target) else hi


def _simulate_filter(
    rng: np.random.Generator,
    plan: GroupPlan,
    f: str,
    stars: Stars,
) -> dict[str, np.ndarray]:
    """Accepted measurements of the objects measured in filter ``f`` (arrays objects x epochs, NaN = none).

    The bad-image offsets of this filter (``stars.bad``, from ``_bad_images``) land uncorrected on Mag and
    CorrMag alike, since the local zero-point correction cannot see a partly corrupted image.
    """
    spec = FILTERS[f]
    ep = plan.epochs[f]
    light, nature, art_kind = stars.light, stars.nature, stars.art_kind
    bad = stars.bad.get(f)
    idx = np.flatnonzero(stars.has[f])
    m = len(idx)
    e = len(ep.names)
    limit = plan.limit(f)
    base = light.v_mag[idx] + spec.colour_coeff * light.colour[idx]
    true = np.repeat(base[:, None], e, axis=1)
    for kind in VARIABLE_NATURES:
        sel = np.flatnonzero(nature[idx] == kind)
        if len(sel):
            o = idx[sel]
            factor = 1.0 if kind in ("eclipsing_binary", "nova") else spec.amp_factor
            true[sel] += photometry.variable_delta(
                rng, kind, ep.mjd, light.period[o], light.amplitude[o], factor, light.t0[o]
            )
    # Where a source sinks below the detection limit the photometry measures noise around the limit.
    true = np.minimum(true, limit + 0.8)
    err = photometry.mag_error(true, limit)
    art_dmag = np.zeros((m, e))
    art_dci = np.zeros((m, e))
    art_dd = np.zeros((m, e))
    orient, seeing = image_geometry(ep.names)
    for kind in ARTIFACT_KINDS:
        sel = np.flatnonzero(art_kind[idx] == kind)
        if len(sel):
            _, dm, dci, dd = photometry.artifact_traces(
                rng, kind, stars.angle[idx[sel]], ep.single_exposure, orient, seeing
            )
            if kind in ADDED_LIGHT:  # a fixed amount of light: it matters less the brighter the star
                weight = np.clip(10 ** (0.4 * (base[sel] - (limit - ADDED_LIGHT_DEPTH))), 0.0, 1.0)[:, None]
                dm, dci, dd = dm * weight, dci * weight, dd * weight
            art_dmag[sel], art_dci[sel], art_dd[sel] = dm, dci, dd
    bad_dmag = np.zeros((m, e)) if bad is None else bad[idx]
    floor = photometry.systematic_floor(rng, m, spec.detector, stars.crowding[idx])
    # Most of the floor is common to the filters of one visit (same pointing, focus and place on the
    # detector); the heavy tail (cosmic-ray residuals, bad pixels) belongs to each exposure.
    visit = floor[:, None] * stars.visit_noise[np.ix_(idx, _visit_columns(plan)[0][f])]
    own = floor * np.sqrt(1.0 - photometry.VISIT_SHARED**2)
    draws, tail = photometry.scatter_draws(rng, (m, e))
    noise = tail * draws * photometry.true_scatter(err, own) + photometry.VISIT_SHARED * visit
    mag = true + ep.zp_offset + noise + art_dmag
    mag += bad_dmag
    # A blend or a contaminated aperture makes SExtractor's error larger too.
    err = err * np.where(art_dmag != 0, 1.3, 1.0)
    corr = mag - (ep.zp_offset + rng.normal(0.0, 0.003, (m, e)))
    ci, d = photometry.concentration_and_offset(rng, spec, err, stars.extended[idx])
    ci += art_dci
    d += art_dd
    # Missing epochs: chip gaps, dithers, faint detections lost; at least five points remain.
    p_miss = 0.02 + 0.6 / (1.0 + np.exp(-(true - limit - 0.2) / 0.25))
    present = rng.random((m, e)) >= p_miss
    short = present.sum(axis=1) < pipeline.MIN_POINTS
    present[short] = True
    present &= ~pipeline.reject_outliers(np.where(present, corr, np.nan), err)
    out = {
        "mag": np.round(mag, 4),
        "corr": np.round(corr, 6),
        "err": np.round(np.maximum(err, 0.001), 4),
        "ci": np.round(ci, 4),
        "d": np.round(d, 3),
    }
    for key in out:
        out[key] = np.where(present, out[key], np.nan)
    out["idx"] = idx
    out["art_dmag"] = np.where(present, art_dmag, 0.0)
    out["art_dci"] = np.where(present, art_dci, 0.0)
    out["art_dd"] = np.where(present, art_dd, 0.0)
    out["bad_dmag"] = np.where(present, bad_dmag, 0.0)
    return out


# Cosmic rays, a neighbour's diffraction spike and a blended neighbour (most stars are faint: a typical
# neighbour comes from the faint end of the luminosity function) add light of their own: their trace in
# magnitudes is full on stars within ADDED_LIGHT_DEPTH of the limit and shrinks with the flux ratio on
# brighter ones. A chip edge (a share of the flux lost) does not.
ADDED_LIGHT = ("cosmic_ray", "diffraction_spike", "blend")
ADDED_LIGHT_DEPTH = 2.5
BRIGHT_RANGE = 8.0  # mag between saturation and the detection limit of a field
BRIGHT_KINDS = ("cepheid", "rr_lyrae", "long_period", "nova")  # seen in every filter of a field
# Share of a field's multi-filter objects that each colour filter of a field of three or more filters
# measures (``_footprints``; drawn per filter and field).
FOOTPRINT_SHARE = (0.6, 1.0)
SINGLE_FILTER_DEPTH = 0.7  # mag: objects of one filter in a multi-filter field lie this close to the limit
BAD_IMAGE_GROUP_RATE = 0.25  # share of groups with at least one partly corrupted image


def _bad_images(
    rng: np.random.Generator, plan: GroupPlan, ra: np.ndarray, dec: np.ndarray, has: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Partly corrupted images of a group: a few images of one filter with a bad zero-point in one strip.

    A calibration error of one program (a wrong flat or zero-point over part of the detector) shifts every
    object inside a strip at the edge of the field (1-9 % of its area) by nearly the same offset on a few
    images; the local zero-point correction does not remove it, so those objects jump together on the same
    images (with a third to a half of the epochs bad, MAD can cross the threshold). Returns, for the filter
    with bad images, the offsets (all objects x its epochs; zero off the strip and on good images).
    """
    if rng.random() >= BAD_IMAGE_GROUP_RATE:
        return {}
    n = len(ra)
    x = (ra - plan.ra) * np.cos(np.radians(plan.dec)) / plan.radius_deg
    y = (dec - plan.dec) / plan.radius_deg
    f = plan.filters[int(rng.integers(len(plan.filters)))]
    n_epochs = len(plan.epochs[f].names)
    k = rng.choice(n_epochs, size=max(1, round(n_epochs * rng.uniform(0.3, 0.5))), replace=False)
    angle = rng.uniform(0, 2 * np.pi)
    inside = (x * np.cos(angle) + y * np.sin(angle) > rng.uniform(0.6, 0.9)) & has[f]
    offsets = rng.choice([-1.0, 1.0]) * rng.uniform(0.05, 0.3, len(k))
    dmag = np.zeros((n, n_epochs))
    dmag[np.ix_(inside, k)] = offsets * (1.0 + rng.normal(0.0, 0.15, (int(inside.sum()), len(k))))
    return {f: dmag}


def _threshold_rows(group_id: int, f: str, used: pipeline.FieldThreshold) -> list[tuple]:
    """Rows of ``sandbox_thresholds``: the threshold the search used in each magnitude bin."""
    level = used.level
    return [
        (group_id, f, k, round(float(used.mag_lo[k]), 4), round(float(used.mag_hi[k]), 4),
         round(float(used.centre[k]), 4), int(used.count[k]), round(float(10 ** used.log_median[k]), 6),
         round(float(used.log_sigma[k]), 5), round(float(used.k_sigmas), 5), round(float(level[k]), 6),
         pipeline.CHI2_CUT)
        for k in range(len(used.centre))
    ]  # fmt: skip


def _hit_rows(f: str, plan: GroupPlan, res: dict, mids: np.ndarray, store: np.ndarray) -> list[tuple]:
    """Rows of ``sandbox_artifact_hits``: each accepted measurement an artifact changed, and by how much."""
    rows_sel = np.flatnonzero(store)
    if not len(rows_sel):
        return []
    ep = plan.epochs[f]
    dmag = res["art_dmag"][rows_sel] + res["bad_dmag"][rows_sel]
    r, c = np.nonzero((dmag != 0) | (res["art_dd"][rows_sel] != 0))
    o = rows_sel[r]
    names = np.array(ep.names, dtype=object)
    return _rows(
        mids[o], [f] * len(o), names[c], np.round(ep.mjd[c], 6), np.round(dmag[r, c], 4),
        np.round(res["art_dci"][o, c], 4), np.round(res["art_dd"][o, c], 3),
    )  # fmt: skip


def _detailed_rows(f: str, plan: GroupPlan, res: dict, mids: np.ndarray, store: np.ndarray) -> list[tuple]:
    rows_sel = np.flatnonzero(store)
    if not len(rows_sel):
        return []
    ep = plan.epochs[f]
    present = ~np.isnan(res["mag"][rows_sel])
    r, c = np.nonzero(present)
    o = rows_sel[r]
    names = np.array(ep.names, dtype=object)
    return _rows(
        mids[o], [f] * len(o), ep.mjd[c], names[c], res["mag"][o, c], res["corr"][o, c], res["err"][o, c],
        res["ci"][o, c], res["d"][o, c],
    )  # fmt: skip


def _truth_rows(
    match_ids: np.ndarray, keep: np.ndarray, stars: Stars, art_hits: dict[int, list[tuple[float, str]]]
) -> list[tuple]:
    nature, art_kind = stars.nature, stars.art_kind
    period, amplitude = stars.light.period, stars.light.amplitude
    artifact_image = np.full(len(nature), None, dtype=object)
    notes = np.full(len(nature), None, dtype=object)
    for i, hits in art_hits.items():
        if not hits:  # every trace fell on a rejected measurement
            continue
        hits.sort(reverse=True)
        artifact_image[i] = hits[0][1]
        notes[i] = "hits=" + ",".join(name for _, name in hits)
    per = np.where(np.isnan(period), None, np.round(period, 5).astype(object))
    amp = np.where(np.isnan(amplitude), None, np.round(amplitude, 4).astype(object))
    return _rows(
        match_ids[keep], nature[keep], per[keep], amp[keep], art_kind[keep], artifact_image[keep], notes[keep]
    )


# --------------------------------------------------------------------------------------------- real rows


def planted_rows(plans: dict[int, GroupPlan], seed: int) -> GroupRows:
    """Rows of the real objects planted in the groups present in ``plans``."""
    rng = np.random.default_rng([seed, 1])
    rows = GroupRows()
    samples = sim_planted.load_samples()
    for obj in samples.values():
        plan = plans.get(obj.group_id)
        if plan is None:
            continue
        auto = obj.auto_class
        rows.candidates += auto > 0
        rows.multi_filter += auto == 2
        filters = dict(obj.filters)
        if obj.match_id == NOVA_MATCH_ID:
            rows.detailed += _nova_f606w_rows()
            filters.pop("ACS_F606W")
            rows.filter.append(_filter_row(obj.match_id, obj.filters["ACS_F606W"]))
            rows.filter.append(_nova_f814w(rng, plan, rows))
        for f, frow in filters.items():
            spec = FILTERS[f]
            lc = sim_planted.synthesize(rng, frow, plan.epochs[f], plan.limit(f), spec.ci0)
            rows.detailed += _rows(
                [obj.match_id] * frow.num_lc, [f] * frow.num_lc, lc.mjd, lc.image, lc.mag, lc.corr_mag,
                lc.mag_err, np.round(lc.ci, 4), np.round(lc.d, 3),
            )  # fmt: skip
            rows.filter.append(_filter_row(obj.match_id, frow))
        num_filters = len(obj.filters) + (obj.match_id == NOVA_MATCH_ID)
        rows.match.append(
            (
                obj.match_id,
                obj.group_id,
                obj.subgroup_id,
                obj.ra,
                obj.dec,
                auto,
                obj.expert_class,
                num_filters,
            )
        )
        rows.truth.append(_planted_truth(obj))
    return rows


def _filter_row(match_id: int, r: sim_planted.FilterRow) -> tuple:
    return (
        match_id,
        r.filter,
        r.det_flag,
        r.var_qual_flag,
        r.num_lc,
        r.mean_mag,
        r.mean_corr_mag,
        r.mad,
        r.chi2,
    )


def _nova_f606w_rows() -> list[tuple]:
    return [
        (int(r["MatchID"]), r["Filter"], float(r["MJD"]), r["ImageName"], float(r["Mag"]),
         float(r["CorrMag"]), float(r["MagErr"]), float(r["CI"]), float(r["D"]))
        for r in sim_planted.nova_light_curve()
    ]  # fmt: skip


def _nova_f814w(rng: np.random.Generator, plan: GroupPlan, rows: GroupRows) -> tuple:
    """The nova's 22 F814W points: the real F606W decline at the F814W epochs, redder by 0.35 mag."""
    real = sim_planted.nova_light_curve()
    mjd606 = np.array([float(r["MJD"]) for r in real])
    corr606 = np.array([float(r["CorrMag"]) for r in real])
    ep = plan.epochs["ACS_F814W"]
    limit = plan.limit("ACS_F814W")
    true = np.interp(ep.mjd, mjd606, corr606) - 0.35
    err = np.round(photometry.mag_error(true, limit), 4)
    corr = np.round(true + rng.normal(0, 1, len(true)) * photometry.true_scatter(err), 6)
    mag = np.round(corr + ep.zp_offset, 4)
    ci = np.round(FILTERS["ACS_F814W"].ci0 + rng.normal(0, 0.05, len(true)), 4)
    d = np.round(np.abs(rng.normal(0, 6.0, len(true))), 3)
    k = len(true)
    rows.detailed += _rows([NOVA_MATCH_ID] * k, ["ACS_F814W"] * k, ep.mjd, ep.names, mag, corr, err, ci, d)
    s = pipeline.light_curve_stats(mag, corr, err)
    return (
        NOVA_MATCH_ID, "ACS_F814W", 1, "AAAAC", k, round(float(s.mean_mag[0]), 3),
        round(float(s.mean_corr_mag[0]), 3), round(float(s.mad[0]), 4), round(float(s.chi2[0]), 4),
    )  # fmt: skip


def _planted_truth(obj: sim_planted.PlantedObject) -> tuple:
    note = "real HCV summary row"
    if obj.match_id == NOVA_MATCH_ID:
        return (obj.match_id, "nova", None, 2.0, None, None, note + "; real F606W light curve")
    if obj.match_id == M31_TOP_MATCH_ID:
        return (obj.match_id, "long_period", None, 2.2, None, None, note)
    if obj.expert_class == 4:
        return (obj.match_id, "artifact", None, None, "blend", None, note + "; expert: possible artifact")
    return (obj.match_id, "real_variable", None, None, None, None, note + "; kind not published")


# --------------------------------------------------------------------------------------------------- writing


def _image_rows(plan: GroupPlan, seed: int) -> list[tuple]:
    rows = []
    for f, ep in plan.epochs.items():
        orient, seeing = image_geometry(ep.names)
        for k, name in enumerate(ep.names):
            image_seed = int(np.random.default_rng([seed, plan.group_id, k, len(f)]).integers(0, 2**31))
            rows.append(
                (name, plan.group_id, f, float(ep.mjd[k]), plan.ra, plan.dec, int(ep.single_exposure),
                 round(float(ep.zp_offset[k]), 5), image_seed, round(float(orient[k]), 2),
                 round(float(seeing[k]), 4))
            )  # fmt: skip
    return rows


def _name_rows(plans: list[GroupPlan]) -> list[tuple]:
    names: dict[str, tuple] = {}
    for key, (ra, dec, canonical, otype) in NAMED_TARGETS.items():
        names[key.lower().replace(" ", "")] = (ra, dec, canonical, otype)
    for alias, target in ALIASES.items():
        names[alias] = names[target.lower().replace(" ", "")]
    for p in plans:
        key = p.target_name.lower().replace(" ", "")
        names.setdefault(key, (p.ra, p.dec, p.target_name.upper(), "G"))
    return [(k, *v) for k, v in sorted(names.items())]


def _insert(conn: sqlite3.Connection, rows: GroupRows) -> None:
    conn.executemany("INSERT INTO HCVmatch VALUES (?,?,?,?,?,?,?,?)", rows.match)
    conn.executemany("INSERT INTO HCVfilter VALUES (?,?,?,?,?,?,?,?,?)", rows.filter)
    conn.executemany("INSERT INTO HCVdetailed VALUES (?,?,?,?,?,?,?,?,?)", rows.detailed)
    conn.executemany("INSERT INTO sandbox_truth VALUES (?,?,?,?,?,?,?)", rows.truth)
    conn.executemany("INSERT INTO sandbox_thresholds VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows.thresholds)
    conn.executemany("INSERT INTO sandbox_artifact_hits VALUES (?,?,?,?,?,?,?)", rows.hits)


def build_universe(out_path: str | os.PathLike, scale: str = "demo", seed: int = 1) -> dict:
    """Build the universe of ``scale`` (tiny, demo, full) from ``seed`` into the SQLite file ``out_path``.

    An existing file is replaced (the new one is written beside it and renamed). Returns a summary with the
    keys groups, objects, candidates, multi_filter_candidates, measurements, images, seconds.
    """
    started = time.perf_counter()
    out = Path(out_path)
    tmp = out.with_name(out.name + ".building")
    tmp.unlink(missing_ok=True)
    plans = plan_universe(scale, seed)
    samples = sim_planted.load_samples()
    by_id = {p.group_id: p for p in plans}
    reserved = {mid for mid, obj in samples.items() if obj.group_id in by_id}
    total = sum(p.n_objects for p in plans)
    ids = assign_match_ids(np.random.default_rng([seed, 2]), total, reserved)
    store_all = scale != "full"

    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-200000")
        conn.executescript(TABLES_SQL)
        counts = {"objects": 0, "candidates": 0, "multi_filter_candidates": 0, "images": 0}
        start = 0
        quota, detection = pipeline.ExpertQuota(), pipeline.DetectionQuota()
        for plan in plans:
            group_ids = ids[start : start + plan.n_objects]
            rows = simulate_group(plan, seed, group_ids, store_all, quota, detection)
            start += plan.n_objects
            _insert(conn, rows)
            counts["objects"] += len(rows.match)
            counts["candidates"] += rows.candidates
            counts["multi_filter_candidates"] += rows.multi_filter
            images = _image_rows(plan, seed)
            conn.executemany("INSERT INTO sandbox_images VALUES (?,?,?,?,?,?,?,?,?,?,?)", images)
            counts["images"] += len(images)
            conn.execute("INSERT INTO Groups VALUES (?,?)", (plan.group_id, plan.target_name))
            conn.execute(
                "INSERT INTO sandbox_groups VALUES (?,?,?,?,?,?,?,?,?,?)",
                (plan.group_id, plan.ra, plan.dec, plan.radius_deg, plan.instrument, ",".join(plan.filters),
                 plan.n_epochs, round(plan.baseline_days, 4), plan.population, plan.distance_modulus),
            )  # fmt: skip
        planted = planted_rows(by_id, seed)
        _insert(conn, planted)
        counts["objects"] += len(planted.match)
        counts["candidates"] += planted.candidates
        counts["multi_filter_candidates"] += planted.multi_filter
        conn.executemany("INSERT INTO sandbox_names VALUES (?,?,?,?,?)", _name_rows(plans))
        conn.executescript(INDEX_SQL)
        counts["measurements"] = conn.execute("SELECT count(*) FROM HCVdetailed").fetchone()[0]
        summary = {"groups": len(plans), **counts, "seconds": round(time.perf_counter() - started, 2)}
        meta = {"seed": seed, "scale": scale, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        meta["hsc_v3_last_mjd"] = HSC_V3_LAST_MJD
        meta |= {f"build_{k}" if k == "seconds" else k: v for k, v in summary.items()}
        conn.executemany("INSERT INTO sandbox_meta VALUES (?,?)", [(k, str(v)) for k, v in meta.items()])
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, out)
    return summary

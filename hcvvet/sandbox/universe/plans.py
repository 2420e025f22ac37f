"""Plans of the simulated universe: instruments and filters, image groups, their HLA images and the names.

Everything here is a *plan* (sizes, positions, epochs, image names); the stars themselves are drawn in
``build.py`` with the models of ``photometry.py``. All randomness comes from numpy Generators seeded from the
build seed, so the same seed always gives the same plans.
"""

from __future__ import annotations

import csv
import string
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# ---------------------------------------------------------------------------------------------- instruments

FILTER_TABLE = Path(__file__).with_name("data") / "filters.csv"


@dataclass(frozen=True)
class FilterSpec:
    """One HCV filter (``INSTRUMENT_FILTER``) with the numbers the photometry model needs.

    ``mlim`` is the magnitude where a typical exposure reaches MagErr 0.2; ``colour_coeff`` converts the
    object's V-I colour into this band (m = V + colour_coeff * (V-I)); ``amp_factor`` scales pulsation
    amplitudes given in V.
    """

    name: str
    instrument: str  # as in the HCV filter name: ACS, WFC3, WFPC2
    detector: str  # as in HLA image names: wfc, uvis, ir, wf
    band: str  # lower case, e.g. f606w
    mlim: float
    colour_coeff: float
    pixel_scale_arcsec: float
    ci0: float  # concentration index of a point source
    saturation_mag: float

    @property
    def amp_factor(self) -> float:
        return float(np.clip(1.0 + 0.5 * self.colour_coeff, 0.3, 1.8))


def _filters() -> dict[str, FilterSpec]:
    """The filters of ``data/filters.csv`` (one row per filter, columns as ``FilterSpec``'s fields)."""
    specs = {}
    with FILTER_TABLE.open(newline="") as table:
        for row in csv.DictReader(table):
            name = f"{row['instrument']}_{row['band'].upper()}"
            numbers = {k: float(v) for k, v in row.items() if k not in ("instrument", "detector", "band")}
            specs[name] = FilterSpec(name, row["instrument"], row["detector"], row["band"], **numbers)
    return specs


FILTERS: dict[str, FilterSpec] = _filters()
INSTRUMENT_FILTERS = {
    inst: [name for name, spec in FILTERS.items() if spec.instrument == inst]
    for inst in ("ACS", "WFC3", "WFPC2")
}
# MJD ranges of observations: WFPC2 served from December 1993 (MJD 49330) to May 2009, ACS from March 2002,
# WFC3 from its first science images in mid 2009; HSC v3 holds images up to its data cut of October 2017
# (HSC_V3_LAST_MJD, 2017-10-01: no image of the HCV is later).
HSC_V3_LAST_MJD = 58027.0
INSTRUMENT_MJD_RANGE = {
    "WFPC2": (49330.0, 54960.0),
    "ACS": (52360.0, HSC_V3_LAST_MJD),
    "WFC3": (55050.0, HSC_V3_LAST_MJD),
}
# HST proposal ids grow with time: (MJD, typical id of a program observing then), from cycle 1 (1990) to
# cycle 25 (2017); e.g. 7755 in 1998, 10505/10543 in 2005 (IC 1613, M87), 11360 in 2009, 14000s in 2016.
PROPOSAL_ERA = np.array([
    (48000, 1000), (49330, 5000), (49900, 5900), (50300, 6400), (50700, 7000), (51200, 7800),
    (51600, 8200), (52000, 8800), (52400, 9300), (52800, 9700), (53200, 10100), (53650, 10500),
    (54100, 10900), (54800, 11100), (55100, 11500), (55500, 12000), (55900, 12400), (56300, 12800),
    (56700, 13200), (57100, 13600), (57500, 14100), (57900, 14600), (58100, 15000),
], dtype=float)  # fmt: skip


class ProposalPool:
    """Distinct proposal ids of the era of a date.

    ``near(mjd)`` returns an unused id close to the typical id of programs observing at ``mjd`` (within a few
    hundred), so image names never collide between groups.
    """

    def __init__(self, rng: np.random.Generator, reserved: set[int]) -> None:
        self.rng = rng
        self.used = set(reserved)

    def near(self, mjd: float) -> int:
        typical = float(np.interp(mjd, PROPOSAL_ERA[:, 0], PROPOSAL_ERA[:, 1]))
        for spread in (150, 400, 1000, 3000):
            # Never much older than the era's typical id: no program predates its instrument.
            drawn = round(typical + int(self.rng.integers(-spread, spread + 1)))
            candidate = max(drawn, round(typical) - 150)
            if candidate not in self.used and 1000 <= candidate <= 99999:
                self.used.add(candidate)
                return candidate
        candidate = max(self.used) + 1
        self.used.add(candidate)
        return candidate


def image_name(proposal: int, visit: str, spec: FilterSpec) -> str:
    """HLA-style image name: ``hst_10543_29_acs_wfc_f606w``, ``hst_11360_01_wfc3_uvis_f555w``.

    The HLA puts the WFPC2 detector after the filter: ``hst_05370_02_wfpc2_f814w_wf``.
    """
    if spec.instrument == "WFPC2":
        return f"hst_{proposal:05d}_{visit}_wfpc2_{spec.band}_{spec.detector}"
    return f"hst_{proposal:05d}_{visit}_{spec.instrument.lower()}_{spec.detector}_{spec.band}"


def image_geometry(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Orientation (degrees) and PSF width (FWHM relative to nominal) of HLA images, derived from their names.

    The images of one visit (``hst_PPPPP_VV``) share the telescope roll; the PSF width changes from image to
    image (focus breathing, jitter). Derived from a hash of the name, so they never depend on draw order.
    """
    orient = np.array([zlib.crc32(n[:12].encode()) % 36000 / 100.0 for n in names])
    seeing = np.array([0.85 + 0.4 * (zlib.crc32(n.encode()) % 10000) / 10000.0 for n in names])
    return orient, seeing


VISIT_ALPHABET = string.digits + string.ascii_lowercase


def visit_codes(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct two-character HLA visit codes in ``[0-9a-z]``, in increasing time order of use."""
    codes = rng.choice(36 * 36 - 1, size=n, replace=False) + 1
    codes.sort()
    return [VISIT_ALPHABET[c // 36] + VISIT_ALPHABET[c % 36] for c in codes]


# -------------------------------------------------------------------------------------------------- groups

# Populations of fields (``GroupPlan.population``): probability of a random field and its distance moduli.
# Deep fields look through the Galaxy at background galaxies (no distance: only AGN and foreground stars).
POPULATIONS = {
    "local_group": (0.22, (18.5, 25.0)),
    "galaxy": (0.33, (25.0, 29.5)),
    "distant_galaxy": (0.2, (29.5, 35.0)),
    "globular_cluster": (0.12, (13.0, 16.5)),
    "deep_field": (0.13, None),
}
# V absolute magnitudes of each kind of variable (bright, faint); a kind lives in a field only where it falls
# between saturation and the detection limit. Cepheids and RR Lyrae are standard candles (``build``).
ABSOLUTE_V = {
    "cepheid": (-6.1, -2.5),
    "rr_lyrae": (0.45, 0.75),
    "eclipsing_binary": (-6.0, 9.0),
    "long_period": (-5.0, 0.5),
    "nova": (-9.0, -6.0),
}
NATURE_MIX_DEEP = {"agn": 0.8, "eclipsing_binary": 0.12, "long_period": 0.08}  # AGN and foreground stars
NATURE_MIX_CLUSTER = {"rr_lyrae": 0.3, "eclipsing_binary": 0.55, "long_period": 0.1, "agn": 0.05}

FILTER_COUNT_WEIGHTS = [0.44, 0.31, 0.12, 0.065, 0.035, 0.02, 0.01]  # P(1..7 filters) of a random field
COLOUR_THINNED_SHARE = 0.6  # share of a random field's colour filters observed at a few visits only
# Spread (mag) of the exposure depth between the filters of a random field: observers set each filter's
# exposure to reach about the same depth on their targets, so the filters differ by a few tenths of a mag.
FILTER_DEPTH_SPREAD = 0.4
RANDOM_VARIABLE_FRACTION = (0.16, 0.24)  # range of the share of variables among a random field's objects

NATURE_MIX_DEFAULT = {
    "cepheid": 0.10,
    "rr_lyrae": 0.22,
    "eclipsing_binary": 0.30,
    "long_period": 0.30,
    "nova": 0.01,
    "agn": 0.07,
}


@dataclass
class Epochs:
    """The images of one filter of a group: names, MJDs and per-image zero-point offsets."""

    filter: str
    names: list[str]
    mjd: np.ndarray
    zp_offset: np.ndarray
    single_exposure: bool


@dataclass
class GroupPlan:
    """Everything needed to simulate one image group.

    ``coverage`` gives, for each filter subset (tuple of filter names), the number of objects measured in
    exactly those filters. ``variable_fraction`` and ``artifact_fraction`` are fractions of all objects;
    ``validated`` holds the AutoClasses of the candidates experts classified (the catalogue's ExpertClass):
    ``(1, 2)`` all of them, ``(2,)`` the multi-filter ones, ``()`` none, or None to let the build choose with
    ``expert_draw`` (a uniform draw) so that the catalogue keeps the real validated counts
    (``pipeline.ExpertQuota``).
    """

    group_id: int
    target_name: str
    ra: float
    dec: float
    radius_deg: float
    instrument: str
    epochs: dict[str, Epochs]
    coverage: dict[tuple[str, ...], int]
    variable_fraction: float
    artifact_fraction: float
    nature_mix: dict[str, float]
    depth_offset: float
    validated: tuple[int, ...] | None
    filter_depth: dict[str, float] = field(
        default_factory=dict
    )  # per-filter exposure depth, added to the group's
    subgroups: tuple[int, ...] = (-5,)
    distance_modulus: float | None = 24.3  # None: a deep field, no population at one distance
    population: str = "galaxy"  # one of POPULATIONS
    aliases: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    # (filters, n): solve the field's MAD threshold so that n simulated objects measured in exactly those
    # filters become candidates (a field whose real count is known); None keeps the default threshold.
    candidates_target: tuple[tuple[str, ...], int] | None = None
    expert_draw: float = 1.0
    # True: the build sets the field's threshold so that the open fields keep the real rate of candidates
    # (``pipeline.DetectionQuota``); False: the default threshold (or the one ``candidates_target`` solves).
    open_threshold: bool = False

    def limit(self, filter_name: str) -> float:
        """Magnitude where MagErr reaches 0.2 in this group's images of ``filter_name``."""
        return FILTERS[filter_name].mlim + self.depth_offset + self.filter_depth.get(filter_name, 0.0)

    @property
    def n_objects(self) -> int:
        return sum(self.coverage.values())

    @property
    def filters(self) -> list[str]:
        return list(self.epochs)

    @property
    def baseline_days(self) -> float:
        return float(max(e.mjd.max() - e.mjd.min() for e in self.epochs.values()))

    @property
    def n_epochs(self) -> int:
        return max(len(e.names) for e in self.epochs.values())


def make_epochs(
    rng: np.random.Generator,
    filters: list[str],
    proposals: list[int] | tuple[ProposalPool, int],
    n_epochs: int,
    start_mjd: float,
    baseline_days: float,
    single_exposure: set[str],
    zp_sigma: float = 0.012,
) -> dict[str, Epochs]:
    """Images of a group: ``n_epochs`` visits, each visit observing every filter a few minutes apart.

    Long baselines are split between the proposals in ``proposals`` (one program per stretch of time), or
    between ``count`` proposals drawn from ``(pool, count)`` for the date each stretch starts.
    """
    times = np.sort(rng.uniform(0.0, baseline_days, n_epochs))
    times[0], times[-1] = 0.0, baseline_days
    # Visit codes per proposal: the epochs of each proposal are a contiguous stretch in time.
    count = proposals[1] if isinstance(proposals, tuple) else len(proposals)
    chunks = np.array_split(np.arange(n_epochs), count)
    if isinstance(proposals, tuple):
        proposals = [proposals[0].near(start_mjd + times[c[0]]) for c in chunks]
    visits: list[tuple[int, str]] = []
    for proposal, chunk in zip(proposals, chunks, strict=True):
        visits += [(proposal, code) for code in visit_codes(rng, len(chunk))]
    out: dict[str, Epochs] = {}
    for k, name in enumerate(filters):
        spec = FILTERS[name]
        mjd = start_mjd + times + 0.012 * (k + 1) + rng.uniform(0, 0.004, n_epochs)
        zp = rng.normal(0.0, zp_sigma, n_epochs)
        bad = rng.random(n_epochs) < 0.03  # an occasional badly calibrated image
        zp[bad] += rng.choice([-1, 1], bad.sum()) * rng.uniform(0.04, 0.1, bad.sum())
        names = [image_name(p, v, spec) for p, v in visits]
        out[name] = Epochs(name, names, mjd, zp, name in single_exposure)
    return out


# --------------------------------------------------------------------------------------- named, real groups

IC1613_GROUP = 69810
M87_GROUP = 1072340
M31_GROUP = 1045904
NOVA_MATCH_ID = 1905457
M31_TOP_MATCH_ID = 5742711

M87_F606W_VISITS = [
    "29", "30", "31", "33", "35", "37", "38", "39", "40", "42", "43",
    "44", "47", "73", "86", "92", "49", "a1", "b8", "50", "c4",
]  # fmt: skip

# Names Name.Lookup must resolve to the real resolver positions (not the group centres).
NAMED_TARGETS = {
    "IC 1613": (16.2016962, 2.1194959, "IC 1613", "G"),
    "M87": (187.70593, 12.39112, "MESSIER 087", "G"),
    "M31": (10.68471, 41.26875, "MESSIER 031", "G"),
}
ALIASES = {"messier87": "M87", "ngc4486": "M87", "messier31": "M31", "ngc224": "M31", "ic1613": "IC 1613"}


# The ACS fields of the named groups: GroupID -> (target, RA, Dec, radius in degrees).
NAMED_FIELDS = {
    IC1613_GROUP: ("IC 1613", 16.118, 2.158, 0.045),
    M87_GROUP: ("M87", 187.7059, 12.3911, 0.03),
    M31_GROUP: ("M31", 10.9286, 41.1643, 0.03),
}


def _named_plan(
    group_id: int, epochs: dict[str, Epochs], coverage: dict[tuple[str, ...], int], **details: Any
) -> GroupPlan:
    """The plan of a named group's field (``NAMED_FIELDS``) with these images, coverage and details."""
    target, ra, dec, radius_deg = NAMED_FIELDS[group_id]
    return GroupPlan(group_id, target, ra, dec, radius_deg, "ACS", epochs, coverage, **details)


def _ic1613(rng: np.random.Generator, factor: float) -> GroupPlan:
    filters = ["ACS_F475W", "ACS_F814W"]
    epochs = make_epochs(rng, filters, [10505], 12, 53594.3, 2.4, set())
    both = round(17090 * factor)
    single = round(3008 * factor)
    return _named_plan(
        IC1613_GROUP,
        epochs,
        {tuple(filters): both, ("ACS_F475W",): single, ("ACS_F814W",): single},
        variable_fraction=0.072,
        artifact_fraction=0.006,  # a sparse dwarf galaxy: few blends and bright neighbours
        # LCID found about a hundred RR Lyrae and Cepheids among these stars: most variables are binaries.
        nature_mix={
            "cepheid": 0.04,
            "rr_lyrae": 0.08,
            "eclipsing_binary": 0.6,
            "long_period": 0.2,
            "agn": 0.08,
        },
        depth_offset=0.2,
        validated=(1, 2),
        distance_modulus=24.4,
        population="local_group",
    )


def _m87(rng: np.random.Generator, n_objects: int, nova_csv_mjd: np.ndarray) -> GroupPlan:
    f606 = FILTERS["ACS_F606W"]
    f814 = FILTERS["ACS_F814W"]
    zp = rng.normal(0.0, 0.012, len(M87_F606W_VISITS))
    epochs = {
        "ACS_F606W": Epochs(
            "ACS_F606W", [image_name(10543, v, f606) for v in M87_F606W_VISITS], nova_csv_mjd, zp, True
        )
    }
    # The F814W images come from the same visits, plus one extra visit: 22 points for the nova.
    visits814 = [*M87_F606W_VISITS, "48"]
    mjd814 = np.append(nova_csv_mjd + 0.0215, 53791.04)
    order = np.argsort(mjd814, kind="stable")
    epochs["ACS_F814W"] = Epochs(
        "ACS_F814W",
        [image_name(10543, visits814[i], f814) for i in order],
        mjd814[order],
        rng.normal(0.0, 0.012, len(visits814)),
        False,
    )
    both = round(n_objects * 0.72)
    rest = n_objects - both
    return _named_plan(
        M87_GROUP,
        epochs,
        {("ACS_F606W", "ACS_F814W"): both, ("ACS_F606W",): rest // 2, ("ACS_F814W",): rest - rest // 2},
        variable_fraction=0.09,
        artifact_fraction=0.04,
        # About 30 novae erupted in M87 during the 2005-2006 monitoring (Shara et al. 2016); the rest are
        # giants near the tip of the red-giant branch, the only stars resolved at its distance.
        nature_mix={"nova": 0.06, "long_period": 0.5, "cepheid": 0.2, "agn": 0.04, "eclipsing_binary": 0.2},
        depth_offset=-1.0,  # bright galaxy background
        validated=(2,),  # experts took the multi-filter candidates (the real nova among them)
        subgroups=(-5, -5, -5, 0),
        distance_modulus=31.1,
        population="distant_galaxy",
    )


def _m31(rng: np.random.Generator, n_objects: int) -> GroupPlan:
    epochs = make_epochs(rng, ["ACS_F814W"], [10407], 8, 53671.2, 380.0, set())
    return _named_plan(
        M31_GROUP,
        epochs,
        {("ACS_F814W",): n_objects},
        variable_fraction=0.5,
        artifact_fraction=0.01,
        nature_mix={"long_period": 0.45, "cepheid": 0.25, "eclipsing_binary": 0.25, "rr_lyrae": 0.05},
        depth_offset=0.0,
        validated=(),
        subgroups=(16, 16, 0, 2),
        distance_modulus=24.4,
        population="local_group",
    )


# Groups of the other real rows of shared/data/hcvsummary_samples.csv: (GroupID, target, ra, dec, filters).
# Last two: population and distance modulus (literature values).
SAMPLE_GROUPS = [
    (1045442, "IC1613-WFPC2", 16.036, 2.195, ["WFPC2_F814W"], 12, "local_group", 24.4),
    (1045196, "EGS", 215.15, 53.09, ["ACS_F606W", "ACS_F814W"], 6, "deep_field", None),
    (56019, "SMC-NGC 261", 11.33, -73.24, ["ACS_F475W", "ACS_F775W"], 14, "local_group", 18.9),
    (1033762, "NGC 147", 8.21, 48.39, ["ACS_F606W", "ACS_F814W"], 8, "local_group", 24.15),
    (1053852, "M101", 210.79, 54.28, ["WFC3_F110W", "WFC3_F160W"], 6, "galaxy", 29.05),
    (1043384, "NGC 4258", 184.74, 47.26, ["ACS_F606W"], 5, "galaxy", 29.4),
    (1033573, "NGC 185", 9.74, 48.45, ["ACS_F606W", "ACS_F814W"], 7, "local_group", 24.0),
    (33470, "NGC 2808", 138.0, -64.85, ["WFC3_F275W", "WFC3_F336W", "WFC3_F438W"], 6, "globular_cluster",
     15.6),
    (439774, "47 TUC", 5.67, -72.03, ["ACS_F435W", "ACS_F606W", "ACS_F814W"], 7, "globular_cluster", 13.4),
]  # fmt: skip


def population_mix(population: str) -> dict[str, float]:
    """The kinds of variables of a field of ``population`` before the distance check (``build``)."""
    return {"deep_field": NATURE_MIX_DEEP, "globular_cluster": NATURE_MIX_CLUSTER}.get(
        population, NATURE_MIX_DEFAULT
    )


# --------------------------------------------------------------------------------------------- random groups

_NAME_PREFIXES = (("NGC", 7840), ("IC", 5386), ("UGC", 12900))
_RESERVED_NAMES = {"NGC 224", "NGC 4486", "IC 1613", "NGC 147", "NGC 185", "NGC 4258", "NGC 2808", "NGC 261"}


def random_target_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct catalogue-style target names (NGC/IC/UGC numbers), none of the named targets."""
    pool_sizes = [size for _, size in _NAME_PREFIXES]
    picks = rng.choice(sum(pool_sizes), size=min(n + 20, sum(pool_sizes)), replace=False)
    names: list[str] = []
    for p in picks:
        offset = int(p)
        for prefix, size in _NAME_PREFIXES:
            if offset < size:
                name = f"{prefix} {offset + 1}"
                break
            offset -= size
        if name not in _RESERVED_NAMES:
            names.append(name)
    return names[:n]


def random_group(
    rng: np.random.Generator, group_id: int, target_name: str, n_objects: int, proposals: ProposalPool
) -> GroupPlan:
    """A random group: instrument, 1-7 filters, 5-120 epochs, a baseline from hours to 16 years."""
    instrument = str(rng.choice(["ACS", "WFC3", "WFPC2"], p=[0.5, 0.3, 0.2]))
    pool = INSTRUMENT_FILTERS[instrument]
    # Most fields have one or two filters with five or more epochs; deep multi-band fields have six or more.
    n_filters = min(int(rng.choice(np.arange(1, 8), p=FILTER_COUNT_WEIGHTS)), len(pool))
    filters = sorted(rng.choice(pool, size=n_filters, replace=False).tolist())
    # Most HCV light curves have fewer than 10 points; a few fields were monitored intensively.
    n_epochs = int(
        np.clip(np.round(5 + rng.exponential(4.0) + (rng.random() < 0.08) * rng.uniform(10, 110)), 5, 120)
    )
    lo, hi = INSTRUMENT_MJD_RANGE[instrument]
    baseline = float(np.exp(rng.uniform(np.log(0.15), np.log(min(16 * 365.25, hi - lo - 1)))))
    start = float(rng.uniform(lo, hi - baseline))
    n_prop = 1 if baseline < 3 * 365.25 else min(3, 1 + int(baseline // (4 * 365.25)))
    # Single exposures (no CR-split) leave cosmic rays; WFC3/IR fits the ramp and removes them.
    single = {f for f in filters if FILTERS[f].detector != "ir" and rng.random() < 0.25}
    epochs = make_epochs(rng, filters, (proposals, n_prop), n_epochs, start, baseline, single)
    # Monitoring programs often take the colour filters at a few of the visits only (e.g. 12 F555W and
    # 5 F814W epochs of a Cepheid field): fewer points, never fewer than the five a search needs.
    for f in filters[1:]:
        if rng.random() < COLOUR_THINNED_SHARE:
            keep = np.sort(
                rng.choice(n_epochs, max(5, round(n_epochs * rng.uniform(0.25, 0.6))), replace=False)
            )
            ep = epochs[f]
            epochs[f] = Epochs(
                f, [ep.names[i] for i in keep], ep.mjd[keep], ep.zp_offset[keep], ep.single_exposure
            )
    coverage = _random_coverage(rng, filters, n_objects)
    ra = float(rng.uniform(0, 360))
    dec = float(np.degrees(np.arcsin(rng.uniform(-1, 1))))
    subgroups = (-5,) if rng.random() < 0.6 else tuple(int(x) for x in rng.choice([-5, 0, 1, 2, 8, 16], 3))
    names = list(POPULATIONS)
    population = names[int(rng.choice(len(names), p=[POPULATIONS[k][0] for k in names]))]
    mu_range = POPULATIONS[population][1]
    return GroupPlan(
        group_id=group_id,
        target_name=target_name,
        ra=ra,
        dec=dec,
        radius_deg=float(rng.uniform(0.02, 0.06)),
        instrument=instrument,
        epochs=epochs,
        coverage=coverage,
        variable_fraction=float(rng.uniform(*RANDOM_VARIABLE_FRACTION)),
        artifact_fraction=float(rng.uniform(0.011, 0.027)),
        nature_mix=population_mix(population),
        depth_offset=float(rng.normal(0.0, 0.5)),
        validated=None,
        expert_draw=float(rng.random()),
        open_threshold=True,
        filter_depth={f: float(rng.normal(0.0, FILTER_DEPTH_SPREAD)) for f in filters},
        subgroups=subgroups,
        distance_modulus=None if mu_range is None else float(rng.uniform(*mu_range)),
        population=population,
    )


def _random_coverage(
    rng: np.random.Generator, filters: list[str], n_objects: int
) -> dict[tuple[str, ...], int]:
    if len(filters) == 1:
        return {(filters[0],): n_objects}
    all_share = rng.uniform(0.45, 0.85)
    n_all = round(n_objects * all_share)
    rest = n_objects - n_all
    split = rng.multinomial(rest, [1 / len(filters)] * len(filters))
    coverage = {tuple(filters): n_all}
    for f, n in zip(filters, split, strict=True):
        coverage[(f,)] = coverage.get((f,), 0) + int(n)
    return coverage


def sample_group(rng: np.random.Generator, row: tuple, n_objects: int, proposals: ProposalPool) -> GroupPlan:
    """A group of one of the real sample rows, at its real position and with its real filters."""
    group_id, target, ra, dec, filters, n_epochs, population, distance_modulus = row
    instrument = FILTERS[filters[0]].instrument
    lo, hi = INSTRUMENT_MJD_RANGE[instrument]
    baseline = float(np.exp(rng.uniform(np.log(2.0), np.log(1500.0))))
    start = float(rng.uniform(lo, hi - baseline))
    epochs = make_epochs(rng, filters, (proposals, 1), n_epochs + 1, start, baseline, set())
    return GroupPlan(
        group_id=group_id,
        target_name=target,
        ra=ra,
        dec=dec,
        radius_deg=0.03,
        instrument=instrument,
        epochs=epochs,
        coverage=_random_coverage(rng, filters, n_objects),
        variable_fraction=0.08,
        artifact_fraction=0.016,
        nature_mix=population_mix(population),
        depth_offset=0.0,
        validated=(1, 2),
        subgroups=(-5, 0, 2, 8, 16),
        distance_modulus=distance_modulus,
        population=population,
    )


def named_groups(rng: np.random.Generator, scale: str, nova_mjd: np.ndarray) -> list[GroupPlan]:
    """IC 1613, M87 and M31 at the size of ``scale`` (``tiny`` reduces them for tests)."""
    if scale == "tiny":
        return [_ic1613(rng, 1200 / 17090), _m87(rng, 600, nova_mjd), _m31(rng, 300)]
    return [_ic1613(rng, 1.0), _m87(rng, 6000, nova_mjd), _m31(rng, 20000)]

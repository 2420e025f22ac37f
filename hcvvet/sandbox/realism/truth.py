"""Figures about the sandbox's hidden ground truth (``sandbox_truth``), measured against the served rows.

The ground truth is never served by a MAST endpoint; these figures check that what it says (this object is a
cosmic ray on that image, this one an RR Lyrae star) leaves the traces the real catalogue would show.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

import numpy as np

from .measures import WFC3_IR_FILTERS, ImageName, has_table

TRACE_SIGMAS = 5.0  # an epoch "stands out" when its CI or D is this many robust sigmas off the other epochs
TRACE_FLOOR = 1e-3  # the least robust sigma, so identical values elsewhere do not make every change infinite
CONTROL_OBJECTS = 2000

# True distance moduli of the named targets (literature values rounded to 0.1 mag [approximate]): globular
# clusters, the SMC, Local Group dwarfs and M31, and the distant galaxies of the paper's examples.
DISTANCE_MODULI = {
    "47 TUC": 13.3,
    "NGC 2808": 15.0,
    "SMC-NGC 261": 18.9,
    "NGC 185": 24.0,
    "NGC 147": 24.2,
    "IC 1613": 24.3,
    "IC1613-WFPC2": 24.3,
    "M31": 24.4,
    "M101": 29.1,
    "NGC 4258": 29.4,
    "M87": 31.1,
}
# Absolute magnitudes in optical filters (400-900 nm), colour included: RR Lyrae stars near +0.6 (V) and
# +0.2 (I); classical Cepheids from about -1.5 (P = 1 d) to -7.5 (P = 100 d). Apparent magnitudes may be up
# to EXTINCTION_ALLOWANCE fainter (foreground and internal extinction) and 0.3 mag brighter (scatter).
CANDLE_ABSOLUTE = {"rr_lyrae": (-0.5, 1.5), "cepheid": (-8.0, -1.0)}
EXTINCTION_ALLOWANCE, BRIGHT_ALLOWANCE = 1.0, 0.3
OPTICAL_NM = (400, 900)


def _fault_images(artifact_image: str | None, notes: str | None) -> set[str]:
    """The images an artifact's truth row blames: ``artifact_image`` and any ``hits=a,b`` in its notes."""
    names = {artifact_image} if artifact_image else set()
    for part in (notes or "").replace(";", " ").split():
        if part.startswith("hits="):
            names.update(n for n in part[len("hits=") :].split(",") if n)
    return names


@dataclass(frozen=True)
class CosmicRays:
    """Cosmic-ray artifacts of the ground truth and the images they are blamed on."""

    artifacts: int
    on_wfc3_ir: int
    fault_images: int
    on_single_exposure: int


def measure_cosmic_rays(conn: sqlite3.Connection) -> CosmicRays | None:
    """From the hidden ground truth: cosmic-ray artifacts on WFC3/IR images and on single exposures."""
    if not has_table(conn, "sandbox_truth"):
        return None
    rows = conn.execute(
        "SELECT MatchID, artifact_image, notes FROM sandbox_truth WHERE artifact = 'cosmic_ray'"
    ).fetchall()
    single = {}
    if has_table(conn, "sandbox_images"):
        single = dict(conn.execute("SELECT ImageName, single_exposure FROM sandbox_images").fetchall())
    on_ir = 0
    images: set[str] = set()
    for match_id, artifact_image, notes in rows:
        blamed = _fault_images(artifact_image, notes)
        images |= blamed
        ir_image = any((p := ImageName.parse(n)) and p.detector == "ir" for n in blamed)
        if not blamed:  # no image recorded: an object measured only in WFC3/IR filters can only be hit there
            filters = {
                r[0] for r in conn.execute("SELECT Filter FROM HCVfilter WHERE MatchID = ?", (match_id,))
            }
            ir_image = bool(filters) and filters <= WFC3_IR_FILTERS
        on_ir += ir_image
    return CosmicRays(
        artifacts=len(rows),
        on_wfc3_ir=on_ir,
        fault_images=len(images),
        on_single_exposure=sum(1 for n in images if single.get(n) == 1),
    )


# ------------------------------------------------------------------------------------------------ CI and D


@dataclass(frozen=True)
class EpochTraces:
    """How often the examined epochs stand out from the other epochs of their light curve in CI or D."""

    epochs: int
    ci_off: int
    ci_or_d_off: int

    @property
    def ci_fraction(self) -> float | None:
        return self.ci_off / self.epochs if self.epochs else None

    @property
    def ci_or_d_fraction(self) -> float | None:
        return self.ci_or_d_off / self.epochs if self.epochs else None


def robust_offsets(at: float, others: np.ndarray) -> float:
    """|at - median(others)| in robust sigmas (1.4826 MAD of ``others``, at least ``TRACE_FLOOR``)."""
    centre = float(np.median(others))
    sigma = max(1.4826 * float(np.median(np.abs(others - centre))), TRACE_FLOOR)
    return abs(at - centre) / sigma


def _light_curve(conn: sqlite3.Connection, match_id: int, filter_name: str) -> list[tuple[str, float, float]]:
    return conn.execute(
        "SELECT ImageName, CI, D FROM HCVdetailed WHERE MatchID = ? AND Filter = ? AND CI IS NOT NULL "
        "AND D IS NOT NULL",
        (match_id, filter_name),
    ).fetchall()


def _traces(conn: sqlite3.Connection, hits: dict[tuple[int, str], set[str]]) -> EpochTraces:
    """Examine every hit epoch of each (MatchID, Filter) light curve against its epochs without a hit."""
    examined = ci_off = either = 0
    for (match_id, filter_name), images in hits.items():
        rows = _light_curve(conn, match_id, filter_name)
        others = np.array([(ci, d) for name, ci, d in rows if name not in images], dtype=float)
        if len(others) < 4:
            continue
        for _, ci, d in (r for r in rows if r[0] in images):
            examined += 1
            ci_z = robust_offsets(ci, others[:, 0])
            d_z = robust_offsets(d, others[:, 1])
            ci_off += ci_z > TRACE_SIGMAS
            either += max(ci_z, d_z) > TRACE_SIGMAS
    return EpochTraces(examined, ci_off, either)


def artifact_hits(conn: sqlite3.Connection, kinds: tuple[str, ...]) -> dict[tuple[int, str], set[str]]:
    """The images each artifact of ``kinds`` is blamed on, per (MatchID, Filter) of its light curves.

    Every measurement the artifact changed (``sandbox_artifact_hits``) where the builder records them, else
    the one image of its largest trace (``sandbox_truth.artifact_image``).
    """
    marks = ",".join("?" * len(kinds))
    if has_table(conn, "sandbox_artifact_hits"):
        sql = f"""SELECT h.MatchID, h.Filter, h.ImageName FROM sandbox_artifact_hits h
                  JOIN sandbox_truth t ON t.MatchID = h.MatchID WHERE t.artifact IN ({marks})"""  # noqa: S608
    else:
        sql = f"""SELECT t.MatchID, d.Filter, t.artifact_image FROM sandbox_truth t
                  JOIN HCVdetailed d ON d.MatchID = t.MatchID AND d.ImageName = t.artifact_image
                  WHERE t.artifact IN ({marks})"""  # noqa: S608 (placeholders only)
    hits: dict[tuple[int, str], set[str]] = {}
    for match_id, filter_name, image in conn.execute(sql, kinds):
        hits.setdefault((match_id, filter_name), set()).add(image)
    return hits


def measure_artifact_traces(conn: sqlite3.Connection, kinds: tuple[str, ...]) -> EpochTraces | None:
    """CI and D at the epochs artifacts of ``kinds`` hit, against the same light curve's other epochs."""
    if not has_table(conn, "sandbox_truth"):
        return None
    return _traces(conn, artifact_hits(conn, kinds))


def _clean_light_curves(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(MatchID, Filter) of the first stored light curve of up to ``CONTROL_OBJECTS`` true variables."""
    return conn.execute(
        """SELECT t.MatchID, min(d.Filter) FROM sandbox_truth t JOIN HCVdetailed d ON d.MatchID = t.MatchID
           WHERE t.nature NOT IN ('constant', 'artifact') AND t.artifact IS NULL
           GROUP BY t.MatchID ORDER BY t.MatchID LIMIT ?""",
        (CONTROL_OBJECTS,),
    ).fetchall()


def measure_control_traces(conn: sqlite3.Connection) -> EpochTraces | None:
    """CI and D at the first epoch of true variables (no artifact): how often a clean epoch stands out."""
    if not has_table(conn, "sandbox_truth"):
        return None
    hits = {}
    for match_id, filter_name in _clean_light_curves(conn):
        first = conn.execute(
            "SELECT ImageName FROM HCVdetailed WHERE MatchID = ? AND Filter = ? ORDER BY MJD LIMIT 1",
            (match_id, filter_name),
        ).fetchone()
        hits[(match_id, filter_name)] = {first[0]}
    return _traces(conn, hits)


def _median_d_scatter(conn: sqlite3.Connection, curves: list[tuple[int, str]]) -> float | None:
    """Median over light curves of the robust sigma (1.4826 MAD) of D."""
    sigmas = []
    for match_id, filter_name in curves:
        d = np.array([r[2] for r in _light_curve(conn, match_id, filter_name)], dtype=float)
        if len(d) >= 5:
            sigmas.append(1.4826 * float(np.median(np.abs(d - np.median(d)))))
    return float(np.median(sigmas)) if sigmas else None


def measure_blend_d_scatter(conn: sqlite3.Connection) -> float | None:
    """Scatter of D across the epochs of blends over that of clean true variables (median robust sigmas).

    A blend's centroid follows the seeing and the orientation of each visit, so its D wanders more.
    """
    if not has_table(conn, "sandbox_truth"):
        return None
    blends = sorted(artifact_hits(conn, ("blend",)))
    if not has_table(conn, "sandbox_artifact_hits"):  # only the largest trace is known: take all its curves
        blends = conn.execute(
            """SELECT DISTINCT d.MatchID, d.Filter FROM sandbox_truth t
               JOIN HCVdetailed d ON d.MatchID = t.MatchID WHERE t.artifact = 'blend'"""
        ).fetchall()
    blend_sigma = _median_d_scatter(conn, blends[:CONTROL_OBJECTS])
    clean_sigma = _median_d_scatter(conn, _clean_light_curves(conn))
    if blend_sigma is None or not clean_sigma:
        return None
    return blend_sigma / clean_sigma


# ------------------------------------------------------------------------------------------------ distances


def optical(filter_name: str) -> bool:
    """Whether an ``INSTRUMENT_FILTER`` name is an optical filter (400-900 nm; WFC3/IR never)."""
    if filter_name in WFC3_IR_FILTERS:
        return False
    match = re.search(r"_F(\d{3})[WMNL]", filter_name)
    return match is not None and OPTICAL_NM[0] <= int(match.group(1)) <= OPTICAL_NM[1]


@dataclass(frozen=True)
class CandleDistances:
    """Per kind of standard candle: how many are in groups of known distance, how many at impossible mags."""

    candles: dict[str, int]
    misplaced: dict[str, int]

    @property
    def worst_fraction(self) -> float | None:
        """The larger misplaced fraction of the two kinds (None: no candle in a group of known distance)."""
        fractions = [self.misplaced.get(k, 0) / n for k, n in self.candles.items() if n]
        return max(fractions) if fractions else None


def measure_candle_distances(conn: sqlite3.Connection) -> CandleDistances | None:
    """RR Lyrae stars and Cepheids whose optical MeanMag does not fit their group's distance.

    Groups of known distance are the named targets of ``DISTANCE_MODULI`` (and any group with a recorded
    ``distance_modulus`` in ``sandbox_groups``, if the builder records one).
    """
    if not has_table(conn, "sandbox_truth"):
        return None
    moduli = {
        gid: DISTANCE_MODULI[name.upper()]
        for gid, name in conn.execute("SELECT GroupID, TargetName FROM Groups")
        if name.upper() in DISTANCE_MODULI
    }
    columns = {r[1] for r in conn.execute("PRAGMA table_info(sandbox_groups)")}
    if "distance_modulus" in columns:
        for gid, mu in conn.execute("SELECT GroupID, distance_modulus FROM sandbox_groups"):
            if mu is not None:
                moduli.setdefault(gid, float(mu))
    marks = ",".join("?" * len(CANDLE_ABSOLUTE))
    rows = conn.execute(
        f"""SELECT t.MatchID, t.nature, m.GroupID, f.Filter, f.MeanMag FROM sandbox_truth t
            CROSS JOIN HCVmatch m ON m.MatchID = t.MatchID CROSS JOIN HCVfilter f ON f.MatchID = t.MatchID
            WHERE t.nature IN ({marks}) AND f.MeanMag IS NOT NULL""",  # noqa: S608 (placeholders only)
        tuple(CANDLE_ABSOLUTE),
    ).fetchall()
    candles: dict[str, set[int]] = {kind: set() for kind in CANDLE_ABSOLUTE}
    misplaced: dict[str, set[int]] = {kind: set() for kind in CANDLE_ABSOLUTE}
    for match_id, nature, group_id, filter_name, mean_mag in rows:
        mu = moduli.get(group_id)
        if mu is None:
            continue
        candles[nature].add(match_id)
        brightest, faintest = CANDLE_ABSOLUTE[nature]
        low, high = mu + brightest - BRIGHT_ALLOWANCE, mu + faintest + EXTINCTION_ALLOWANCE
        if optical(filter_name) and not low <= mean_mag <= high:
            misplaced[nature].add(match_id)
    return CandleDistances({k: len(v) for k, v in candles.items()}, {k: len(v) for k, v in misplaced.items()})

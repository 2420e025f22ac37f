"""Figures measured on a built universe file, by plain SQL and numpy over the served tables.

Nothing here imports the simulator: every figure is recomputed from the rows the sandbox writes, so a fault of
the generator cannot hide itself. Of the hidden ``sandbox_*`` tables only the image list and the recorded
scale are read here; figures about the hidden ground truth are in ``truth``.

Each public ``measure_*`` function takes an open ``sqlite3.Connection`` and returns a float, an int or None
(nothing to measure, e.g. a universe without expert classifications).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from itertools import groupby

import numpy as np

# ------------------------------------------------------------------------------------------------ constants

IC1613_RA_DEG, IC1613_DEC_DEG = 16.19913, 2.11778  # the MAST name resolver's position (seed notebook)
IC1613_RADIUS_DEG = 0.5
IC1613_FILTERS = ("ACS_F475W", "ACS_F814W")

# The notebook's artifact-fraction plot: 30 logarithmic bin edges from MAD 0.007 to 2 mag.
NOTEBOOK_MAD_RANGE = (7.0e-3, 2.0)
NOTEBOOK_MAD_EDGES = 30
# The MAD ranges the shape criterion compares (issue 15: declines below MAD 0.05-0.1, falls above 0.3).
MAD_LOW, MAD_HIGH = 0.05, 0.3
MIN_POOLED_ROWS = 20  # fewer rows in a MAD range make its artifact fraction too noisy to judge a shape

WFC3_IR_FILTERS = frozenset(
    f"WFC3_{f}"
    for f in (
        "F098M", "F105W", "F110W", "F125W", "F126N", "F127M", "F128N", "F130N", "F132N", "F139M", "F140W",
        "F153M", "F160W", "F164N", "F167N",
    )
)  # fmt: skip


@dataclass(frozen=True)
class InstrumentEra:
    """When an instrument could take data: the first proposal ids that used it and its MJD window."""

    first_proposal: int
    first_mjd: float
    last_mjd: float


# Proposal ids grow with the observing cycle. WFPC2 was installed in Servicing Mission 1 (1993-12-05,
# MJD 49326) and removed in SM4 (2009-05-14, MJD 54965); programmes of cycle 3 (ids from about 4000) were
# carried over onto it. ACS was installed in SM3B (2002-03-07, MJD 52340); its commissioning and early-release
# programmes start near 8900 (the hst_07755_*_acs_wfc is impossible). WFC3 was installed in SM4
# (2009-05-14, MJD 54965); cycle 16/17 programmes that used it start near 11000. The dates are those of the
# installations, the earliest an image can have; the proposal boundaries are approximate [unverified].
INSTRUMENT_ERAS = {
    "wfpc2": InstrumentEra(first_proposal=4000, first_mjd=49326.0, last_mjd=54965.0),
    "acs": InstrumentEra(first_proposal=8900, first_mjd=52340.0, last_mjd=float("inf")),
    "wfc3": InstrumentEra(first_proposal=11000, first_mjd=54965.0, last_mjd=float("inf")),
}
# HSC v3 holds HLA images taken up to the end of 2017 (the issue: images dated after 2017 are impossible).
HSC_V3_LAST_MJD = 58119.0  # 2018-01-01


# ----------------------------------------------------------------------------------------------- pure helpers


@dataclass(frozen=True)
class MadBin:
    """One bin of the notebook's artifact fraction against MAD."""

    mad_lo: float
    mad_hi: float
    rows: int
    artifacts: int

    @property
    def fraction(self) -> float:
        return self.artifacts / self.rows if self.rows else float("nan")


def notebook_mad_bins(mad: np.ndarray, is_artifact: np.ndarray) -> list[MadBin]:
    """The seed notebook's artifact fraction against MAD (cell 17), as bins.

    Logarithmic bins from 0.007 to 2 mag; empty bins dropped; the low-MAD bins merged until the first bin
    holds more than 10 rows and the high-MAD bins until the last holds more than 40, as the notebook does
    (the notebook's merge of the high end overwrites the artifact count instead of adding it; this adds it).
    """
    mad = np.asarray(mad, dtype=float)
    is_artifact = np.asarray(is_artifact, dtype=bool)
    lo, hi = NOTEBOOK_MAD_RANGE
    edges = lo * (hi / lo) ** np.linspace(0.0, 1.0, NOTEBOOK_MAD_EDGES)
    rows, _ = np.histogram(mad, bins=edges)
    arts, _ = np.histogram(mad[is_artifact], bins=edges)
    keep = np.flatnonzero(rows > 0)
    if len(keep) == 0:
        return []
    bins = [[edges[i], edges[i + 1], int(rows[i]), int(arts[i])] for i in keep]
    while len(bins) > 1 and bins[0][2] <= 10:
        first = bins.pop(0)
        bins[0] = [first[0], bins[0][1], bins[0][2] + first[2], bins[0][3] + first[3]]
    while len(bins) > 1 and bins[-1][2] <= 40:
        last = bins.pop()
        bins[-1] = [bins[-1][0], last[1], bins[-1][2] + last[2], bins[-1][3] + last[3]]
    return [MadBin(float(a), float(b), n, k) for a, b, n, k in bins]


def pooled_fraction(
    mad: np.ndarray, is_artifact: np.ndarray, lo: float, hi: float, min_rows: int = 1
) -> float | None:
    """Artifact fraction of the rows with ``lo <= MAD < hi`` (None when fewer than ``min_rows``)."""
    sel = (mad >= lo) & (mad < hi)
    if sel.sum() < max(min_rows, 1):
        return None
    return float(np.mean(is_artifact[sel]))


def angular_distance_deg(
    ra_deg: np.ndarray, dec_deg: np.ndarray, ra0_deg: float, dec0_deg: float
) -> np.ndarray:
    """Great-circle distance (haversine) from (ra0, dec0), in degrees."""
    ra, dec = np.radians(ra_deg), np.radians(dec_deg)
    ra0, dec0 = np.radians(ra0_deg), np.radians(dec0_deg)
    h = np.sin((dec - dec0) / 2) ** 2 + np.cos(dec) * np.cos(dec0) * np.sin((ra - ra0) / 2) ** 2
    return np.degrees(2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


@dataclass(frozen=True)
class ImageName:
    """The parts of an HLA image name such as ``hst_10543_29_acs_wfc_f606w``."""

    proposal: int
    instrument: str  # "acs", "wfc3" or "wfpc2"
    detector: str  # "wfc", "hrc", "uvis", "ir" or "" (WFPC2)

    @classmethod
    def parse(cls, name: str) -> ImageName | None:
        parts = name.lower().split("_")
        if len(parts) < 5 or parts[0] != "hst" or not parts[1].isdigit():
            return None
        instrument = parts[3]
        detector = parts[4] if instrument in ("acs", "wfc3") and len(parts) >= 6 else ""
        return cls(int(parts[1]), instrument, detector)


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (95 % for the default ``z``)."""
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return float(centre - half), float(centre + half)


# ------------------------------------------------------------------------------------------------ queries


def _scalar(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> float | int | None:
    row = conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return _scalar(conn, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", (name,)) == 1


def _ratio(numerator: float | int | None, denominator: float | int | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)


def universe_scale(conn: sqlite3.Connection) -> str | None:
    """The scale recorded by the builder (``tiny``, ``demo``, ``full``), if any."""
    if not has_table(conn, "sandbox_meta"):
        return None
    value = _scalar(conn, "SELECT value FROM sandbox_meta WHERE key='scale'")
    return None if value is None else str(value)


def measure_objects(conn: sqlite3.Connection) -> int:
    return int(_scalar(conn, "SELECT count(*) FROM HCVmatch") or 0)


def measure_candidates(conn: sqlite3.Connection) -> int:
    return int(_scalar(conn, "SELECT count(*) FROM HCVmatch WHERE AutoClass > 0") or 0)


def measure_multi_filter_candidates(conn: sqlite3.Connection) -> int:
    return int(_scalar(conn, "SELECT count(*) FROM HCVmatch WHERE AutoClass = 2") or 0)


def measure_candidate_fraction(conn: sqlite3.Connection) -> float | None:
    return _ratio(measure_candidates(conn), measure_objects(conn))


def measure_multi_filter_share(conn: sqlite3.Connection) -> float | None:
    return _ratio(measure_multi_filter_candidates(conn), measure_candidates(conn))


def measure_validated(conn: sqlite3.Connection, auto_class: int) -> int:
    sql = "SELECT count(*) FROM HCVmatch WHERE ExpertClass > 0 AND AutoClass = ?"
    return int(_scalar(conn, sql, (auto_class,)) or 0)


def measure_expert_class_fraction(
    conn: sqlite3.Connection, auto_class: int, expert_class: int
) -> float | None:
    """Share of ``expert_class`` (1 confident, 2 likely, 4 artifact) in one AutoClass's validated objects."""
    row = conn.execute(
        "SELECT sum(ExpertClass = ?), count(*) FROM HCVmatch WHERE ExpertClass > 0 AND AutoClass = ?",
        (expert_class, auto_class),
    ).fetchone()
    return _ratio(row[0], row[1])


def measure_filter_rows_per_validated(conn: sqlite3.Connection) -> float | None:
    rows = _scalar(
        conn,
        "SELECT count(*) FROM HCVfilter f JOIN HCVmatch m ON m.MatchID = f.MatchID WHERE m.ExpertClass > 0",
    )
    return _ratio(rows, _scalar(conn, "SELECT count(*) FROM HCVmatch WHERE ExpertClass > 0"))


def measure_max_filters_per_group(conn: sqlite3.Connection) -> int:
    """The most filters of one group: from the image list where present (fast), else the served rows."""
    if has_table(conn, "sandbox_images"):
        sql = "SELECT max(n) FROM (SELECT count(DISTINCT Filter) AS n FROM sandbox_images GROUP BY GroupID)"
    else:
        sql = """SELECT max(n) FROM (SELECT count(DISTINCT f.Filter) AS n FROM HCVfilter f
                 JOIN HCVmatch m ON m.MatchID = f.MatchID GROUP BY m.GroupID)"""
    return int(_scalar(conn, sql) or 0)


def validated_variable_rows(conn: sqlite3.Connection) -> tuple[np.ndarray, np.ndarray]:
    """(MAD, is artifact) of the variable filter rows (FilterDetFlag > 0) of expert-classified objects."""
    rows = conn.execute(
        """SELECT f.MAD, m.ExpertClass = 4 FROM HCVfilter f JOIN HCVmatch m ON m.MatchID = f.MatchID
           WHERE m.ExpertClass > 0 AND f.FilterDetFlag > 0 AND f.MAD IS NOT NULL"""
    ).fetchall()
    if not rows:
        return np.zeros(0), np.zeros(0, bool)
    arr = np.array(rows, dtype=float)
    return arr[:, 0], arr[:, 1].astype(bool)


def measure_artifact_low_mad_ratio(conn: sqlite3.Connection) -> float | None:
    """Artifact fraction at MAD < 0.05 over that at 0.05 <= MAD < 0.3 (below 1: it declines at low MAD)."""
    mad, art = validated_variable_rows(conn)
    low = pooled_fraction(mad, art, 0.0, MAD_LOW, MIN_POOLED_ROWS)
    return _ratio(low, pooled_fraction(mad, art, MAD_LOW, MAD_HIGH, MIN_POOLED_ROWS))


def measure_artifact_high_mad_ratio(conn: sqlite3.Connection) -> float | None:
    """Artifact fraction at MAD >= 0.3 over that at 0.05 <= MAD < 0.3 (well below 1: falls at large MAD)."""
    mad, art = validated_variable_rows(conn)
    high = pooled_fraction(mad, art, MAD_HIGH, np.inf, MIN_POOLED_ROWS)
    return _ratio(high, pooled_fraction(mad, art, MAD_LOW, MAD_HIGH, MIN_POOLED_ROWS))


def measure_large_amplitude_fraction(conn: sqlite3.Connection, threshold_mag: float = 1.0) -> float | None:
    """Fraction of candidates whose CorrMag range exceeds ``threshold_mag`` in a filter where they vary."""
    rows = conn.execute(
        """SELECT d.MatchID, max(d.CorrMag) - min(d.CorrMag) FROM HCVfilter f
           JOIN HCVdetailed d ON d.MatchID = f.MatchID AND d.Filter = f.Filter
           JOIN HCVmatch m ON m.MatchID = f.MatchID
           WHERE f.FilterDetFlag = 1 AND m.AutoClass > 0 GROUP BY d.MatchID, d.Filter"""
    ).fetchall()
    if not rows:
        return None
    amplitude: dict[int, float] = {}
    for match_id, span in rows:
        amplitude[match_id] = max(amplitude.get(match_id, 0.0), span or 0.0)
    return sum(a > threshold_mag for a in amplitude.values()) / len(amplitude)


@dataclass(frozen=True)
class Ic1613Cone:
    """The seed notebook's IC 1613 query: a 0.5 degree cone, rows in ACS F475W or F814W."""

    rows: int
    both_filter_objects: int
    both_filter_candidates: int
    candidate_rows: int
    single_band_candidates: int


def measure_ic1613_cone(conn: sqlite3.Connection) -> Ic1613Cone:
    """Recompute the notebook's IC 1613 cone search (great-circle distance <= 0.5 degree)."""
    box = IC1613_RADIUS_DEG + 0.01
    rows = conn.execute(
        """SELECT m.MatchID, m.RA, m.Dec, m.AutoClass, f.Filter FROM HCVmatch m
           JOIN HCVfilter f ON f.MatchID = m.MatchID AND f.Filter IN (?, ?)
           WHERE m.Dec BETWEEN ? AND ?""",
        (*IC1613_FILTERS, IC1613_DEC_DEG - box, IC1613_DEC_DEG + box),
    ).fetchall()
    if not rows:
        return Ic1613Cone(0, 0, 0, 0, 0)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    ra = np.array([r[1] for r in rows], dtype=float)
    dec = np.array([r[2] for r in rows], dtype=float)
    auto = np.array([r[3] for r in rows], dtype=int)
    inside = angular_distance_deg(ra, dec, IC1613_RA_DEG, IC1613_DEC_DEG) <= IC1613_RADIUS_DEG
    ids, auto = ids[inside], auto[inside]
    uniq, counts = np.unique(ids, return_counts=True)
    both = set(uniq[counts == 2].tolist())
    candidate_ids = set(ids[auto > 0].tolist())
    return Ic1613Cone(
        rows=int(inside.sum()),
        both_filter_objects=len(both),
        both_filter_candidates=len(candidate_ids & both),
        candidate_rows=int((auto > 0).sum()),
        single_band_candidates=len(candidate_ids - both),
    )


def measure_numlc_range(conn: sqlite3.Connection) -> tuple[int, int]:
    """(rows with NumLC < 5, rows with NumLC > 120) of HCVfilter."""
    row = conn.execute("SELECT sum(NumLC < 5), sum(NumLC > 120) FROM HCVfilter").fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def measure_median_numlc(conn: sqlite3.Connection) -> float | None:
    """Median NumLC of all filter rows, from the NumLC histogram (the lower median for an even count)."""
    counts = conn.execute("SELECT NumLC, count(*) FROM HCVfilter GROUP BY NumLC ORDER BY NumLC").fetchall()
    total = sum(n for _, n in counts)
    seen = 0
    for num_lc, n in counts:
        seen += n
        if 2 * seen >= total:
            return float(num_lc)
    return None


def measure_faint_variable_rows(conn: sqlite3.Connection, limit_mag: float = 27.0) -> int:
    """Variable rows (FilterDetFlag = 1) whose MeanCorrMag, the magnitude the search works on, is fainter."""
    sql = "SELECT count(*) FROM HCVfilter WHERE FilterDetFlag = 1 AND MeanCorrMag > ?"
    return int(_scalar(conn, sql, (limit_mag,)) or 0)


def measure_constant_median_chi2(
    conn: sqlite3.Connection, mag_lo: float = 21.0, mag_hi: float = 22.0
) -> float | None:
    """Median Chi2 of the filter rows of constant objects (AutoClass 0), ``mag_lo <= MeanMag < mag_hi``."""
    values = np.array(
        [
            r[0]
            for r in conn.execute(
                """SELECT f.Chi2 FROM HCVfilter f JOIN HCVmatch m ON m.MatchID = f.MatchID
                   WHERE m.AutoClass = 0 AND f.MeanMag >= ? AND f.MeanMag < ? AND f.Chi2 IS NOT NULL""",
                (mag_lo, mag_hi),
            )
        ],
        dtype=float,
    )
    return float(np.median(values)) if len(values) else None


def measure_low_chi2_variable_fraction(conn: sqlite3.Connection, chi2_cut: float = 3.0) -> float | None:
    """Fraction of variable rows (FilterDetFlag = 1) with Chi2 below ``chi2_cut``."""
    row = conn.execute(
        "SELECT sum(Chi2 < ?), count(*) FROM HCVfilter WHERE FilterDetFlag = 1 AND Chi2 IS NOT NULL",
        (chi2_cut,),
    ).fetchone()
    return _ratio(row[0], row[1])


def light_curve_statistics(corr_mag: np.ndarray, mag_err: np.ndarray) -> tuple[float, float]:
    """(MAD, Chi2) of one light curve, as the HCV defines them (verified on the real nova; hcv-facts.md).

    MAD = median |CorrMag - median(CorrMag)|; Chi2 = sum(((CorrMag - wmean) / MagErr)^2) / (N - 1) with the
    inverse-variance weighted mean.
    """
    mad = float(np.median(np.abs(corr_mag - np.median(corr_mag))))
    weights = 1.0 / mag_err**2
    wmean = float(np.sum(weights * corr_mag) / np.sum(weights))
    chi2 = float(np.sum(((corr_mag - wmean) / mag_err) ** 2) / (len(corr_mag) - 1))
    return mad, chi2


def measure_statistics_reproduced(conn: sqlite3.Connection) -> float | None:
    """Fraction of candidates' filter rows whose NumLC, MAD and Chi2 follow from their served light curve."""
    # Driven by the light curves (stored for candidates and validated objects only), in index order.
    rows = conn.execute(
        """SELECT f.MatchID, f.Filter, f.NumLC, f.MAD, f.Chi2, d.CorrMag, d.MagErr FROM HCVdetailed d
           CROSS JOIN HCVfilter f ON f.MatchID = d.MatchID AND f.Filter = d.Filter
           CROSS JOIN HCVmatch m ON m.MatchID = d.MatchID
           WHERE m.AutoClass > 0 AND f.MAD IS NOT NULL AND f.Chi2 IS NOT NULL
           ORDER BY d.MatchID, d.Filter"""
    )
    checked = agreeing = 0
    for (_, _, num_lc, mad, chi2), group in groupby(rows, key=lambda r: r[:5]):
        curve = np.array([r[5:] for r in group], dtype=float)
        if len(curve) < 2:
            continue
        checked += 1
        own_mad, own_chi2 = light_curve_statistics(curve[:, 0], curve[:, 1])
        agreeing += (
            num_lc == len(curve)
            and abs(own_mad - mad) <= 5e-5 + 1e-4 * mad
            and abs(own_chi2 - chi2) <= 1e-3 * max(1.0, chi2)
        )
    return agreeing / checked if checked else None


def measure_var_qual_letters(conn: sqlite3.Connection) -> tuple[float | None, float | None]:
    """Among variable rows (FilterDetFlag = 1): (fraction with MagerrAper2 letter A, fraction AAAAA)."""
    row = conn.execute(
        """SELECT sum(substr(VarQualFlag, 3, 1) = 'A'), sum(VarQualFlag = 'AAAAA'), count(*)
           FROM HCVfilter WHERE FilterDetFlag = 1"""
    ).fetchone()
    return _ratio(row[0], row[2]), _ratio(row[1], row[2])


@dataclass(frozen=True)
class ImageEras:
    """Images whose name or date contradicts the instrument or HSC v3."""

    images: int
    proposal_before_instrument: int
    dated_outside_instrument: int
    dated_after_hsc_v3: int
    unparsed: int


def image_list(conn: sqlite3.Connection) -> list[tuple[str, float]]:
    """(ImageName, MJD) of every image: the builder's image list if present, else the served light curves."""
    if has_table(conn, "sandbox_images"):
        return [(str(n), float(t)) for n, t in conn.execute("SELECT ImageName, MJD FROM sandbox_images")]
    return [
        (str(n), float(t)) for n, t in conn.execute("SELECT ImageName, min(MJD) FROM HCVdetailed GROUP BY 1")
    ]


def measure_image_eras(conn: sqlite3.Connection) -> ImageEras:
    images = image_list(conn)
    before = outside = after = unparsed = 0
    for name, mjd in images:
        parsed = ImageName.parse(name)
        era = INSTRUMENT_ERAS.get(parsed.instrument) if parsed else None
        if parsed is None or era is None:
            unparsed += 1
            continue
        before += parsed.proposal < era.first_proposal
        outside += not (era.first_mjd <= mjd <= era.last_mjd)
        after += mjd > HSC_V3_LAST_MJD
    return ImageEras(len(images), before, outside, after, unparsed)


def measure_baselines_days(conn: sqlite3.Connection) -> tuple[float, float] | None:
    """(shortest, longest) light-curve baseline of any group and filter, from the image dates."""
    if has_table(conn, "sandbox_images"):
        sql = "SELECT max(MJD) - min(MJD) FROM sandbox_images GROUP BY GroupID, Filter"
    else:
        sql = """SELECT max(d.MJD) - min(d.MJD) FROM HCVdetailed d JOIN HCVmatch m ON m.MatchID = d.MatchID
                 GROUP BY m.GroupID, d.Filter"""
    spans = [r[0] for r in conn.execute(sql)]
    return (float(min(spans)), float(max(spans))) if spans else None


def measure_top_aaaaa_match(conn: sqlite3.Connection) -> int | None:
    """The notebook's cell 18: the MatchID of the AAAAA row with the largest MAD."""
    value = _scalar(
        conn, "SELECT MatchID FROM HCVfilter WHERE VarQualFlag = 'AAAAA' ORDER BY MAD DESC LIMIT 1"
    )
    return None if value is None else int(value)

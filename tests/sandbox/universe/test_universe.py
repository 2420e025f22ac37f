"""The simulated HCV universe (tiny scale): real planted rows, pipeline consistency, determinism, names."""

from __future__ import annotations

import csv
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from hcvvet.sandbox.universe.build import build_universe
from hcvvet.sandbox.universe.pipeline import (
    CANDIDATES_PER_OBJECT,
    THRESHOLD_SHIFT_MAX,
    THRESHOLD_SIGMAS,
    DetectionQuota,
    ExpertQuota,
)
from hcvvet.sandbox.universe.plans import FILTERS, image_name
from hcvvet.sandbox.universe.sim_planted import DATA_DIR as REAL_DATA

HLA_NAME = re.compile(r"^hst_\d{5}_[0-9a-z]{2}_((acs_wfc|wfc3_uvis|wfc3_ir)_f\d{3}[wm]|wfpc2_f\d{3}[wm]_wf)$")


@pytest.fixture
def db(sandbox_db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(sandbox_db)
    yield conn
    conn.close()


def test_summary_counts_match_the_tables(tmp_path: Path) -> None:
    summary = build_universe(tmp_path / "u.sqlite", scale="tiny", seed=3)
    conn = sqlite3.connect(tmp_path / "u.sqlite")
    assert summary["objects"] == conn.execute("SELECT count(*) FROM HCVmatch").fetchone()[0]
    assert (
        summary["candidates"]
        == conn.execute("SELECT count(*) FROM HCVmatch WHERE AutoClass > 0").fetchone()[0]
    )
    assert (
        summary["multi_filter_candidates"]
        == conn.execute("SELECT count(*) FROM HCVmatch WHERE AutoClass = 2").fetchone()[0]
    )
    assert summary["measurements"] == conn.execute("SELECT count(*) FROM HCVdetailed").fetchone()[0]
    assert summary["images"] == conn.execute("SELECT count(*) FROM sandbox_images").fetchone()[0]
    assert summary["groups"] == conn.execute("SELECT count(*) FROM Groups").fetchone()[0]
    assert summary["seconds"] >= 0


def test_nova_keeps_its_real_f606w_light_curve(db: sqlite3.Connection) -> None:
    with (REAL_DATA / "hcv_detailed_1905457_ACS_F606W.csv").open() as fh:
        real = [
            (int(r["MatchID"]), r["Filter"], float(r["MJD"]), r["ImageName"], float(r["Mag"]),
             float(r["CorrMag"]), float(r["MagErr"]), float(r["CI"]), float(r["D"]))
            for r in csv.DictReader(fh)
        ]  # fmt: skip
    stored = db.execute(
        "SELECT * FROM HCVdetailed WHERE MatchID = 1905457 AND Filter = 'ACS_F606W' ORDER BY MJD"
    ).fetchall()
    assert stored == real


def test_nova_summary_row_is_the_real_one(db: sqlite3.Connection) -> None:
    match = db.execute(
        "SELECT GroupID, SubGroupID, RA, Dec, AutoClass, ExpertClass FROM HCVmatch WHERE MatchID = 1905457"
    )
    assert match.fetchone() == (1072340, -5, 187.716370, 12.398979, 2, 1)
    row = db.execute(
        "SELECT VarQualFlag, NumLC, MeanMag, MeanCorrMag, MAD, Chi2 FROM HCVfilter "
        "WHERE MatchID = 1905457 AND Filter = 'ACS_F606W'"
    ).fetchone()
    assert row == ("AACAC", 21, 24.504, 24.5, 0.4599, 77.4307)
    f814w = db.execute(
        "SELECT NumLC, FilterDetFlag FROM HCVfilter WHERE MatchID = 1905457 AND Filter = 'ACS_F814W'"
    )
    assert f814w.fetchone() == (22, 1)


def _recomputed(db: sqlite3.Connection) -> dict[tuple[int, str], tuple]:
    curves: dict[tuple[int, str], list] = defaultdict(list)
    for mid, filt, mag, corr, err in db.execute(
        "SELECT MatchID, Filter, Mag, CorrMag, MagErr FROM HCVdetailed"
    ):
        curves[(mid, filt)].append((mag, corr, err))
    out = {}
    for key, points in curves.items():
        mag, corr, err = np.array(points).T
        w = 1 / err**2
        wmean = (w * corr).sum() / w.sum()
        chi2 = (((corr - wmean) / err) ** 2).sum() / (len(corr) - 1)
        mad = np.median(np.abs(corr - np.median(corr)))
        out[key] = (len(corr), mag.mean(), corr.mean(), mad, chi2)
    return out


def test_statistics_recomputed_from_light_curves_reproduce_hcvfilter(db: sqlite3.Connection) -> None:
    recomputed = _recomputed(db)
    rows = db.execute(
        "SELECT MatchID, Filter, NumLC, MeanMag, MeanCorrMag, MAD, Chi2 FROM HCVfilter"
    ).fetchall()
    assert len(rows) == len(recomputed)
    for mid, filt, num_lc, mean_mag, mean_corr, mad, chi2 in rows:
        n, r_mean, r_corr, r_mad, r_chi2 = recomputed[(mid, filt)]
        assert n == num_lc
        assert abs(r_mean - mean_mag) <= 0.0005 + 1e-9, (mid, filt)
        assert abs(r_corr - mean_corr) <= 0.0005 + 1e-9, (mid, filt)
        assert abs(r_mad - mad) <= 0.00005 + 1e-9, (mid, filt)
        assert abs(r_chi2 - chi2) <= 0.00005 + 1e-7 * chi2, (mid, filt)


def test_most_variable_aaaaa_candidate_is_5742711_in_m31(db: sqlite3.Connection) -> None:
    top = db.execute(
        "SELECT m.MatchID, m.GroupID, m.SubGroupID, g.TargetName, m.RA, m.Dec, m.AutoClass, m.ExpertClass, "
        "f.Filter, f.NumLC, f.MeanCorrMag, f.MAD, f.Chi2 "
        "FROM HCVmatch m JOIN HCVfilter f ON m.MatchID = f.MatchID "
        "JOIN Groups g ON m.GroupID = g.GroupID WHERE f.VarQualFlag = 'AAAAA' ORDER BY f.MAD DESC LIMIT 1"
    ).fetchone()
    assert top == (
        5742711,
        1045904,
        16,
        "M31",
        10.928601,
        41.164295,
        1,
        0,
        "ACS_F814W",
        5,
        22.265,
        0.8581,
        6698.443,
    )


IC1613_CONSTANT_F814W = (
    "SELECT f.MeanCorrMag, f.MAD FROM HCVfilter f JOIN HCVmatch m USING (MatchID) "
    "JOIN sandbox_truth t USING (MatchID) WHERE t.nature = 'constant' AND m.GroupID = 69810 "
    "AND f.Filter = 'ACS_F814W'"
)


def test_constant_stars_scatter_more_when_fainter(db: sqlite3.Connection) -> None:
    rows = np.array(db.execute(IC1613_CONSTANT_F814W).fetchall())
    # Bright stars keep a systematic scatter of a few hundredths (real unflagged IC 1613 rows: MAD 0.026 at
    # 22.9 mag in F814W): the MAD-magnitude relation is flat to about 24 mag and rises at the faint end.
    medians = [np.median(rows[(rows[:, 0] >= lo) & (rows[:, 0] < hi), 1]) for lo, hi in ((21, 23), (25, 26))]
    assert 0.008 < medians[0] < 0.04
    assert medians[1] > 2 * medians[0]


def test_candidates_are_flagged_by_mad_and_chi2(db: sqlite3.Connection) -> None:
    flagged = db.execute(
        "SELECT min(Chi2), count(*) FROM HCVfilter WHERE FilterDetFlag = 1 AND MatchID != 1905457"
    )
    min_chi2, n = flagged.fetchone()
    assert n > 0
    assert min_chi2 > 3
    mismatched = db.execute(
        "SELECT count(*) FROM HCVmatch m WHERE AutoClass != min(2, "
        "(SELECT sum(FilterDetFlag) FROM HCVfilter f WHERE f.MatchID = m.MatchID))"
    ).fetchone()[0]
    assert mismatched == 0


def test_ic1613_has_both_filters_and_twelve_epochs(db: sqlite3.Connection) -> None:
    filters = db.execute(
        "SELECT Filter, count(*) FROM sandbox_images WHERE GroupID = 69810 GROUP BY Filter ORDER BY Filter"
    ).fetchall()
    assert filters == [("ACS_F475W", 12), ("ACS_F814W", 12)]
    both = db.execute(
        "SELECT count(*) FROM (SELECT f.MatchID FROM HCVfilter f JOIN HCVmatch m USING (MatchID) "
        "WHERE m.GroupID = 69810 GROUP BY f.MatchID HAVING count(*) = 2)"
    ).fetchone()[0]
    assert both > 1000


def test_every_object_has_a_ground_truth_and_artifacts_name_their_image(db: sqlite3.Connection) -> None:
    missing = db.execute(
        "SELECT count(*) FROM HCVmatch m LEFT JOIN sandbox_truth t USING (MatchID) WHERE t.nature IS NULL"
    ).fetchone()[0]
    assert missing == 0
    bad_images = db.execute(
        "SELECT count(*) FROM sandbox_truth t LEFT JOIN sandbox_images i ON i.ImageName = t.artifact_image "
        "WHERE t.artifact_image IS NOT NULL AND i.ImageName IS NULL"
    ).fetchone()[0]
    assert bad_images == 0
    kinds = {
        r[0] for r in db.execute("SELECT DISTINCT artifact FROM sandbox_truth WHERE artifact IS NOT NULL")
    }
    assert {"cosmic_ray", "blend"} <= kinds


def test_image_names_look_like_hla_and_match_the_light_curves(db: sqlite3.Connection) -> None:
    names = [r[0] for r in db.execute("SELECT ImageName FROM sandbox_images")]
    assert names
    assert all(HLA_NAME.match(n) for n in names), [n for n in names if not HLA_NAME.match(n)][:3]
    orphans = db.execute(
        "SELECT count(*) FROM (SELECT DISTINCT ImageName FROM HCVdetailed) d "
        "LEFT JOIN sandbox_images i USING (ImageName) WHERE i.GroupID IS NULL"
    ).fetchone()[0]
    assert orphans == 0


def test_hla_names_put_the_wfpc2_detector_after_the_filter() -> None:
    assert image_name(5370, "02", FILTERS["WFPC2_F814W"]) == "hst_05370_02_wfpc2_f814w_wf"
    assert image_name(10543, "29", FILTERS["ACS_F606W"]) == "hst_10543_29_acs_wfc_f606w"
    assert image_name(11360, "01", FILTERS["WFC3_F555W"]) == "hst_11360_01_wfc3_uvis_f555w"


def test_named_targets_resolve_to_their_real_positions(db: sqlite3.Connection) -> None:
    names = {r[0]: r[1:3] for r in db.execute("SELECT name, ra, dec FROM sandbox_names")}
    assert names["ic1613"] == (16.2016962, 2.1194959)
    assert names["m87"] == (187.70593, 12.39112)
    assert names["m31"] == (10.68471, 41.26875)
    targets = [r[0] for r in db.execute("SELECT TargetName FROM Groups")]
    assert all(t.lower().replace(" ", "") in names for t in targets)


def _dump(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    tables = [
        "Groups",
        "HCVmatch",
        "HCVfilter",
        "HCVdetailed",
        "sandbox_truth",
        "sandbox_images",
        "sandbox_names",
    ]
    dump = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    conn.close()
    return dump


def test_same_seed_builds_the_same_universe_and_another_seed_does_not(tmp_path: Path) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        build_universe(tmp_path / f"{name}.sqlite", scale="tiny", seed=seed)
    a, b, c = (_dump(tmp_path / f"{n}.sqlite") for n in "abc")
    assert a == b
    assert a["HCVfilter"] != c["HCVfilter"]
    # The real rows are the same in every universe.
    assert [r for r in a["HCVmatch"] if r[0] == 1905457] == [r for r in c["HCVmatch"] if r[0] == 1905457]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_expert_quota_keeps_the_real_validated_counts_however_fields_are_sized(seed: int) -> None:
    """Fields of very unequal size (like the full universe's) still end with the real validated counts."""
    rng = np.random.default_rng(seed)
    quota = ExpertQuota()
    assert quota.classes((), 0.0, np.array([1, 1, 2])) == ()  # a field the plan closes stays closed
    candidates = 3
    for _ in range(2500):
        n = int(np.clip(rng.lognormal(np.log(900), 1.0), 50, 40000))
        auto = np.repeat([0, 1, 2], rng.multinomial(n, [0.977, 0.020, 0.003]))
        assert quota.classes(None, float(rng.random()), auto) in ((1, 2), (2,), ())
        candidates += int((auto > 0).sum())
    for auto_class, real in ((1, 8139), (2, 5394)):
        expected = real / 84428 * candidates
        assert abs(quota.validated[auto_class] - expected) < 0.02 * expected, (auto_class, quota.validated)


@pytest.mark.parametrize("natural_bias", [-0.05, 0.0, 0.05])
def test_detection_quota_keeps_the_real_candidate_rate_whatever_the_fields_give(natural_bias: float) -> None:
    """Fields whose default threshold gives 5 % too few or too many candidates still end at the real rate,
    and no field's threshold moves by more than the stated shift."""
    rng = np.random.default_rng(4)
    quota = DetectionQuota()
    assert quota.sigmas() == THRESHOLD_SIGMAS  # nothing counted yet: the default threshold
    objects = candidates = 0
    for _ in range(2500):
        n = int(np.clip(rng.lognormal(np.log(900), 1.0), 50, 40000))
        sigmas = quota.sigmas()
        assert abs(sigmas - THRESHOLD_SIGMAS) <= THRESHOLD_SHIFT_MAX + 1e-12
        # A lower threshold flags more objects (about 60 % more per robust sigma, as noise tails do).
        rate = CANDIDATES_PER_OBJECT * (1 + natural_bias) * np.exp(-0.5 * (sigmas - THRESHOLD_SIGMAS))
        found = int(rng.binomial(n, rate))
        quota.add(n, found)
        objects, candidates = objects + n, candidates + found
    assert abs(candidates / objects - CANDIDATES_PER_OBJECT) < 0.005 * CANDIDATES_PER_OBJECT

"""`python -m hcvvet.sandbox realism`: the realism table of a universe, and its figures on known data."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hcvvet.sandbox.__main__ import main
from hcvvet.sandbox.realism import evaluate_file, real, truth
from hcvvet.sandbox.realism import measures as m
from hcvvet.sandbox.realism.quantities import QUANTITIES
from hcvvet.sandbox.universe.schema import TABLES_SQL

IC_RA, IC_DEC = m.IC1613_RA_DEG, m.IC1613_DEC_DEG


# ------------------------------------------------------------------------------------------------ the command


def test_realism_command_prints_every_quantity_for_the_tiny_universe(sandbox_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hcvvet.sandbox", "realism", "--db", str(sandbox_db)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("quantity"))
    assert header.split() == ["quantity", "real", "source", "tolerance", "sandbox", "within"]
    for q in QUANTITIES:
        row = next((line for line in lines if line.startswith(q.name)), None)
        assert row is not None, f"{q.name} missing from the table"
        assert row.split()[-1] in ("yes", "NO", "n/a")
    assert "(scale tiny)" in lines[0]


def test_realism_json_is_parseable_and_matches_the_check_exit_code(sandbox_db: Path, capsys) -> None:
    assert main(["realism", "--db", str(sandbox_db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["scale"] == "tiny"
    assert [q["key"] for q in report["quantities"]] == [q.key for q in QUANTITIES]
    for q in report["quantities"]:
        assert q["within"] in (True, False, None)
        assert all(q[field] for field in ("real", "source", "tolerance")), q
    for b in report["artifact_fraction_by_mad"]:
        assert 0 <= b["artifacts"] <= b["rows"]
        assert b["mad_lo"] < b["mad_hi"]
    bad = [q["key"] for q in report["quantities"] if q["within"] is False]
    assert report["out_of_tolerance"] == bad
    # Counts of the full universe are not judged on a tiny one.
    assert next(q for q in report["quantities"] if q["key"] == "candidates")["within"] is None
    capsys.readouterr()
    assert main(["realism", "--db", str(sandbox_db), "--check"]) == (1 if bad else 0)


def test_check_fails_on_a_deliberately_short_light_curve(sandbox_db: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "universe.sqlite3"
    shutil.copy(sandbox_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE HCVfilter SET NumLC = 5 WHERE NumLC < 5")
    assert "numlc_below_5" not in evaluate_file(db).out_of_tolerance
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE HCVfilter SET NumLC = 3 WHERE rowid = (SELECT min(rowid) FROM HCVfilter)")
    report = evaluate_file(db)
    assert "numlc_below_5" in report.out_of_tolerance
    assert next(line for line in report.lines if line.key == "numlc_below_5").sandbox == 1
    assert main(["realism", "--db", str(db), "--check"]) == 1
    assert main(["realism", "--db", str(db)]) == 0  # a report: only --check turns figures into a failure
    out = capsys.readouterr().out
    assert "numlc_below_5" in out


def test_missing_universe_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["realism", "--db", str(tmp_path / "nope.sqlite3")]) == 2
    assert "no universe file" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------ known data


COLUMNS = {
    "sandbox_meta": "key, value",
    "Groups": "GroupID, TargetName",
    "HCVmatch": "MatchID, GroupID, SubGroupID, RA, Dec, AutoClass, ExpertClass, NumFilters",
    "HCVfilter": "MatchID, Filter, FilterDetFlag, VarQualFlag, NumLC, MeanMag, MeanCorrMag, MAD, Chi2",
    "HCVdetailed": "MatchID, Filter, MJD, ImageName, Mag, CorrMag, MagErr, CI, D",
    "sandbox_images": "ImageName, GroupID, Filter, MJD, ra, dec, single_exposure, seed",
    "sandbox_truth": "MatchID, nature, period_days, amplitude_mag, artifact, artifact_image, notes",
}


def _insert(conn: sqlite3.Connection, table: str, rows: list[tuple]) -> None:
    """Insert whole rows of the named columns (the builder's schema may grow more, nullable, columns)."""
    columns = COLUMNS[table]
    marks = ", ".join("?" * len(columns.split(",")))
    conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _universe(path: Path) -> sqlite3.Connection:
    """A hand-made universe whose every figure below is known by construction."""
    conn = sqlite3.connect(path)
    conn.executescript(TABLES_SQL)
    _insert(conn, "sandbox_meta", [("scale", "demo")])
    _insert(conn, "Groups", [(1, "FIELD"), (2, "IC 1613"), (3, "RICH")])
    # MatchID, GroupID, RA, Dec, AutoClass, ExpertClass, NumFilters
    match = [
        (1, 1, 10.0, 40.0, 1, 1, 1),  # SFVC, confident
        (2, 1, 10.0, 40.0, 1, 4, 1),  # SFVC, artifact
        (3, 1, 10.0, 40.0, 2, 2, 2),  # MFVC, likely
        (4, 1, 10.0, 40.0, 0, 0, 1),
        (5, 1, 10.0, 40.0, 0, 0, 1),
        (6, 1, 10.0, 40.0, 0, 0, 1),
        (7, 1, 10.0, 40.0, 0, 0, 1),
        (10, 2, IC_RA + 0.1, IC_DEC, 1, 0, 2),  # IC 1613, both filters, candidate
        (11, 2, IC_RA, IC_DEC + 0.49, 1, 0, 1),  # inside the cone, F814W only, candidate
        (12, 2, IC_RA, IC_DEC + 0.51, 1, 0, 2),  # just outside the cone
        (13, 2, IC_RA, IC_DEC - 0.2, 0, 0, 2),  # both filters, constant
        (14, 2, IC_RA - 0.6, IC_DEC, 0, 0, 2),  # at the centre's Dec but 0.6 degree away: outside
        (20, 3, 50.0, -20.0, 0, 0, 6),
    ]
    _insert(conn, "HCVmatch", [(mid, gid, 0, ra, dec, ac, ec, nf) for mid, gid, ra, dec, ac, ec, nf in match])
    # MatchID, Filter, FilterDetFlag, VarQualFlag, NumLC, MeanMag, MAD, Chi2
    filt = [
        (1, "ACS_F606W", 1, "AAAAA", 6, 23.0, 0.2, 50.0),
        (2, "ACS_F606W", 1, "AACAA", 6, 27.5, 0.2, 50.0),  # fainter than 27
        (3, "ACS_F606W", 1, "BABAA", 6, 23.0, 0.2, 50.0),
        (3, "ACS_F814W", 1, "CCCCC", 4, 23.0, 0.2, 50.0),  # too few points
        (4, "ACS_F606W", 0, "AAAAA", 6, 21.2, 0.01, 1.0),
        (5, "ACS_F606W", 0, "AAAAA", 121, 21.5, 0.01, 10.0),  # too many points
        (6, "ACS_F606W", 0, "AAAAA", 6, 21.9, 0.01, 100.0),
        (7, "ACS_F606W", 0, "AAAAA", 6, 22.5, 0.01, 1000.0),  # outside 21-22 mag
        (10, "ACS_F475W", 1, "AAAAB", 12, 24.0, 0.1, 20.0),
        (10, "ACS_F814W", 0, "AAAAC", 12, 23.0, 0.02, 2.0),
        (11, "ACS_F814W", 1, "AAAAB", 12, 24.0, 0.1, 20.0),
        (12, "ACS_F475W", 1, "AAAAB", 12, 24.0, 0.1, 20.0),
        (12, "ACS_F814W", 1, "AAAAB", 12, 24.0, 0.1, 20.0),
        (13, "ACS_F475W", 0, "AAAAA", 12, 24.0, 0.02, 2.0),
        (13, "ACS_F814W", 0, "AAAAA", 12, 23.0, 0.02, 2.0),
        (14, "ACS_F475W", 0, "AAAAA", 12, 24.0, 0.02, 2.0),
        (14, "ACS_F814W", 0, "AAAAA", 12, 23.0, 0.02, 2.0),
    ] + [(20, f"WFC3_F{w}W", 0, "AAAAA", 6, 22.0, 0.01, 1.0) for w in (225, 275, 336, 438, 555, 606)]
    _insert(
        conn,
        "HCVfilter",
        [(mid, f, fl, vqf, n, mag, mag, mad, chi2) for mid, f, fl, vqf, n, mag, mad, chi2 in filt],
    )
    # CorrMag of each light curve; object 10 spans 3 mag in F814W, where it is not variable.
    detailed = [
        (1, "ACS_F606W", [23.0, 24.5, 23.2]),
        (2, "ACS_F606W", [27.4, 27.7, 27.5]),
        (3, "ACS_F606W", [23.0, 23.5]),
        (3, "ACS_F814W", [23.0, 23.2]),
        (10, "ACS_F475W", [24.0, 24.3]),
        (10, "ACS_F814W", [21.0, 24.0]),
        (11, "ACS_F814W", [24.0, 24.1]),
        (12, "ACS_F475W", [24.0, 24.1]),
        (12, "ACS_F814W", [24.0, 24.1]),
    ]
    nova_image = "hst_10543_29_acs_wfc_f606w"
    _insert(conn, "HCVdetailed", [
        (mid, f, 53767.0 + i, nova_image, mag, mag, 0.05, 1.0, 0.0)
        for mid, f, mags in detailed
        for i, mag in enumerate(mags)
    ])  # fmt: skip
    _insert(conn, "sandbox_images", [
        ("hst_10543_29_acs_wfc_f606w", 1, "ACS_F606W", 53767.4, 0, 0, 1, 0),  # the nova's image: fine
        ("hst_07755_01_acs_wfc_f606w", 1, "ACS_F606W", 53000.0, 0, 0, 0, 0),  # proposal older than ACS
        ("hst_12000_01_wfc3_uvis_f606w", 1, "WFC3_F606W", 58200.0, 0, 0, 0, 0),  # after HSC v3
        ("hst_06000_01_wfpc2_f814w", 1, "WFPC2_F814W", 55500.0, 0, 0, 0, 0),  # WFPC2 after its removal
        ("hst_12000_02_wfc3_ir_f160w", 1, "WFC3_F160W", 56000.0, 0, 0, 0, 0),
    ] + [
        (f"hst_12001_01_wfc3_uvis_f{w}w", 3, f"WFC3_F{w}W", 56000.0, 0, 0, 0, 0)
        for w in (225, 275, 336, 438, 555, 606)
    ])  # fmt: skip
    _insert(conn, "sandbox_truth", [
        (2, "artifact", None, None, "cosmic_ray", "hst_12000_02_wfc3_ir_f160w", None),
        (3, "artifact", None, None, "cosmic_ray", nova_image, f"hits={nova_image}"),
        (4, "artifact", None, None, "blend", None, None),
    ])  # fmt: skip
    conn.commit()
    return conn


@pytest.fixture
def known(tmp_path: Path):
    conn = _universe(tmp_path / "known.sqlite3")
    yield conn
    conn.close()


def test_counts_and_expert_fractions_on_known_data(known: sqlite3.Connection) -> None:
    assert m.measure_objects(known) == 13
    assert m.measure_candidates(known) == 6
    assert m.measure_multi_filter_candidates(known) == 1
    assert m.measure_candidate_fraction(known) == pytest.approx(6 / 13)
    assert m.measure_validated(known, 1) == 2
    assert m.measure_validated(known, 2) == 1
    assert m.measure_expert_class_fraction(known, 1, 4) == pytest.approx(0.5)
    assert m.measure_expert_class_fraction(known, 1, 1) == pytest.approx(0.5)
    assert m.measure_expert_class_fraction(known, 2, 4) == 0.0
    assert m.measure_expert_class_fraction(known, 2, 2) == 1.0
    assert m.measure_filter_rows_per_validated(known) == pytest.approx(4 / 3)
    assert m.measure_max_filters_per_group(known) == 6  # group 3, from the image list
    known.execute("DROP TABLE sandbox_images")
    assert m.measure_max_filters_per_group(known) == 6  # and from the served rows


def test_amplitude_counts_only_filters_where_the_candidate_varies(known: sqlite3.Connection) -> None:
    # Candidates with light curves: 1 (1.5 mag), 2 (0.3), 3 (0.5, 0.2), 10 (0.3 flagged; 3 mag unflagged),
    # 11 and 12 (0.1): one of six varies by more than 1 mag.
    assert m.measure_large_amplitude_fraction(known) == pytest.approx(1 / 6)
    assert m.measure_large_amplitude_fraction(known, threshold_mag=0.4) == pytest.approx(2 / 6)


def test_rows_the_catalogue_cannot_have_on_known_data(known: sqlite3.Connection) -> None:
    assert m.measure_numlc_range(known) == (1, 1)
    assert m.measure_median_numlc(known) == 6.0  # 23 rows: one 4, twelve 6, nine 12, one 121
    assert m.measure_faint_variable_rows(known) == 1
    assert m.measure_constant_median_chi2(known) == pytest.approx(10.0)
    a_fraction, aaaaa_fraction = m.measure_var_qual_letters(known)
    # Variable rows: AAAAA, AACAA, BABAA, CCCCC, and four AAAAB: MagerrAper2 A on 5 of 8, AAAAA on 1 of 8.
    assert a_fraction == pytest.approx(5 / 8)
    assert aaaaa_fraction == pytest.approx(1 / 8)


def test_ic1613_cone_on_known_data(known: sqlite3.Connection) -> None:
    cone = m.measure_ic1613_cone(known)
    assert cone == m.Ic1613Cone(
        rows=5, both_filter_objects=2, both_filter_candidates=1, candidate_rows=3, single_band_candidates=1
    )


def test_image_eras_and_cosmic_rays_on_known_data(known: sqlite3.Connection) -> None:
    eras = m.measure_image_eras(known)
    assert (eras.images, eras.proposal_before_instrument, eras.dated_after_hsc_v3) == (11, 1, 1)
    assert eras.dated_outside_instrument == 1  # the WFPC2 image after SM4
    cosmic = truth.measure_cosmic_rays(known)
    assert cosmic == truth.CosmicRays(artifacts=2, on_wfc3_ir=1, fault_images=2, on_single_exposure=1)


def test_known_data_out_of_tolerance_figures_are_reported(tmp_path: Path) -> None:
    _universe(tmp_path / "known.sqlite3").close()
    report = evaluate_file(tmp_path / "known.sqlite3")
    by_key = {line.key: line for line in report.lines}
    bad = set(report.out_of_tolerance)
    assert {"numlc_below_5", "numlc_above_120", "faint_variable_rows", "images_old_proposal",
            "images_after_hsc_v3", "cosmic_rays_wfc3_ir", "varqual_magerr_a"} <= bad  # fmt: skip
    assert by_key["constant_chi2_21_22"].within is True  # 10 lies in 8.9 .. 385
    assert by_key["max_filters_per_group"].within is True
    assert by_key["candidates"].within is None  # a full-universe count, not judged at scale demo


def test_notebook_mad_bins_merge_sparse_ends_and_keep_every_row() -> None:
    rng = np.random.default_rng(3)
    mad = np.concatenate([[0.008, 0.009], rng.uniform(0.05, 0.2, 500), [1.0, 1.5, 1.9]])
    art = np.zeros(len(mad), bool)
    art[[0, 1, -1]] = True
    art[2:100] = True
    bins = m.notebook_mad_bins(mad, art)
    assert sum(b.rows for b in bins) == len(mad)
    assert sum(b.artifacts for b in bins) == art.sum()
    # The sparse ends were merged into their neighbours.
    assert bins[0].rows > 10
    assert bins[-1].rows > 40
    assert bins[0].mad_lo == pytest.approx(0.007)
    assert bins[-1].mad_hi == pytest.approx(2.0)


def test_artifact_fraction_shape_ratios() -> None:
    mad = np.array([0.02] * 10 + [0.1] * 10 + [0.5] * 10)
    art = np.array([True] * 2 + [False] * 8 + [True] * 5 + [False] * 5 + [True] * 1 + [False] * 9)
    assert m.pooled_fraction(mad, art, 0.0, m.MAD_LOW) == pytest.approx(0.2)
    assert m.pooled_fraction(mad, art, m.MAD_LOW, m.MAD_HIGH) == pytest.approx(0.5)
    assert m.pooled_fraction(mad, art, m.MAD_HIGH, np.inf) == pytest.approx(0.1)
    assert m.pooled_fraction(mad, art, 3.0, np.inf) is None
    assert m.pooled_fraction(mad, art, 0.0, m.MAD_LOW, min_rows=11) is None  # 10 rows: too few to judge


def test_angular_distance_and_image_names() -> None:
    assert m.angular_distance_deg(np.array([10.0]), np.array([0.0]), 10.5, 0.0)[0] == pytest.approx(0.5)
    # Near the pole a degree of RA is short: the cone must use great circles, not RA differences.
    assert m.angular_distance_deg(np.array([0.0]), np.array([89.0]), 180.0, 89.0)[0] == pytest.approx(2.0)
    assert m.ImageName.parse("hst_10543_29_acs_wfc_f606w") == m.ImageName(10543, "acs", "wfc")
    assert m.ImageName.parse("hst_12000_02_wfc3_ir_f160w") == m.ImageName(12000, "wfc3", "ir")
    assert m.ImageName.parse("hst_06000_01_wfpc2_f814w") == m.ImageName(6000, "wfpc2", "")
    assert m.ImageName.parse("not_an_image") is None


def test_wilson_interval_matches_the_textbook_value() -> None:
    low, high = m.wilson_interval(14, 32)
    assert (round(low, 3), round(high, 3)) == (0.282, 0.607)


HITS_SQL = """CREATE TABLE IF NOT EXISTS sandbox_artifact_hits (MatchID INTEGER NOT NULL,
  Filter TEXT NOT NULL, ImageName TEXT NOT NULL, MJD REAL NOT NULL, dmag REAL NOT NULL, dci REAL NOT NULL,
  dd REAL NOT NULL)"""


def _light_curve_universe(path: Path) -> sqlite3.Connection:
    """Light curves of 8 epochs: a cosmic ray (CI drops at epoch 3), a blend (D wanders at every epoch), a
    chip edge (D jumps at epoch 5, CI steady) and a clean variable; and two standard candles in IC 1613."""
    conn = sqlite3.connect(path)
    conn.executescript(TABLES_SQL)
    conn.execute(HITS_SQL)
    _insert(conn, "Groups", [(2, "IC 1613")])
    _insert(conn, "HCVmatch", [(mid, 2, 0, 16.2, 2.1, 1, 0, 1) for mid in (30, 31, 32, 33, 40, 41)])
    noise = [0.01, -0.01, 0.02, -0.02, 0.0, 0.01, -0.01, 0.0]
    wander = [0.5, -0.8, 1.1, -0.3, 0.9, -1.0, 0.2, -0.6]
    rows, hits = [], []
    for mid in (30, 31, 32, 33):
        for i, eps in enumerate(noise):
            ci = 1.0 + eps - (0.4 if (mid, i) == (30, 3) else 0.0)
            d = 2.0 + eps + (3.0 if (mid, i) == (33, 5) else 0.0) + (wander[i] if mid == 31 else 0.0)
            image = f"hst_10000_{i:02d}_acs_wfc_f606w"
            rows.append((mid, "ACS_F606W", 53000.0 + i, image, 24.0, 24.0, 0.05, ci, d))
            if (mid, i) in ((30, 3), (33, 5)) or mid == 31:
                hits.append((mid, "ACS_F606W", image, 53000.0 + i, -0.1, ci - 1.0, d - 2.0))
    _insert(conn, "HCVdetailed", rows)
    conn.executemany("INSERT INTO sandbox_artifact_hits VALUES (?, ?, ?, ?, ?, ?, ?)", hits)
    _insert(conn, "sandbox_truth", [
        (30, "artifact", None, None, "cosmic_ray", "hst_10000_03_acs_wfc_f606w", None),
        (31, "artifact", None, None, "blend", "hst_10000_02_acs_wfc_f606w", None),
        (32, "cepheid", None, None, None, None, None),
        (33, "artifact", None, None, "chip_edge", "hst_10000_05_acs_wfc_f606w", None),
        (40, "rr_lyrae", None, None, None, None, None),
        (41, "rr_lyrae", None, None, None, None, None),
    ])  # fmt: skip
    # An RR Lyrae star at 24.9 fits IC 1613; one at 20.0 would be 4 mag brighter than any RR Lyrae star there.
    # Its UV row is not judged (RR Lyrae stars are faint in the UV), nor are the filters of other candles.
    # The light curves above are flat (CorrMag 24.0, MagErr 0.05): MAD 0 and Chi2 0 follow, 0.1 does not.
    _insert(conn, "HCVfilter", [
        (40, "ACS_F814W", 1, "AAAAA", 8, 24.9, 24.9, 0.1, 10.0),
        (40, "WFC3_F275W", 1, "AAAAA", 8, 27.0, 27.0, 0.1, 10.0),
        (41, "ACS_F606W", 1, "AAAAA", 8, 20.0, 20.0, 0.1, 10.0),
        (30, "ACS_F606W", 1, "AAAAA", 8, 24.0, 24.0, 0.0, 0.0),
        (31, "ACS_F606W", 0, "AAAAA", 8, 24.0, 24.0, 0.1, 5.0),
    ])  # fmt: skip
    conn.commit()
    return conn


@pytest.mark.parametrize("recorded_hits", [True, False])
def test_artifact_epochs_leave_traces_in_ci_and_d(tmp_path: Path, recorded_hits: bool) -> None:
    conn = _light_curve_universe(tmp_path / "lc.sqlite3")
    if not recorded_hits:  # an older universe: only the image of each artifact's largest trace is known
        conn.execute("DROP TABLE sandbox_artifact_hits")
    cosmic = truth.measure_artifact_traces(conn, ("cosmic_ray",))
    assert cosmic == truth.EpochTraces(epochs=1, ci_off=1, ci_or_d_off=1)
    edge = truth.measure_artifact_traces(conn, ("chip_edge",))
    assert edge == truth.EpochTraces(epochs=1, ci_off=0, ci_or_d_off=1)  # D moved, CI did not
    clean = truth.measure_control_traces(conn)
    assert clean == truth.EpochTraces(epochs=1, ci_off=0, ci_or_d_off=0)
    # The blend's D wanders by about a unit, the clean variable's by 0.01: their scatters differ ~70 times.
    assert truth.measure_blend_d_scatter(conn) > 30
    conn.close()


def test_standard_candles_must_fit_their_group_distance(tmp_path: Path) -> None:
    conn = _light_curve_universe(tmp_path / "lc.sqlite3")
    candles = truth.measure_candle_distances(conn)
    assert candles == truth.CandleDistances({"rr_lyrae": 2, "cepheid": 0}, {"rr_lyrae": 1, "cepheid": 0})
    assert candles.worst_fraction == pytest.approx(0.5)
    conn.close()
    assert truth.optical("ACS_F606W")
    assert truth.optical("WFPC2_F814W")
    assert truth.optical("ACS_F850LP")
    assert not truth.optical("WFC3_F275W")
    assert not truth.optical("WFC3_F110W")


def test_summary_statistics_follow_the_hcv_definitions(tmp_path: Path) -> None:
    nova = np.loadtxt(real.NOVA_CSV, delimiter=",", skiprows=1, usecols=(5, 6))
    mad, chi2 = m.light_curve_statistics(nova[:, 0], nova[:, 1])
    assert round(mad, 4) == 0.4599  # the real nova's summary row
    assert round(chi2, 4) == 77.4307
    conn = _light_curve_universe(tmp_path / "lc.sqlite3")
    assert m.measure_statistics_reproduced(conn) == pytest.approx(0.5)  # row 30 agrees, row 31 does not
    # Variable rows: 30 (Chi2 0), 40 twice and 41 (Chi2 10).
    assert m.measure_low_chi2_variable_fraction(conn) == pytest.approx(0.25)
    conn.close()

"""Realism of the demo-scale catalogue against the numbers of the real HCV (a build of a few seconds)."""

from __future__ import annotations

import sqlite3

import pytest

from hcvvet.sandbox.build import build_universe


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    out = tmp_path_factory.mktemp("sim") / "demo.sqlite"
    build_universe(out, scale="demo", seed=1)
    conn = sqlite3.connect(out)
    yield conn
    conn.close()


def test_candidate_fraction_is_near_the_real_two_percent(demo: sqlite3.Connection) -> None:
    objects, candidates = demo.execute("SELECT count(*), sum(AutoClass > 0) FROM HCVmatch").fetchone()
    assert 0.015 < candidates / objects < 0.035  # real HCV: 84,428 / 3.7 million = 2.3 %


def test_most_candidates_are_single_filter(demo: sqlite3.Connection) -> None:
    candidates, multi = demo.execute("SELECT sum(AutoClass > 0), sum(AutoClass = 2) FROM HCVmatch").fetchone()
    assert 0.08 < multi / candidates < 0.35  # real HCV: 13 %; the demo's named groups are two-filter fields


def test_ic1613_notebook_cone_has_the_real_shape(demo: sqlite3.Connection) -> None:
    both, candidates = demo.execute(
        "SELECT count(*), sum(AutoClass > 0) FROM HCVmatch m WHERE GroupID = 69810 AND "
        "(SELECT count(*) FROM HCVfilter f WHERE f.MatchID = m.MatchID "
        "AND f.Filter IN ('ACS_F475W', 'ACS_F814W')) = 2"
    ).fetchone()
    assert both == 17090  # as in the notebook's cone search
    assert 0.008 < candidates / both < 0.025  # real: 258 of 17,090


def _artifact_share(conn: sqlite3.Connection, auto_class: int) -> float:
    n, artifacts = conn.execute(
        "SELECT count(*), sum(ExpertClass = 4) FROM HCVmatch WHERE AutoClass = ? AND ExpertClass > 0",
        (auto_class,),
    ).fetchone()
    return artifacts / n


def test_experts_call_more_single_filter_candidates_artifacts(demo: sqlite3.Connection) -> None:
    sfvc, mfvc = _artifact_share(demo, 1), _artifact_share(demo, 2)
    assert sfvc > mfvc
    assert 0.1 < sfvc < 0.35  # real: 0.216 of SFVC and 0.158 of MFVC


def test_expert_artifacts_are_mostly_true_artifacts(demo: sqlite3.Connection) -> None:
    rows = dict(
        demo.execute(
            "SELECT t.nature = 'artifact', count(*) FROM HCVmatch m JOIN sandbox_truth t USING (MatchID) "
            "WHERE m.ExpertClass = 4 GROUP BY 1"
        ).fetchall()
    )
    assert rows[1] > rows.get(0, 0)


def test_validated_candidates_are_a_minority(demo: sqlite3.Connection) -> None:
    candidates, validated = demo.execute(
        "SELECT sum(AutoClass > 0), sum(ExpertClass > 0) FROM HCVmatch"
    ).fetchone()
    assert 0 < validated < candidates
    assert (
        demo.execute("SELECT count(*) FROM HCVmatch WHERE AutoClass = 0 AND ExpertClass > 0").fetchone()[0]
        == 0
    )

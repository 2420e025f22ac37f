"""Realism of the demo-scale catalogue against the numbers of the real HCV (a build of a few seconds)."""

from __future__ import annotations

import math
import re
import sqlite3

import pytest

from hcvvet.sandbox.universe.build import build_universe


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    out = tmp_path_factory.mktemp("sim") / "demo.sqlite"
    build_universe(out, scale="demo", seed=1)
    conn = sqlite3.connect(out)
    yield conn
    conn.close()


def test_candidate_fraction_is_near_the_real_two_percent(demo: sqlite3.Connection) -> None:
    objects, candidates = demo.execute("SELECT count(*), sum(AutoClass > 0) FROM HCVmatch").fetchone()
    assert 0.020 < candidates / objects < 0.026  # real HCV: 84,428 / 3.7 million = 2.3 %


def test_most_candidates_are_single_filter(demo: sqlite3.Connection) -> None:
    candidates, multi = demo.execute("SELECT sum(AutoClass > 0), sum(AutoClass = 2) FROM HCVmatch").fetchone()
    assert 0.10 < multi / candidates < 0.17  # real HCV: 11,115 / 84,428 = 13 %


def test_ic1613_notebook_cone_has_the_real_shape(demo: sqlite3.Connection) -> None:
    both, candidates = demo.execute(
        "SELECT count(*), sum(AutoClass > 0) FROM HCVmatch m WHERE GroupID = 69810 AND "
        "(SELECT count(*) FROM HCVfilter f WHERE f.MatchID = m.MatchID "
        "AND f.Filter IN ('ACS_F475W', 'ACS_F814W')) = 2"
    ).fetchone()
    assert both == 17090  # as in the notebook's cone search
    assert candidates == 258  # as in the notebook (the field's threshold is solved for this count)


REAL_EXPERT_FRACTIONS = {1: (0.408, 0.375, 0.216), 2: (0.390, 0.453, 0.158)}  # hcv-facts.md
REAL_VALIDATED = {1: 8139, 2: 5394}  # hcv-facts.md: objects with ExpertClass > 0 by AutoClass


def test_validated_subset_has_the_real_share_of_multi_filter_candidates(demo: sqlite3.Connection) -> None:
    sfvc, mfvc = demo.execute(
        "SELECT sum(AutoClass = 1), sum(AutoClass = 2) FROM HCVmatch WHERE ExpertClass > 0"
    ).fetchone()
    real = REAL_VALIDATED[2] / (REAL_VALIDATED[1] + REAL_VALIDATED[2])  # 0.399
    n = sfvc + mfvc
    # Three binomial sigmas of a subset this size: 0.07 for 500 objects.
    assert abs(mfvc / n - real) < 3 * math.sqrt(real * (1 - real) / n), (sfvc, mfvc)


@pytest.mark.parametrize("auto_class", [1, 2])
def test_validated_class_fractions_are_near_the_real_table(demo: sqlite3.Connection, auto_class: int) -> None:
    counts = dict(
        demo.execute(
            "SELECT ExpertClass, count(*) FROM HCVmatch WHERE AutoClass = ? AND ExpertClass > 0 GROUP BY 1",
            (auto_class,),
        ).fetchall()
    )
    total = sum(counts.values())
    assert total > 100
    for expert, real in zip((1, 2, 4), REAL_EXPERT_FRACTIONS[auto_class], strict=True):
        assert abs(counts.get(expert, 0) / total - real) < 0.08, (expert, counts)


def test_wfpc2_image_names_put_the_detector_last(demo: sqlite3.Connection) -> None:
    names = [r[0] for r in demo.execute("SELECT ImageName FROM sandbox_images WHERE Filter LIKE 'WFPC2%'")]
    assert names
    assert all(re.fullmatch(r"hst_\d{5}_[0-9a-z]{2}_wfpc2_f\d{3}w_wf", n) for n in names), names[:3]


def test_bad_images_make_several_candidates_jump_on_the_same_images(demo: sqlite3.Connection) -> None:
    rows = demo.execute(
        "SELECT t.artifact_image, count(*) FROM sandbox_truth t JOIN HCVmatch m USING (MatchID) "
        "WHERE t.artifact = 'bad_image' AND m.AutoClass > 0 GROUP BY 1"
    ).fetchall()
    assert rows
    image, n = max(rows, key=lambda r: r[1])
    assert n >= 3
    # Each of those candidates has its light curve on that image, off its median by the bad zero-point.
    offsets = demo.execute(
        "SELECT abs(d.CorrMag - f.MeanCorrMag) > f.MAD FROM HCVdetailed d JOIN HCVfilter f "
        "ON f.MatchID = d.MatchID AND f.Filter = d.Filter JOIN sandbox_truth t ON t.MatchID = d.MatchID "
        "JOIN HCVmatch m ON m.MatchID = d.MatchID "
        "WHERE d.ImageName = ? AND t.artifact = 'bad_image' AND m.AutoClass > 0",
        (image,),
    ).fetchall()
    assert len(offsets) >= n  # the other bad images of that set count too
    assert sum(o[0] for o in offsets) >= len(offsets) / 2


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


def test_experts_call_most_true_artifacts_and_few_true_variables_artifacts(demo: sqlite3.Connection) -> None:
    # Rates, not counts: the demo's validated subset is mostly IC 1613 and M87, fields with few artifacts.
    artifact_call_rate = dict(
        demo.execute(
            "SELECT t.nature = 'artifact', avg(m.ExpertClass = 4) FROM HCVmatch m "
            "JOIN sandbox_truth t USING (MatchID) "
            "WHERE m.ExpertClass > 0 AND t.nature != 'constant' GROUP BY 1"
        ).fetchall()
    )
    assert artifact_call_rate[1] > 0.5
    assert artifact_call_rate[0] < 0.2


def test_validated_candidates_are_a_minority(demo: sqlite3.Connection) -> None:
    candidates, validated = demo.execute(
        "SELECT sum(AutoClass > 0), sum(ExpertClass > 0) FROM HCVmatch"
    ).fetchone()
    assert 0 < validated < candidates
    assert (
        demo.execute("SELECT count(*) FROM HCVmatch WHERE AutoClass = 0 AND ExpertClass > 0").fetchone()[0]
        == 0
    )

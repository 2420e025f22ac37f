"""The contact sheet of cutouts (`python -m hcvvet.sandbox cutouts --db PATH --sheet out.png`)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from PIL import Image

from hcvvet.sandbox.__main__ import main
from hcvvet.sandbox.universe.sheet import KINDS, examples
from hcvvet.sandbox.universe.sky import hit_images


def test_cutouts_command_draws_a_row_per_artifact_kind_and_a_variable(
    sandbox_db: Path, tmp_path: Path, capsys
) -> None:
    sheet = tmp_path / "sheet.png"
    assert main(["cutouts", "--db", str(sandbox_db), "--sheet", str(sheet)]) == 0
    with closing(sqlite3.connect(sandbox_db)) as conn:
        shown = examples(conn)
        present = {
            kind
            for (kind,) in conn.execute(
                "SELECT DISTINCT artifact FROM sandbox_truth WHERE artifact IS NOT NULL"
            )
        }
        for ex in shown:
            if ex.label.startswith("real variable"):
                continue
            kind, image, notes = conn.execute(
                "SELECT artifact, artifact_image, notes FROM sandbox_truth WHERE MatchID = ?", (ex.match_id,)
            ).fetchone()
            assert ex.label == kind.replace("_", " ")
            if kind != "blend":  # a blend is on every epoch: its worst epoch is shown beside its best
                hits = {image, *hit_images(notes)}
                assert ex.fault_image in hits
                assert ex.normal_image not in hits
    labels = [ex.label for ex in shown]
    assert present  # the tiny universe has artifacts, and the sheet a row for each kind, in order
    assert [k.replace("_", " ") for k in KINDS if k in present] == labels[:-1]
    assert labels[-1] == "real variable (nova)"  # the tiny universe holds the real M87 nova
    out = capsys.readouterr().out
    assert all(f"MatchID {ex.match_id}" in out for ex in shown)
    image = Image.open(sheet)
    assert image.format == "PNG"
    assert image.mode == "L"
    assert image.size[1] > 150 * len(shown)  # a row of cutouts per example


def test_cutouts_command_without_a_universe_file_says_so(tmp_path: Path, capsys) -> None:
    assert (
        main(["cutouts", "--db", str(tmp_path / "missing.sqlite"), "--sheet", str(tmp_path / "s.png")]) == 2
    )
    assert "no universe file" in capsys.readouterr().err
    assert not (tmp_path / "s.png").exists()

"""Cutouts of the simulated sky (what the sandbox's fitscut endpoint serves)."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hcvvet.sandbox.universe.sky import render_cutout

NOVA = (187.716370, 12.398979)


@pytest.fixture(scope="module")
def sky(sandbox_db: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(sandbox_db)
    yield conn
    conn.close()


def _pixels(jpeg: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    assert image.mode == "L"
    return np.asarray(image, dtype=float)


def _nova_epochs(sky: sqlite3.Connection) -> list[tuple[str, float]]:
    return sky.execute(
        "SELECT ImageName, Mag FROM HCVdetailed WHERE MatchID = 1905457 AND Filter = 'ACS_F606W' ORDER BY Mag"
    ).fetchall()


@pytest.mark.parametrize(("size", "zoom", "side"), [(33, 1, 33), (101, 1, 101), (19, 3, 57), (101, 0.5, 50)])
def test_cutout_is_a_jpeg_of_the_requested_size(
    sky: sqlite3.Connection, size: int, zoom: float, side: int
) -> None:
    image, _ = _nova_epochs(sky)[0]
    pixels = _pixels(render_cutout(sky, image, *NOVA, size=size, zoom=zoom))
    assert pixels.shape == (side, side)


def test_nova_is_brighter_on_its_brightest_epoch(sky: sqlite3.Connection) -> None:
    epochs = _nova_epochs(sky)
    (bright, _), (faint, _) = epochs[0], epochs[-1]
    centre = slice(48, 53)
    bright_px = _pixels(render_cutout(sky, bright, *NOVA, size=101))[centre, centre].mean()
    faint_px = _pixels(render_cutout(sky, faint, *NOVA, size=101))[centre, centre].mean()
    assert bright_px > faint_px + 30


def test_same_request_gives_the_same_image_and_asinh_changes_it(sky: sqlite3.Connection) -> None:
    image, _ = _nova_epochs(sky)[5]
    first = render_cutout(sky, image, *NOVA, size=33)
    assert first == render_cutout(sky, image, *NOVA, size=33)
    assert first != render_cutout(sky, image, *NOVA, size=33, asinh=False)
    assert first != render_cutout(sky, image, *NOVA, size=33, autoscale=90)


def _white_pixels(sky: sqlite3.Connection, image: str, ra: float, dec: float) -> int:
    pixels = _pixels(render_cutout(sky, image, ra, dec, size=41, asinh=False))
    return int((pixels[10:31, 10:31] > 230).sum())


def test_cosmic_ray_shows_on_its_image_and_not_on_the_others(sky: sqlite3.Connection) -> None:
    rows = sky.execute(
        "SELECT t.MatchID, t.artifact_image, t.notes, m.RA, m.Dec, i.Filter FROM sandbox_truth t "
        "JOIN HCVmatch m USING (MatchID) JOIN sandbox_images i ON i.ImageName = t.artifact_image "
        "WHERE t.artifact = 'cosmic_ray' ORDER BY t.MatchID"
    ).fetchall()
    assert rows
    match_id, hit_image, notes, ra, dec, filt = rows[0]
    hits = set(notes.removeprefix("hits=").split(","))
    clean = [
        r[0]
        for r in sky.execute(
            "SELECT ImageName FROM HCVdetailed WHERE MatchID = ? AND Filter = ? ORDER BY MJD",
            (match_id, filt),
        )
        if r[0] not in hits
    ]
    assert clean
    with_ray = _white_pixels(sky, hit_image, ra, dec)
    assert all(with_ray > _white_pixels(sky, other, ra, dec) for other in clean)


def test_unknown_image_raises_key_error(sky: sqlite3.Connection) -> None:
    with pytest.raises(KeyError):
        render_cutout(sky, "hst_99999_zz_acs_wfc_f606w", *NOVA)


@pytest.mark.parametrize(("size", "zoom"), [(0, 1), (1001, 1), (33, 0.001), (33, 11)])
def test_out_of_range_arguments_raise_value_error(sky: sqlite3.Connection, size: int, zoom: float) -> None:
    image, _ = _nova_epochs(sky)[0]
    with pytest.raises(ValueError, match=r"size|zoom"):
        render_cutout(sky, image, *NOVA, size=size, zoom=zoom)


def test_field_without_catalogued_stars_is_just_sky(sky: sqlite3.Connection, tmp_path: Path) -> None:
    image, _ = _nova_epochs(sky)[0]
    pixels = _pixels(render_cutout(sky, image, NOVA[0] + 0.5, NOVA[1] + 0.5, size=33))
    assert pixels.max() < 200

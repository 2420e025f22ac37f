"""Cutouts of the simulated sky (what the sandbox's fitscut endpoint serves)."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hcvvet.sandbox.universe import sky as sky_module
from hcvvet.sandbox.universe.sky import (
    SKY_LEVEL,
    SPIKE_OFFSET_DEG,
    ImageInfo,
    image_info,
    render_cutout,
    render_pixels,
)

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
    # On M87's light, which sets the image's white level, the nova at its peak is some 3x the galaxy.
    assert bright_px > faint_px + 15


def test_same_request_gives_the_same_image_and_asinh_changes_it(sky: sqlite3.Connection) -> None:
    image, _ = _nova_epochs(sky)[5]
    first = render_cutout(sky, image, *NOVA, size=33)
    assert first == render_cutout(sky, image, *NOVA, size=33)
    assert first != render_cutout(sky, image, *NOVA, size=33, asinh=False)
    assert first != render_cutout(sky, image, *NOVA, size=33, autoscale=90)


def _white_pixels(sky: sqlite3.Connection, image: str, ra: float, dec: float) -> int:
    """White pixels within 3 px of the centre of a 41 px cutout (linear stretch)."""
    pixels = _pixels(render_cutout(sky, image, ra, dec, size=41, asinh=False))
    return int((pixels[17:24, 17:24] > 230).sum())


def test_cosmic_ray_shows_on_its_image_and_not_on_the_others(sky: sqlite3.Connection) -> None:
    rows = sky.execute(
        "SELECT t.MatchID, t.artifact_image, t.notes, m.RA, m.Dec, i.Filter FROM sandbox_truth t "
        "JOIN HCVmatch m USING (MatchID) JOIN sandbox_images i ON i.ImageName = t.artifact_image "
        "WHERE t.artifact = 'cosmic_ray' AND i.single_exposure = 1 AND i.Filter NOT LIKE 'WFC3%' "
        "ORDER BY t.MatchID"
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
    # Other single exposures have cosmic rays of their own, but rarely across the object.
    assert with_ray > np.median([_white_pixels(sky, other, ra, dec) for other in clean]) + 3


def test_unknown_image_raises_key_error(sky: sqlite3.Connection) -> None:
    with pytest.raises(KeyError):
        render_cutout(sky, "hst_99999_zz_acs_wfc_f606w", *NOVA)


@pytest.mark.parametrize(("size", "zoom"), [(0, 1), (1001, 1), (33, 0.001), (33, 11)])
def test_out_of_range_arguments_raise_value_error(sky: sqlite3.Connection, size: int, zoom: float) -> None:
    image, _ = _nova_epochs(sky)[0]
    with pytest.raises(ValueError, match=r"size|zoom"):
        render_cutout(sky, image, *NOVA, size=size, zoom=zoom)


def test_field_without_catalogued_stars_is_just_sky(sky: sqlite3.Connection) -> None:
    image, _ = _nova_epochs(sky)[0]
    pixels = _pixels(render_cutout(sky, image, NOVA[0] + 0.5, NOVA[1] + 0.5, size=33))
    assert pixels.max() < 200
    counts = render_pixels(sky, image_info(sky, image), NOVA[0] + 0.5, NOVA[1] + 0.5, 33)
    assert abs(np.median(counts) - SKY_LEVEL) < 0.5
    assert np.percentile(counts, 99) < SKY_LEVEL + 3.5


# ------------------------------------------------------------------------------------ what HST images show

M87_GROUP = 1072340
IC1613_GROUP = 69810


def _bad_images(sky: sqlite3.Connection) -> set[str]:
    bad: set[str] = set()
    for image, notes in sky.execute(
        "SELECT artifact_image, notes FROM sandbox_truth WHERE artifact = 'bad_image'"
    ).fetchall():
        bad |= {image, *(notes or "").removeprefix("hits=").split(",")}
    return bad


def _good_images(sky: sqlite3.Connection, group_id: int, filt: str) -> list[str]:
    images = sky.execute(
        "SELECT ImageName FROM sandbox_images WHERE GroupID = ? AND Filter = ? ORDER BY MJD", (group_id, filt)
    ).fetchall()
    bad = _bad_images(sky)
    return [i for (i,) in images if i not in bad]


def _brightest(sky: sqlite3.Connection, group_id: int, filt: str) -> tuple[float, float]:
    return sky.execute(
        "SELECT m.RA, m.Dec FROM HCVmatch m JOIN HCVfilter f USING (MatchID) WHERE m.GroupID = ? "
        "AND f.Filter = ? ORDER BY f.MeanMag LIMIT 1",
        (group_id, filt),
    ).fetchone()


def _azimuthal_excess(counts: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Light above the ring's median, per degree of azimuth (0-359, pixel frame), summed over ``radii``."""
    centre = (counts.shape[0] - 1) / 2
    angles = np.radians(np.arange(360.0))
    excess = np.zeros(360)
    for r in radii:
        ring = counts[
            np.rint(centre + r * np.sin(angles)).astype(int), np.rint(centre + r * np.cos(angles)).astype(int)
        ]
        excess += ring - np.median(ring)
    return excess


def test_a_bright_star_has_four_diffraction_spikes_turned_with_the_image(sky: sqlite3.Connection) -> None:
    ra, dec = _brightest(sky, M87_GROUP, "ACS_F814W")
    images = _good_images(sky, M87_GROUP, "ACS_F814W")
    measured = []
    for image in (images[0], images[-1]):
        info = image_info(sky, image)
        excess = _azimuthal_excess(render_pixels(sky, info, ra, dec, 81), np.arange(8, 25, 0.5))
        spike = round(np.degrees(info.pixel_angle(SPIKE_OFFSET_DEG))) % 90
        arms = [excess[(spike + 90 * k) % 360] for k in range(4)]
        between = [excess[(spike + 45 + 90 * k) % 360] for k in range(4)]
        noise = np.median(np.abs(excess))
        assert min(arms) > 3 * noise, (arms, noise)  # four arms, each well above the ring
        assert max(between) < min(arms) / 2
        measured.append(int(np.argmax(excess.reshape(4, 90).sum(axis=0))))
    # Months apart the telescope's roll differs, and the spikes turn with it.
    rolled = (image_info(sky, images[-1]).orientation_deg - image_info(sky, images[0]).orientation_deg) % 90
    assert min(rolled, 90 - rolled) > 5
    # Position angles run counter-clockwise on a north-up, east-left cutout, pixel angles clockwise.
    turned = (measured[1] - measured[0] + rolled) % 90
    assert min(turned, 90 - turned) <= 3


def test_no_cosmic_rays_on_wfc3_ir_even_on_single_exposures(sandbox_db: Path, tmp_path: Path) -> None:
    """The same single exposure drawn as ACS/WFC shows cosmic rays; drawn as WFC3/IR it shows none."""
    copy = tmp_path / "universe.sqlite"
    copy.write_bytes(sandbox_db.read_bytes())
    with closing(sqlite3.connect(copy)) as conn:
        image, ra, dec = conn.execute(
            "SELECT ImageName, ra, dec FROM sandbox_images WHERE GroupID = ? ORDER BY MJD LIMIT 1",
            (M87_GROUP,),
        ).fetchone()

        def drawn(filt: str, single: int) -> np.ndarray:
            conn.execute(
                "UPDATE sandbox_images SET Filter = ?, single_exposure = ? WHERE ImageName = ?",
                (filt, single, image),
            )
            conn.commit()
            return render_pixels(conn, image_info(conn, image), ra, dec, 301)

        assert (drawn("ACS_F606W", 1) - drawn("ACS_F606W", 0) > 20).sum() > 50  # tracks on the ACS exposure
        assert np.array_equal(drawn("WFC3_F160W", 1), drawn("WFC3_F160W", 0))


def _chip_edge_hit(sky: sqlite3.Connection) -> tuple[str, float, float]:
    return sky.execute(
        "SELECT t.artifact_image, m.RA, m.Dec FROM sandbox_truth t JOIN HCVmatch m USING (MatchID) "
        "WHERE t.artifact = 'chip_edge' AND t.artifact_image IS NOT NULL ORDER BY t.MatchID LIMIT 1"
    ).fetchone()


def test_a_chip_edge_lies_at_the_same_place_in_the_19_and_101_px_cutouts(sky: sqlite3.Connection) -> None:
    image, ra, dec = _chip_edge_hit(sky)
    info = image_info(sky, image)
    small = render_pixels(sky, info, ra, dec, 19) == 0
    large = render_pixels(sky, info, ra, dec, 101) == 0
    assert 0 < small.mean() < 1  # the edge runs beside the object: part of the small cutout has no data
    assert 0.05 < large.mean() < 0.6  # ... and a strip of the context cutout, not all of it
    assert np.array_equal(small, large[41:60, 41:60])
    # A context cutout centred elsewhere (20 px west, 10 px north) has the edge at the same sky pixels.
    step = info.pixel_scale / 3600
    moved = render_pixels(sky, info, ra - 20 * step / np.cos(np.radians(dec)), dec + 10 * step, 101) == 0
    assert np.array_equal(small, moved[51:70, 21:40])
    jpeg_small = _pixels(render_cutout(sky, image, ra, dec, size=19)) < 8
    jpeg_large = _pixels(render_cutout(sky, image, ra, dec, size=101))[41:60, 41:60] < 8
    assert (jpeg_small == jpeg_large).mean() > 0.95


def test_overlapping_cutouts_of_one_image_show_the_same_pixels(sky: sqlite3.Connection) -> None:
    image = _good_images(sky, IC1613_GROUP, "ACS_F814W")[0]
    ra, dec = _brightest(sky, IC1613_GROUP, "ACS_F814W")
    info = image_info(sky, image)
    small = render_pixels(sky, info, ra, dec, 19)
    large = render_pixels(sky, info, ra, dec, 101)
    assert np.allclose(small, large[41:60, 41:60], atol=1e-6)


def test_a_bad_image_smears_every_star(sky: sqlite3.Connection) -> None:
    image, group_id, filt = sky.execute(
        "SELECT t.artifact_image, i.GroupID, i.Filter FROM sandbox_truth t JOIN sandbox_images i "
        "ON i.ImageName = t.artifact_image WHERE t.artifact = 'bad_image' ORDER BY t.MatchID LIMIT 1"
    ).fetchone()
    good = _good_images(sky, group_id, filt)[0]
    ra, dec = _brightest(sky, group_id, filt)

    def elongation(name: str) -> float:
        counts = render_pixels(sky, image_info(sky, name), ra, dec, 41)
        light = np.clip(counts - np.median(counts), 0, None)[10:31, 10:31]
        yy, xx = np.mgrid[0:21, 0:21]
        total = light.sum()
        mx, my = (light * xx).sum() / total, (light * yy).sum() / total
        cov = np.cov(np.vstack([(xx - mx).ravel(), (yy - my).ravel()]), aweights=light.ravel())
        small, large = np.linalg.eigvalsh(cov)
        return float(np.sqrt(large / small))

    assert elongation(image) > 1.5 * elongation(good)


def test_a_local_group_field_is_crowded_with_stars_below_the_catalogue(sky: sqlite3.Connection) -> None:
    """IC 1613's cutouts show many more stars than the catalogue lists, the same ones on every epoch."""
    images = _good_images(sky, IC1613_GROUP, "ACS_F814W")
    first, last = images[0], images[-1]
    ra, dec = _brightest(sky, IC1613_GROUP, "ACS_F814W")
    a = render_pixels(sky, image_info(sky, first), ra, dec, 201)
    b = render_pixels(sky, image_info(sky, last), ra, dec, 201)
    inner = a[1:-1, 1:-1]
    neighbours = [a[1 + dy : 200 + dy, 1 + dx : 200 + dx] for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    peaks = (inner > SKY_LEVEL + 10) & (inner == np.max(neighbours, axis=0))
    half = 100 * 0.05 / 3600
    listed = sky.execute(
        "SELECT count(*) FROM HCVmatch m JOIN HCVfilter f USING (MatchID) WHERE f.Filter = 'ACS_F814W' "
        "AND m.Dec BETWEEN ? AND ? AND m.RA BETWEEN ? AND ?",
        (dec - half, dec + half, ra - half / np.cos(np.radians(dec)), ra + half / np.cos(np.radians(dec))),
    ).fetchone()[0]
    assert peaks.sum() > 10 * max(listed, 1)
    assert np.corrcoef(a.ravel(), b.ravel())[0, 1] > 0.8


def test_galaxy_light_rises_toward_the_centre_of_m87(sky: sqlite3.Connection) -> None:
    image, _ = _nova_epochs(sky)[0]
    info = image_info(sky, image)
    centre_ra, centre_dec = 187.70593, 12.39112  # M87's nucleus
    levels = []
    for fraction in (1.6, 1.0, 0.5, 0.25):  # from beyond the nova's distance in toward the nucleus
        ra = centre_ra + fraction * (NOVA[0] - centre_ra)
        dec = centre_dec + fraction * (NOVA[1] - centre_dec)
        levels.append(np.median(render_pixels(sky, info, ra, dec, 33)))
    assert levels == sorted(levels)
    assert levels[0] > SKY_LEVEL + 5  # even out there the galaxy outshines the sky
    assert levels[-1] > 3 * levels[0]


def test_the_same_request_gives_the_same_bytes_after_the_caches_are_dropped(sky: sqlite3.Connection) -> None:
    image, _ = _nova_epochs(sky)[3]
    first = render_cutout(sky, image, *NOVA, size=101)
    sky_module._CACHE.clear()
    assert render_cutout(sky, image, *NOVA, size=101) == first


def test_a_spike_crosses_its_victim_on_the_image_at_fault_and_misses_it_at_another_roll(
    sky: sqlite3.Connection,
) -> None:
    match_id, image, notes, ra, dec, filt = sky.execute(
        "SELECT t.MatchID, t.artifact_image, t.notes, m.RA, m.Dec, i.Filter FROM sandbox_truth t "
        "JOIN HCVmatch m USING (MatchID) JOIN sandbox_images i ON i.ImageName = t.artifact_image "
        "WHERE t.artifact = 'diffraction_spike' ORDER BY t.MatchID LIMIT 1"
    ).fetchone()
    fault = image_info(sky, image)
    hits = {image, *notes.removeprefix("hits=").split(",")}
    others = [
        image_info(sky, name)
        for (name,) in sky.execute(
            "SELECT ImageName FROM HCVdetailed WHERE MatchID = ? AND Filter = ? ORDER BY MJD",
            (match_id, filt),
        )
        if name not in hits and name not in _bad_images(sky)
    ]
    rolled = [o for o in others if 10 < (o.orientation_deg - fault.orientation_deg) % 90 < 80]
    assert rolled

    def light_around_the_object(info: ImageInfo) -> float:
        """Light above the median on a ring 2.5-6 px round the object (its own core left out)."""
        counts = render_pixels(sky, info, ra, dec, 19)
        yy, xx = np.mgrid[0:19, 0:19]
        ring = (np.hypot(xx - 9, yy - 9) > 2.5) & (np.hypot(xx - 9, yy - 9) < 6)
        return float(np.clip(counts[ring] - np.median(counts), 0, None).sum())

    assert light_around_the_object(fault) > 2 * max(light_around_the_object(o) for o in rolled)

"""HLA fitscut emulation: JPEG cutouts of the simulated sky, fetched as the notebook's get_hla_cutout does."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing

import numpy as np
import pytest
import requests
from PIL import Image

HTTP_TIMEOUT_S = 30  # seconds: a sandbox that stops answering fails the test instead of hanging it

NOVA = (1905457, 187.716370, 12.398979)


def get_hla_cutout(sb, imagename, ra, dec, size=33, autoscale=99.5, asinh=True, zoom=1):
    r = requests.get(
        sb.urls["fitscut"],
        params={
            "ra": ra,
            "dec": dec,
            "size": size,
            "format": "jpeg",
            "red": imagename,
            "autoscale": autoscale,
            "asinh": asinh,
            "zoom": zoom,
        },
        timeout=HTTP_TIMEOUT_S,
    )
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "image/jpeg"
    return Image.open(io.BytesIO(r.content))


def _nova_epochs(sb):
    with closing(sqlite3.connect(sb.app.universe)) as conn:
        return conn.execute(
            "select ImageName, CorrMag from HCVdetailed "
            "where MatchID=? and Filter='ACS_F606W' order by CorrMag",
            (NOVA[0],),
        ).fetchall()


def _centre(im, half=2):
    a = np.asarray(im, dtype=float)
    c = a.shape[0] // 2
    return a[c - half : c + half + 1, c - half : c + half + 1].mean()


def test_cutout_is_a_grayscale_jpeg_of_size_times_zoom(sandbox):
    image = _nova_epochs(sandbox)[0][0]
    im = get_hla_cutout(sandbox, image, NOVA[1], NOVA[2], size=19)
    assert im.format == "JPEG"
    assert im.mode == "L"
    assert im.size == (19, 19)
    assert get_hla_cutout(sandbox, image, NOVA[1], NOVA[2], size=20, zoom=2).size == (40, 40)


def test_centre_brightens_when_the_nova_is_brighter(sandbox):
    epochs = _nova_epochs(sandbox)
    (bright, bright_mag), (faint, faint_mag) = epochs[0], epochs[-1]
    assert faint_mag - bright_mag > 1.5
    bright_px = _centre(get_hla_cutout(sandbox, bright, NOVA[1], NOVA[2], size=19))
    faint_px = _centre(get_hla_cutout(sandbox, faint, NOVA[1], NOVA[2], size=19))
    assert bright_px > faint_px + 10


def test_parameter_names_are_case_insensitive(sandbox):
    image = _nova_epochs(sandbox)[0][0]
    upper = requests.get(
        sandbox.urls["fitscut"],
        params={"RA": NOVA[1], "DEC": NOVA[2], "Size": 19, "Red": image, "FORMAT": "jpeg"},
        timeout=HTTP_TIMEOUT_S,
    )
    lower = requests.get(
        sandbox.urls["fitscut"],
        params={"ra": NOVA[1], "dec": NOVA[2], "size": 19, "red": image},
        timeout=HTTP_TIMEOUT_S,
    )
    assert upper.status_code == 200
    assert upper.content == lower.content


def test_missing_or_unknown_image_is_500_text(sandbox):
    for params in ({"ra": 1, "dec": 2}, {"ra": 1, "dec": 2, "red": "hst_00000_00_acs_wfc_f606w"}):
        r = requests.get(sandbox.urls["fitscut"], params=params, timeout=HTTP_TIMEOUT_S)
        assert r.status_code == 500
        assert r.headers["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        {"ra": "x", "dec": 2, "size": 19},
        {"dec": 2, "size": 19},
        {"ra": 1, "dec": 2, "size": 0},
        {"ra": 1, "dec": 2, "size": 19, "zoom": 100},
        {"ra": 1, "dec": 2, "size": 19, "asinh": "maybe"},
        {"ra": 1, "dec": 2, "size": 19, "format": "png"},
    ],
)
def test_bad_parameters_are_4xx_with_a_message(sandbox, params):
    image = _nova_epochs(sandbox)[0][0]
    r = requests.get(sandbox.urls["fitscut"], params={**params, "red": image}, timeout=HTTP_TIMEOUT_S)
    assert r.status_code == 400
    assert r.text.startswith("fitscut:")

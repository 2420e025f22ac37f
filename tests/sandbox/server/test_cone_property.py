"""The sandbox's cone search (CasJobs and the catalogs API share `sql.cone_condition`) against astropy's
separation, on random fields at mid and high declinations and across RA 0/360, with points on the edge."""

import sqlite3

import numpy as np
from astropy import units as u
from astropy.coordinates import SkyCoord
from hypothesis import given, settings
from hypothesis import strategies as st

from hcvvet.sandbox.server.sql import cone_condition, register_functions


def _points_around(ra: float, dec: float, radius_deg: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random points within three radii of the centre; a third just inside or just outside the edge."""
    rng = np.random.default_rng(seed)
    centre = SkyCoord(ra * u.deg, dec * u.deg)
    angle = rng.uniform(0, 360, 600) * u.deg
    distance = np.concatenate(
        [rng.uniform(0, 3 * radius_deg, 400), radius_deg * (1 + rng.choice([-1e-6, 1e-6], 200))]
    )
    points = centre.directional_offset_by(angle, distance * u.deg)
    return points.ra.deg, points.dec.deg


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    ra=st.sampled_from([0.0, 0.01, 10.0, 187.7, 359.99]) | st.floats(0, 360, exclude_max=True),
    dec=st.floats(-80, 80),
    radius_arcsec=st.floats(1, 1800),
)
def test_cone_condition_selects_exactly_the_points_astropy_puts_inside(ra, dec, radius_arcsec):
    radius_deg = radius_arcsec / 3600
    ras, decs = _points_around(ra, dec, radius_deg, seed=abs(hash((ra, dec, radius_arcsec))))
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("CREATE TABLE t (id INTEGER, RA REAL, Dec REAL)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", zip(range(len(ras)), ras, decs, strict=True))
    query = f"SELECT id FROM t WHERE {cone_condition(ra, dec, radius_deg)}"
    found = {row[0] for row in conn.execute(query)}
    separation = SkyCoord(ras * u.deg, decs * u.deg).separation(SkyCoord(ra * u.deg, dec * u.deg)).deg
    inside = set(np.flatnonzero(separation <= radius_deg * (1 - 1e-9)).tolist())
    outside = set(np.flatnonzero(separation > radius_deg * (1 + 1e-9)).tolist())
    assert inside <= found
    assert not (outside & found)

"""What lies in a group's field besides its catalogued objects: galaxy light, unresolved stars, galaxies.

Positions are offsets in arcsec in the group's tangent plane (X east, Y north of the group centre). Everything
is drawn in fixed sky cells seeded by the group, so every cutout of the field, whatever its centre, size,
filter or epoch, shows the same stars at the same places.

Field kinds (the target of a group):

- ``local_group``: a resolved Local Group galaxy (IC 1613, M31, NGC 147): a crowd of stars below the
  catalogue's limit and faint smooth light of the rest.
- ``globular_cluster``: a cluster resolved into stars (47 Tuc, NGC 2808), densest at its core.
- ``galaxy``: a nearby galaxy, partly resolved: an exponential disk and some unresolved stars.
- ``distant_galaxy``: a galaxy too far to resolve (M87 at 16 Mpc): smooth de Vaucouleurs light.
- ``deep_field``: no target; only faint background galaxies.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

import numpy as np

from .plans import M87_GROUP, NAMED_TARGETS

CELL_ARCSEC = 4.0
BACKGROUND_GALAXIES_PER_ARCSEC2 = 0.06  # galaxies behind every field to ~0.5 mag below the limit
# Stars below the catalogue per arcsec2 of field, by kind: resolved fields are crowded with them.
UNRESOLVED_PER_ARCSEC2 = {"local_group": 8.0, "globular_cluster": 40.0, "galaxy": 1.5}
CORE_RADIUS_ARCSEC = 20.0  # of a globular cluster's crowding
# Named targets whose kind is known; other groups take theirs from the build (``sandbox_groups``) or are
# nearby galaxies.
NAMED_KINDS = {
    "IC 1613": "local_group",
    "IC1613-WFPC2": "local_group",
    "M31": "local_group",
    "NGC 147": "local_group",
    "NGC 185": "local_group",
    "SMC-NGC 261": "local_group",
    "47 TUC": "globular_cluster",
    "NGC 2808": "globular_cluster",
    "EGS": "deep_field",
    "M87": "distant_galaxy",
}
KINDS = ("local_group", "globular_cluster", "galaxy", "distant_galaxy", "deep_field")


@dataclass(frozen=True)
class Galaxy:
    """A Sersic light profile: V surface brightness ``mu_e`` (mag/arcsec2) at the effective radius."""

    x_arcsec: float
    y_arcsec: float
    re_arcsec: float
    mu_e: float
    sersic_n: float
    axis_ratio: float
    pa_rad: float
    colour_vi: float

    def mu_v(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """V surface brightness (mag/arcsec2) at offsets (x, y) arcsec; the core is softened inside 0.1"."""
        dx, dy = x - self.x_arcsec, y - self.y_arcsec
        c, s = math.cos(self.pa_rad), math.sin(self.pa_rad)
        major, minor = dx * s + dy * c, (dx * c - dy * s) / self.axis_ratio
        r = np.hypot(major, minor) + 0.1
        b = 2 * self.sersic_n - 1 / 3
        return self.mu_e + 2.5 / math.log(10) * b * ((r / self.re_arcsec) ** (1 / self.sersic_n) - 1)


@dataclass(frozen=True)
class FieldModel:
    group_id: int
    kind: str
    ra: float
    dec: float
    radius_arcsec: float
    galaxy: Galaxy | None
    unresolved_per_arcsec2: float

    def offsets(self, ra: np.ndarray, dec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Tangent-plane offsets (arcsec, X east, Y north) of positions in degrees."""
        dra = (np.asarray(ra, dtype=float) - self.ra + 180.0) % 360.0 - 180.0
        x = dra * math.cos(math.radians(self.dec)) * 3600
        return x, (np.asarray(dec, dtype=float) - self.dec) * 3600

    def crowding(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Unresolved stars per arcsec2 at offsets (x, y)."""
        r2 = np.asarray(x) ** 2 + np.asarray(y) ** 2
        if self.kind == "globular_cluster":
            return self.unresolved_per_arcsec2 / (1 + r2 / CORE_RADIUS_ARCSEC**2)
        return self.unresolved_per_arcsec2 * np.exp(-0.5 * r2 / (1.5 * self.radius_arcsec) ** 2)


def one_row(conn: sqlite3.Connection, sql: str, key: object) -> tuple:
    """The row ``sql`` selects for its one parameter ``key``; KeyError(key) when the universe has none."""
    row = conn.execute(sql, (key,)).fetchone()
    if row is None:
        raise KeyError(key)
    return row


def field_model(conn: sqlite3.Connection, group_id: int) -> FieldModel:
    """The field of ``group_id``: its kind (from ``sandbox_groups.population`` when the build records it,
    else from ``distance_modulus``, else from the target name) and the light of its target."""
    cols = {r[1] for r in conn.execute("PRAGMA table_info(sandbox_groups)")}
    extra = [c for c in ("population", "distance_modulus") if c in cols]
    row = one_row(
        conn,
        f"SELECT g.ra, g.dec, g.radius_deg, t.TargetName{''.join(', g.' + c for c in extra)} "  # noqa: S608
        "FROM sandbox_groups g JOIN Groups t USING (GroupID) WHERE g.GroupID = ?",  # (fixed column names)
        group_id,
    )
    ra, dec, radius_deg, target = row[:4]
    known = dict(zip(extra, row[4:], strict=True))
    kind = _kind(target, known.get("population"), known.get("distance_modulus"))
    radius = (radius_deg or 0.03) * 3600
    model = FieldModel(group_id, kind, ra, dec, radius, None, UNRESOLVED_PER_ARCSEC2.get(kind, 0.0))
    return FieldModel(**{**model.__dict__, "galaxy": _galaxy(model, group_id, target)})


def _kind(target: str, population: str | None, distance_modulus: float | None) -> str:
    if population in KINDS:
        return str(population)
    if target in NAMED_KINDS:
        return NAMED_KINDS[target]
    if distance_modulus is not None:
        if distance_modulus < 25.5:
            return "local_group"
        return "galaxy" if distance_modulus < 29.5 else "distant_galaxy"
    return "galaxy"


def _galaxy(model: FieldModel, group_id: int, target: str) -> Galaxy | None:
    """The target's light: M87 as measured (de Vaucouleurs, Re 80", mu_e(V) 21.3), others by kind."""
    rng = np.random.default_rng([group_id, 7])
    q, pa = float(rng.uniform(0.5, 0.95)), float(rng.uniform(0, math.pi))
    if group_id == M87_GROUP or target == "M87":
        ra, dec = NAMED_TARGETS["M87"][:2]
        x, y = model.offsets(np.array(ra), np.array(dec))
        return Galaxy(float(x), float(y), 80.0, 21.3, 4.0, 0.92, math.radians(160), 1.25)
    r = model.radius_arcsec
    if model.kind == "distant_galaxy":
        return Galaxy(0.0, 0.0, 0.6 * r, float(rng.uniform(20.8, 21.8)), 4.0, q, pa, 1.2)
    if model.kind == "galaxy":
        return Galaxy(0.0, 0.0, 1.2 * r, float(rng.uniform(21.0, 22.0)), 1.0, q, pa, 0.8)
    if model.kind == "local_group":  # resolved: what stays smooth is faint
        return Galaxy(0.0, 0.0, 2.0 * r, float(rng.uniform(24.0, 25.0)), 1.0, q, pa, 0.8)
    return None  # a globular cluster is resolved into its crowd of stars; a deep field has no target


@dataclass(frozen=True)
class Sources:
    """Sources drawn in sky cells: offsets (arcsec), magnitude above the limit, V-I, size (arcsec)."""

    x: np.ndarray
    y: np.ndarray
    dmag: np.ndarray
    colour: np.ndarray
    size_arcsec: np.ndarray


def cell_sources(model: FieldModel, x_lo: float, x_hi: float, y_lo: float, y_hi: float) -> Sources:
    """Unresolved stars and background galaxies in the box (arcsec offsets), from the cells it touches.

    Star magnitudes follow a luminosity function rising 0.3 dex per mag from 5 mag above the limit to 1.5 mag
    below it (most too faint to detect singly, they make the grainy light of a crowded field; the few
    brighter ones are the field stars the catalogue did not keep); galaxies are 0.15-0.6" Gaussian blobs from
    4 mag above the limit to 0.5 mag below it.
    """
    parts = [
        _cell(model, cx, cy)
        for cx in range(math.floor(x_lo / CELL_ARCSEC), math.floor(x_hi / CELL_ARCSEC) + 1)
        for cy in range(math.floor(y_lo / CELL_ARCSEC), math.floor(y_hi / CELL_ARCSEC) + 1)
    ]
    x, y, dmag, colour, size = (np.concatenate([p[k] for p in parts]) for k in range(5))
    inside = (x >= x_lo) & (x <= x_hi) & (y >= y_lo) & (y <= y_hi)
    return Sources(x[inside], y[inside], dmag[inside], colour[inside], size[inside])


def _cell(model: FieldModel, cx: int, cy: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng([model.group_id, cx + 2**20, cy + 2**20])
    area = CELL_ARCSEC**2
    centre_x, centre_y = (cx + 0.5) * CELL_ARCSEC, (cy + 0.5) * CELL_ARCSEC
    n_stars = int(rng.poisson(float(model.crowding(np.array(centre_x), np.array(centre_y))) * area))
    n_gal = int(rng.poisson(BACKGROUND_GALAXIES_PER_ARCSEC2 * area))
    n = n_stars + n_gal
    x = (cx + rng.random(n)) * CELL_ARCSEC
    y = (cy + rng.random(n)) * CELL_ARCSEC
    # Inverse CDF of p(m) ~ 10**(0.3 m) on [-5, 1.5] for stars, [-4, 0.5] for galaxies.
    u = rng.random(n)
    lo = np.where(np.arange(n) < n_stars, -5.0, -4.0)
    hi = np.where(np.arange(n) < n_stars, 1.5, 0.5)
    k = 0.3 * math.log(10)
    dmag = np.log(np.exp(k * lo) + u * (np.exp(k * hi) - np.exp(k * lo))) / k
    colour = np.clip(rng.normal(0.8, 0.35, n), -0.3, 2.5)
    size = np.where(np.arange(n) < n_stars, 0.0, rng.uniform(0.15, 0.6, n))
    return x, y, dmag, colour, size


def orientation_deg(group_ra_deg: float, mjd: float) -> float:
    """Position angle of the telescope's V3 axis on the sky for an image taken at ``mjd``.

    HST's nominal roll keeps the solar arrays facing the Sun, so it turns with the Sun's ecliptic longitude,
    about 0.986 deg per day: images of one visit share it, images months apart differ.
    """
    return float((group_ra_deg + 360.0 * (mjd - 51544.5) / 365.25) % 360.0)

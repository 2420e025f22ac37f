"""JPEG cutouts of the simulated sky, as HLA's fitscut.cgi returns them.

A cutout is drawn in counts, then scaled to grey levels:

- the field (``field.py``): the smooth light of the target galaxy, the crowd of stars below the catalogue's
  limit and faint background galaxies, the same on every image of the group;
- the catalogued objects of the group at their magnitude on the image (its HCVdetailed row for the image,
  else its MeanMag in the filter), with an HST-like PSF (``psf.py``): core, halo and, for bright stars, four
  diffraction spikes turned with the image's orientation;
- the image (``detector.py``): sky noise growing with the light, cosmic-ray tracks on single exposures
  (never on WFC3/IR), and the faults of ``sandbox_truth``: a cosmic ray across an object, a bright neighbour
  whose spike crosses it, a blend companion, a chip gap beside it, or a miscalibrated image on which every
  source is misregistered (doubled and smeared).

Display scaling (``_display_range``) puts black under the cutout's faintest background, as fitscut's bottom
percentile does, and white from the ``autoscale`` percentile of the whole image's stars (computed
analytically from the group's magnitudes), so every epoch of a position shares a scale and a variable looks
brighter on the epochs where it is brighter; then an optional asinh stretch. Where the cutout has no data
(a chip gap), black drops to zero as fitscut's would.
"""

from __future__ import annotations

import io
import math
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from . import detector, psf
from .field import FieldModel, cell_sources, field_model, one_row, orientation_deg
from .plans import FILTERS

SKY_LEVEL = 20.0  # counts per native pixel; sky noise sigma is 1 count (noise variance = counts / 20)
ASINH_SOFTENING = 10.0
MAX_OUTPUT_PIXELS = 4000  # per side: size * zoom beyond this would take seconds and gigabytes
PSF_SIGMA_ARCSEC = {"wfc": 0.045, "uvis": 0.035, "ir": 0.11, "wf": 0.07}
# Without a ``seeing`` column (older universe files) the PSF breathes with the focus by a seeded factor.
BREATHING = (0.85, 1.25)
# The spider's spikes lie at orientation + 45 + k 90 deg, the detector's axes at orientation + k 90.
SPIKE_OFFSET_DEG = 45.0
QUERY_MARGIN_ARCSEC = 6.0  # objects this far outside a cutout still reach into it (spikes, neighbours, gaps)
FIELD_MARGIN_ARCSEC = 1.0  # the field's faint stars and galaxies reach no further into it
NEIGHBOUR_MAG_ABOVE_LIMIT = 12.0  # the saturated star whose spike crosses a diffraction-spike victim
WHITE_FLOOR_MAG = 3.0  # at autoscale 99.5 the white is at least the peak of a star this far above the limit
# A cosmic ray across an object deposits as much as the peak of a star this much above the limit.
CR_MAG_ABOVE_LIMIT = 6.0
FIELD_COLOUR_VI = 0.8  # mean V-I of the field's unresolved stars


@dataclass(frozen=True)
class ImageInfo:
    name: str
    group_id: int
    filter: str
    seed: int
    mjd: float
    single_exposure: bool
    pixel_scale: float  # arcsec per native pixel
    psf_sigma_px: float  # nominal: sets the photometric scale
    seeing_sigma_px: float  # this image's PSF core (focus breathing, jitter)
    mlim: float
    orientation_deg: float  # position angle of the V3 axis, east of north

    @property
    def detector(self) -> str:
        return FILTERS[self.filter].detector

    @property
    def colour_coeff(self) -> float:
        return FILTERS[self.filter].colour_coeff

    def flux(self, mag: np.ndarray | float) -> np.ndarray:
        """Total counts of a star of ``mag``: a star at ``mlim`` has S/N 5 in an aperture of ~4 pi sigma^2."""
        aperture = 4 * math.pi * max(self.psf_sigma_px, 0.7) ** 2
        return 5.0 * math.sqrt(aperture) * 10 ** (-0.4 * (np.asarray(mag) - self.mlim))

    def peak(self, mag: np.ndarray | float) -> np.ndarray:
        core = (1 - psf.HALO_FRACTION) / (2 * math.pi * self.psf_sigma_px**2)
        halo = psf.HALO_FRACTION / (2 * math.pi * (psf.HALO_SCALE * self.psf_sigma_px) ** 2)
        return self.flux(mag) * min(core + halo, 1.0)

    def pixel_angle(self, offset_deg: float = 0.0) -> float:
        """Pixel-frame angle of the detector's axes (offset 0, + k 90 deg) or spikes (SPIKE_OFFSET_DEG)."""
        return pixel_angle(self.orientation_deg + offset_deg)


def pixel_angle(position_angle_deg: float) -> float:
    """Angle in a cutout's pixel frame (x right = west, y down = south) of a sky position angle (east of
    north)."""
    pa = math.radians(position_angle_deg)
    return math.atan2(-math.cos(pa), -math.sin(pa))


def image_info(conn: sqlite3.Connection, image_name: str) -> ImageInfo:
    """The rendering parameters of ``image_name``; KeyError if the universe has no such image."""
    geometry = _cached(conn, ("geometry",), lambda: _geometry_columns(conn))
    row = one_row(
        conn,
        f"SELECT i.GroupID, i.Filter, i.seed, i.MJD, i.single_exposure, i.ra, {geometry} "  # noqa: S608
        "FROM sandbox_images i WHERE i.ImageName = ?",  # (fixed column names)
        image_name,
    )
    group_id, filt, seed, mjd, single, ra, orient, seeing = row
    orientation = float(orient) if orient is not None else orientation_deg(ra, mjd)
    spec = FILTERS[filt]
    sigma_px = PSF_SIGMA_ARCSEC[spec.detector] / spec.pixel_scale_arcsec
    breathing = (
        float(seeing) if seeing is not None else float(np.random.default_rng([seed, 5]).uniform(*BREATHING))
    )
    return ImageInfo(
        image_name, group_id, filt, seed, mjd, bool(single), spec.pixel_scale_arcsec, sigma_px,
        sigma_px * breathing, spec.mlim, orientation,
    )  # fmt: skip


def _geometry_columns(conn: sqlite3.Connection) -> str:
    """SQL for the geometry columns of ``sandbox_images`` (alias ``i``): roll and PSF width, or NULLs where
    the universe file predates them."""
    cols = {r[1] for r in conn.execute("PRAGMA table_info(sandbox_images)")}
    return ", ".join(f"i.{c}" if c in cols else "NULL" for c in ("orient_deg", "seeing"))


def _validate(size: int, zoom: float, autoscale: float) -> int:
    if not 1 <= size <= 1000:
        raise ValueError(f"size must be between 1 and 1000 pixels, not {size}")
    if not 0.01 <= zoom <= 10:
        raise ValueError(f"zoom must be between 0.01 and 10, not {zoom}")
    if not 0 < autoscale <= 100:
        raise ValueError(f"autoscale must be a percentile in (0, 100], not {autoscale}")
    out = max(1, round(size * zoom))
    if out > MAX_OUTPUT_PIXELS:
        raise ValueError(f"size * zoom must be at most {MAX_OUTPUT_PIXELS} pixels, not {out}")
    return out


def render_cutout(
    conn: sqlite3.Connection,
    image_name: str,
    ra: float,
    dec: float,
    size: int = 33,
    zoom: float = 1,
    autoscale: float = 99.5,
    asinh: bool = True,
) -> bytes:
    """Grayscale JPEG of ``image_name``: ``size`` x ``size`` native pixels centred on (``ra``, ``dec``) deg.

    The output is ``round(size * zoom)`` pixels square. Raises KeyError for an unknown image and ValueError
    for arguments out of range (size 1..1000, zoom 0.01..10, autoscale in (0, 100], output at most 4000
    pixels).
    """
    out_n = _validate(int(size), float(zoom), float(autoscale))
    info = image_info(conn, image_name)
    pixels = render_pixels(conn, info, ra, dec, int(size))
    lo, hi = _display_range(conn, info, ra, dec, int(size), float(autoscale))
    if (pixels == 0).mean() > (100.0 - autoscale) / 200:  # no-data pixels fill fitscut's bottom percentile
        lo = 0.0
    t = np.clip((pixels - lo) / max(hi - lo, 1e-6), 0.0, 1.0)
    if asinh:
        t = np.arcsinh(ASINH_SOFTENING * t) / np.arcsinh(ASINH_SOFTENING)
    img = Image.fromarray(np.round(255 * t).astype(np.uint8), mode="L")
    if out_n != size:
        img = img.resize((out_n, out_n), Image.Resampling.BILINEAR if zoom > 1 else Image.Resampling.BOX)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ drawing


@dataclass
class _Light:
    """Sources to draw, in cutout pixels: point sources (with spikes if bright) and extended blobs."""

    x: list[np.ndarray]
    y: list[np.ndarray]
    flux: list[np.ndarray]
    blob_x: np.ndarray
    blob_y: np.ndarray
    blob_flux: np.ndarray
    blob_sigma: np.ndarray


def render_pixels(conn: sqlite3.Connection, info: ImageInfo, ra: float, dec: float, size: int) -> np.ndarray:
    """Counts of the ``size`` x ``size`` native pixels around (ra, dec); 0 where the image has no data.

    Row 0 is north, column 0 east (north up, east left, as HLA cutouts are displayed).
    """
    model = _cached(conn, ("field", info.group_id), lambda: field_model(conn, info.group_id))
    xc, yc = (float(v) for v in model.offsets(np.array(ra), np.array(dec)))
    centre = (size - 1) / 2
    scale = info.pixel_scale

    def to_pixels(x_arcsec: np.ndarray, y_arcsec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return centre - (np.asarray(x_arcsec) - xc) / scale, centre - (np.asarray(y_arcsec) - yc) / scale

    grid = detector.Grid(round(-xc / scale - centre), round(-yc / scale - centre), size)
    half = size / 2 * scale + QUERY_MARGIN_ARCSEC
    image = SKY_LEVEL + _galaxy_counts(model, info, xc, yc, size)
    light, faults = _sources(conn, model, info, (ra, dec, half), to_pixels)
    _draw(image, info, light, conn)
    cov = detector.coverage(size, faults.gaps)
    sigma = np.sqrt(np.maximum(image, SKY_LEVEL) / SKY_LEVEL / np.maximum(cov, 0.25))
    image += sigma * detector.noise(info.seed, grid)
    if info.single_exposure and info.detector != "ir":
        radius_px = 1.1 * model.radius_arcsec / scale
        detector.add_cosmic_rays(
            image, info.seed, grid, lambda col, row: math.hypot(col, row) < radius_px + detector.TILE_PX
        )
        for x0, y0, angle, length in faults.rays:
            psf.add_streak(
                image, x0, y0, angle, length, float(info.peak(info.mlim - CR_MAG_ABOVE_LIMIT)), width_px=0.4
            )
    image[cov == 0] = 0.0
    return image


def _galaxy_counts(model: FieldModel, info: ImageInfo, xc: float, yc: float, size: int) -> np.ndarray:
    """Counts per pixel of the target galaxy's smooth light (0 where there is no target)."""
    if model.galaxy is None:
        return np.zeros((size, size))
    offsets = (np.arange(size) - (size - 1) / 2) * info.pixel_scale
    x = xc - offsets[None, :]
    y = yc - offsets[:, None]
    mu_band = model.galaxy.mu_v(x, y) + info.colour_coeff * model.galaxy.colour_vi
    return info.flux(mu_band - 5 * math.log10(info.pixel_scale))


@dataclass
class _Faults:
    gaps: list[detector.Gap]
    rays: list[tuple[float, float, float, float]]  # x0, y0, angle, length (pixels)


def _sources(
    conn: sqlite3.Connection,
    model: FieldModel,
    info: ImageInfo,
    box: tuple[float, float, float],
    to_pixels: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
) -> tuple[_Light, _Faults]:
    """Everything in the box (centre ra, dec in degrees, half-size in arcsec): field, catalogue, faults."""
    ra, dec, half = box
    xc, yc = (float(v) for v in model.offsets(np.array(ra), np.array(dec)))
    near = half - QUERY_MARGIN_ARCSEC + FIELD_MARGIN_ARCSEC
    cells = cell_sources(model, xc - near, xc + near, yc - near, yc + near)
    cx, cy = to_pixels(cells.x, cells.y)
    cmag = info.mlim + cells.dmag + info.colour_coeff * (cells.colour - FIELD_COLOUR_VI)
    is_star = cells.size_arcsec == 0
    stars = _catalogue(conn, info, ra, dec, half)
    stars["x"], stars["y"] = model.offsets(stars["ra"], stars["dec"])
    sx, sy = to_pixels(stars["x"], stars["y"])
    fluxes = info.flux(stars["mag"])
    light = _Light(
        [cx[is_star], sx], [cy[is_star], sy], [info.flux(cmag[is_star]), fluxes],
        cx[~is_star], cy[~is_star], info.flux(cmag[~is_star]),
        np.hypot(cells.size_arcsec[~is_star] / info.pixel_scale, info.seeing_sigma_px),
    )  # fmt: skip
    faults = _Faults([], [])
    for k, kind in enumerate(stars["artifact"]):
        if kind is not None:
            _fault(info, kind, stars, k, (float(sx[k]), float(sy[k]), float(fluxes[k])), light, faults)
    return light, faults


def _fault(
    info: ImageInfo,
    kind: str,
    stars: dict[str, Any],
    k: int,
    victim: tuple[float, float, float],
    light: _Light,
    faults: _Faults,
) -> None:
    """Add what the artifact ``kind`` of catalogue object ``k`` shows on this image."""
    x, y, flux = victim
    hit = bool(stars["hit"][k])
    rng = np.random.default_rng(int(stars["match_id"][k]))
    if kind == "blend":  # the unresolved companion (40-120 mas) that spoils the photometry, on every image
        angle = rng.uniform(0, 2 * math.pi)
        sep = rng.uniform(0.04, 0.12) / info.pixel_scale
        light.x.append(np.array([x + sep * math.cos(angle)]))
        light.y.append(np.array([y + sep * math.sin(angle)]))
        light.flux.append(np.array([flux * rng.uniform(0.2, 0.6)]))
    elif kind == "diffraction_spike":
        # A saturated star whose spike lies across the victim on the image the truth names (its orientation);
        # on images at other roll angles the spikes point elsewhere.
        dist = rng.uniform(1.0, 2.0) / info.pixel_scale
        primary = stars["primary_orientation"][k]
        spikes = (
            info.pixel_angle(SPIKE_OFFSET_DEG) if primary is None else pixel_angle(primary + SPIKE_OFFSET_DEG)
        )
        angle = spikes + rng.integers(4) * math.pi / 2 + math.radians(rng.normal(0, 0.5))
        light.x.append(np.array([x - dist * math.cos(angle)]))
        light.y.append(np.array([y - dist * math.sin(angle)]))
        light.flux.append(info.flux(np.array([info.mlim - NEIGHBOUR_MAG_ABOVE_LIMIT])))
    elif kind == "cosmic_ray" and hit:
        angle = rng.uniform(0, 2 * math.pi)
        length = rng.uniform(5, 12)
        jitter = rng.uniform(-0.7, 0.7, 2)
        x0 = x - 0.5 * length * math.cos(angle) + jitter[0]
        faults.rays.append((x0, y - 0.5 * length * math.sin(angle) + jitter[1], angle, length))
    elif kind == "chip_edge" and hit:
        # The gap runs along one of the detector's axes, at this image's orientation, just beside the victim.
        angle = info.pixel_angle() + rng.integers(4) * math.pi / 2
        faults.gaps.append(detector.Gap.beside(x, y, angle, rng.uniform(1.0, 2.5), info.pixel_scale))


def _draw(image: np.ndarray, info: ImageInfo, light: _Light, conn: sqlite3.Connection) -> None:
    """Draw the sources; on a miscalibrated image each one as the smeared, doubled trail of its exposures."""
    x, y, flux = (np.concatenate(v) for v in (light.x, light.y, light.flux))
    bad = info.name in _cached(conn, ("bad", info.group_id), lambda: bad_images(conn, info.group_id))
    copies = detector.misregistration(info.seed, info.pixel_scale) if bad else [(0.0, 0.0, 1.0)]
    for dx, dy, share in copies:
        psf.add_stars(image, x + dx, y + dy, flux * share, info.seeing_sigma_px)
        psf.add_blobs(image, light.blob_x + dx, light.blob_y + dy, light.blob_flux * share, light.blob_sigma)
        psf.add_spikes(
            image, x + dx, y + dy, flux * share, info.pixel_angle(SPIKE_OFFSET_DEG), info.seeing_sigma_px
        )


# ------------------------------------------------------------------------------------------- the catalogue


def _catalogue(
    conn: sqlite3.Connection, info: ImageInfo, ra: float, dec: float, half_arcsec: float
) -> dict[str, Any]:
    """Catalogued objects measured in the image's filter within the box, with magnitude and artifact on it.

    ``hit`` says whether the object's artifact is on this image (the truth's ``artifact_image`` or its
    ``hits=`` note); ``primary_orientation`` is the orientation of the truth's ``artifact_image``.
    """
    half_dec = half_arcsec / 3600
    half_ra = half_dec / max(math.cos(math.radians(dec)), 1e-3)
    rows = conn.execute(
        "SELECT m.MatchID, m.RA, m.Dec, f.MeanMag FROM HCVmatch m JOIN HCVfilter f "
        "ON f.MatchID = m.MatchID AND f.Filter = ? "
        "WHERE m.Dec BETWEEN ? AND ? AND m.RA BETWEEN ? AND ? AND f.MeanMag IS NOT NULL",
        (info.filter, dec - half_dec, dec + half_dec, ra - half_ra, ra + half_ra),
    ).fetchall()
    ids = [r[0] for r in rows]
    mags = {r[0]: r[3] for r in rows}
    artifact: dict[int, str] = {}
    primary: dict[int, float] = {}
    hit: set[int] = set()
    if ids:
        marks = ",".join("?" * len(ids))  # the ids stay parameters: only "?" marks go into the SQL
        measured = conn.execute(
            f"SELECT MatchID, Mag FROM HCVdetailed WHERE MatchID IN ({marks}) "  # noqa: S608 ("?" marks only)
            "AND Filter = ? AND ImageName = ?",
            (*ids, info.filter, info.name),
        )
        mags.update({mid: mag for mid, mag in measured if mag is not None})
        geometry = _cached(conn, ("geometry",), lambda: _geometry_columns(conn))
        for mid, kind, image, notes, mjd, image_ra, orient, _ in conn.execute(
            f"SELECT t.MatchID, t.artifact, t.artifact_image, t.notes, i.MJD, i.ra, {geometry} "  # noqa: S608
            "FROM sandbox_truth t LEFT JOIN sandbox_images i ON i.ImageName = t.artifact_image "
            f"WHERE t.MatchID IN ({marks}) AND t.artifact IS NOT NULL",  # ("?" marks and fixed column names)
            ids,
        ):
            artifact[mid] = kind
            if mjd is not None:
                primary[mid] = float(orient) if orient is not None else orientation_deg(image_ra, mjd)
            if info.name == image or info.name in hit_images(notes):
                hit.add(mid)
    return {
        "match_id": np.array(ids, dtype=np.int64),
        "ra": np.array([r[1] for r in rows], dtype=float),
        "dec": np.array([r[2] for r in rows], dtype=float),
        "mag": np.array([mags[i] for i in ids], dtype=float),
        "artifact": [artifact.get(i) for i in ids],
        "hit": [i in hit for i in ids],
        "primary_orientation": [primary.get(i) for i in ids],
    }


def hit_images(notes: str | None) -> list[str]:
    """Images listed in a truth note of the form ``hits=a,b;...``."""
    for part in (notes or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == "hits":
            return value.split(",")
    return []


def bad_images(conn: sqlite3.Connection, group_id: int) -> set[str]:
    """The miscalibrated images of a group: those the truth of its ``bad_image`` artifacts names."""
    bad: set[str] = set()
    for image, notes in conn.execute(
        "SELECT t.artifact_image, t.notes FROM sandbox_truth t JOIN HCVmatch m USING (MatchID) "
        "WHERE m.GroupID = ? AND t.artifact = 'bad_image'",
        (group_id,),
    ):
        bad.update([image] if image else [])
        bad.update(hit_images(notes))
    return bad


# ------------------------------------------------------------------------------------ per-universe caches


_CACHE: dict[tuple, Any] = {}
MAX_CACHED = 4096


def _cached(conn: sqlite3.Connection, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered per universe file version (a rebuilt file gets fresh values)."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    version = os.stat(path).st_mtime_ns if path else id(conn)
    full = (path, version, *key)
    if full not in _CACHE:
        if len(_CACHE) >= MAX_CACHED:
            _CACHE.clear()
        _CACHE[full] = compute()
    return _CACHE[full]


# --------------------------------------------------------------------------------------- display scaling


def _display_range(
    conn: sqlite3.Connection, info: ImageInfo, ra: float, dec: float, size: int, autoscale: float
) -> tuple[float, float]:
    """Black and white levels (counts) of a ``size`` px cutout centred on (ra, dec).

    Black is just under the faintest background in the cutout (the sky plus the target's smooth light where
    it is faintest, where fitscut's bottom percentile puts it); white lies as far above the brightest
    background as the ``autoscale`` percentile of the image's stars lies above the sky, plus the faintest
    background light again (on bright light the range widens with its noise, as percentiles do). Every
    epoch of one position gets the same levels, so a variable looks brighter on the epochs where it is
    brighter, and galaxy light shows as its gradient, as in HLA cutouts.
    """
    model = _cached(conn, ("field", info.group_id), lambda: field_model(conn, info.group_id))
    mags = _cached(conn, ("mags", info.group_id, info.filter), lambda: _group_magnitudes(conn, info))
    white = _cached(
        conn,
        ("white", info.group_id, info.filter, autoscale),
        lambda: _solve_white_level(mags, info, model.radius_arcsec, autoscale),
    )
    xc, yc = (float(v) for v in model.offsets(np.array(ra), np.array(dec)))
    galaxy = _galaxy_counts(model, info, xc, yc, size)
    faint, bright = float(galaxy.min()), float(galaxy.max())
    return SKY_LEVEL + faint - 1.0, white + bright + faint


def _group_magnitudes(conn: sqlite3.Connection, info: ImageInfo) -> np.ndarray:
    mags = conn.execute(
        "SELECT f.MeanMag FROM HCVmatch m JOIN HCVfilter f ON f.MatchID = m.MatchID "
        "WHERE m.GroupID = ? AND f.Filter = ? AND f.MeanMag IS NOT NULL",
        (info.group_id, info.filter),
    ).fetchall()
    return np.array([m[0] for m in mags], dtype=float)


def _solve_white_level(mags: np.ndarray, info: ImageInfo, radius_arcsec: float, autoscale: float) -> float:
    """Counts above which lie ``100 - autoscale`` % of the image's pixels (sky noise plus star cores)."""
    target = (100.0 - autoscale) / 100.0
    peaks = SKY_LEVEL + info.peak(mags) if len(mags) else np.zeros(0)
    sigma2 = info.psf_sigma_px**2
    area_px = math.pi * (radius_arcsec / info.pixel_scale) ** 2

    def fraction_above(level: float) -> float:
        noise = 0.5 * math.erfc((level - SKY_LEVEL) / math.sqrt(2))
        bright = peaks[peaks > level]
        stars = 2 * math.pi * sigma2 * np.log((bright - SKY_LEVEL) / (level - SKY_LEVEL)).sum() / area_px
        return noise + stars

    lo, hi = SKY_LEVEL + 0.5, SKY_LEVEL + 1e7
    for _ in range(60):
        mid = math.sqrt(lo * hi)
        if fraction_above(mid) > target:
            lo = mid
        else:
            hi = mid
    # Real images are full of sources too faint for the catalogue, which keep white above the noise: their
    # pixels follow a power law, fraction above a level ~ level**-1.5, anchored at the 99.5 percentile.
    floor = float(info.peak(info.mlim - WHITE_FLOOR_MAG)) * (0.005 / max(target, 1e-5)) ** (2 / 3)
    return max(hi, SKY_LEVEL + floor)

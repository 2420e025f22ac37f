"""JPEG cutouts of the simulated sky, as HLA's fitscut.cgi returns them.

A cutout shows every catalogued object of the image's group that falls in the field, at its magnitude on that
image (its HCVdetailed row for the image, else its MeanMag in the filter), with a PSF, the image's sky noise
and the artifacts of ``sandbox_truth`` (cosmic-ray streaks, diffraction spikes of a bright neighbour, chip
edges, blend companions) on the images they affect.

Display scaling follows fitscut: ``autoscale`` is the percentile of the whole image mapped to white (computed
analytically from the group's magnitudes, so all cutouts of one image share a scale and a variable looks
brighter on the epochs where it is brighter), then an optional asinh stretch.
"""

from __future__ import annotations

import io
import math
import os
import sqlite3
from dataclasses import dataclass

import numpy as np
from PIL import Image

from .plans import FILTERS

SKY_LEVEL = 20.0  # counts per native pixel; sky noise sigma is 1 count
ASINH_SOFTENING = 10.0
MAX_OUTPUT_PIXELS = 4000  # per side: size * zoom beyond this would take seconds and gigabytes
PSF_SIGMA_ARCSEC = {"wfc": 0.045, "uvis": 0.035, "ir": 0.11, "wf": 0.07}
HALO_FRACTION, HALO_SCALE = 0.12, 3.5  # a broad halo carries part of the flux, as HST's PSF wings do
MAX_QUERY_MARGIN_ARCSEC = 3.0  # bright neighbours of spike artifacts sit up to 2.5" from their victim
WHITE_FLOOR_MAG = 3.0  # at autoscale 99.5 the white is at least the peak of a star this far above the limit


@dataclass(frozen=True)
class ImageInfo:
    group_id: int
    filter: str
    seed: int
    pixel_scale: float  # arcsec per native pixel
    psf_sigma_px: float
    mlim: float

    def flux(self, mag: np.ndarray) -> np.ndarray:
        """Total counts of a star of ``mag``: a star at ``mlim`` has S/N 5 in an aperture of ~4 pi sigma^2."""
        aperture = 4 * math.pi * max(self.psf_sigma_px, 0.7) ** 2
        return 5.0 * math.sqrt(aperture) * 10 ** (-0.4 * (np.asarray(mag) - self.mlim))

    def peak(self, mag: np.ndarray) -> np.ndarray:
        core = (1 - HALO_FRACTION) / (2 * math.pi * self.psf_sigma_px**2)
        halo = HALO_FRACTION / (2 * math.pi * (HALO_SCALE * self.psf_sigma_px) ** 2)
        return self.flux(mag) * min(core + halo, 1.0)


def _image_info(conn: sqlite3.Connection, image_name: str) -> ImageInfo:
    row = conn.execute(
        "SELECT GroupID, Filter, seed FROM sandbox_images WHERE ImageName = ?", (image_name,)
    ).fetchone()
    if row is None:
        raise KeyError(image_name)
    group_id, filt, seed = row
    spec = FILTERS[filt]
    sigma_px = PSF_SIGMA_ARCSEC[spec.detector] / spec.pixel_scale_arcsec
    return ImageInfo(group_id, filt, seed, spec.pixel_scale_arcsec, sigma_px, spec.mlim)


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
    info = _image_info(conn, image_name)
    pixels = render_pixels(conn, image_name, info, ra, dec, int(size))
    lo = SKY_LEVEL - 1.0
    hi = _white_level(conn, info, float(autoscale))
    t = np.clip((pixels - lo) / max(hi - lo, 1e-6), 0.0, 1.0)
    if asinh:
        t = np.arcsinh(ASINH_SOFTENING * t) / np.arcsinh(ASINH_SOFTENING)
    img = Image.fromarray(np.round(255 * t).astype(np.uint8), mode="L")
    if out_n != size:
        img = img.resize((out_n, out_n), Image.Resampling.BILINEAR if zoom > 1 else Image.Resampling.BOX)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def render_pixels(
    conn: sqlite3.Connection, image_name: str, info: ImageInfo, ra: float, dec: float, size: int
) -> np.ndarray:
    """Counts of the ``size`` x ``size`` native pixels around (ra, dec): sky, noise, stars and artifacts.

    Row 0 is north, column 0 east (north up, east left, as HLA cutouts are displayed).
    """
    half_arcsec = size / 2 * info.pixel_scale + 6 * HALO_SCALE * info.psf_sigma_px * info.pixel_scale
    stars = _stars(conn, image_name, info, ra, dec, half_arcsec + MAX_QUERY_MARGIN_ARCSEC)
    noise_rng = np.random.default_rng([info.seed, round((ra % 360) * 1e6), round((dec + 90) * 1e6), size])
    image = SKY_LEVEL + noise_rng.normal(0.0, 1.0, (size, size))
    centre = (size - 1) / 2
    cos_dec = math.cos(math.radians(dec))

    def to_pixels(s_ra: np.ndarray, s_dec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dra = (np.asarray(s_ra) - ra + 180.0) % 360.0 - 180.0
        x = centre - dra * cos_dec * 3600 / info.pixel_scale
        y = centre - (np.asarray(s_dec) - dec) * 3600 / info.pixel_scale
        return x, y

    x, y = to_pixels(stars["ra"], stars["dec"])
    fluxes = info.flux(stars["mag"])
    edges: list[tuple[float, float, float]] = []
    extra_x, extra_y, extra_f = [], [], []
    for k, (kind, hit) in enumerate(zip(stars["artifact"], stars["hit"], strict=True)):
        if kind is None:
            continue
        rng = np.random.default_rng(int(stars["match_id"][k]))
        angle = rng.uniform(0, 2 * math.pi)
        if kind == "blend":  # the unresolved companion that spoils the photometry
            extra_x.append(x[k] + 1.2 * math.cos(angle))
            extra_y.append(y[k] + 1.2 * math.sin(angle))
            extra_f.append(fluxes[k] * 0.5)
        elif kind == "diffraction_spike":
            dist = rng.uniform(1.2, 2.5) / info.pixel_scale
            sx, sy = x[k] + dist * math.cos(angle), y[k] + dist * math.sin(angle)
            extra_x.append(sx)
            extra_y.append(sy)
            extra_f.append(float(info.flux(info.mlim - 9.0)))
            # The spike points at the victim only on images whose roll angle lines it up.
            spike_angle = angle + math.pi + (0.0 if hit else math.pi / 4)
            _line(image, sx, sy, spike_angle, 2.2 * dist, float(info.peak(info.mlim - 3.0)), width=0.6)
        elif kind == "cosmic_ray" and hit:
            start_x, start_y = x[k] + rng.uniform(-1, 1), y[k] + rng.uniform(-1, 1)
            _line(
                image,
                start_x,
                start_y,
                angle,
                rng.uniform(4, 10),
                float(info.peak(info.mlim - 4.5)),
                width=0.4,
            )
        elif kind == "chip_edge" and hit:
            edges.append((x[k] + 1.5 * math.cos(angle), y[k] + 1.5 * math.sin(angle), angle))
    all_x = np.concatenate([x, extra_x])
    all_y = np.concatenate([y, extra_y])
    all_f = np.concatenate([fluxes, extra_f])
    _add_stars(image, all_x, all_y, all_f, info.psf_sigma_px)
    yy, xx = np.mgrid[0:size, 0:size]
    for ex, ey, angle in edges:  # beyond the chip edge there is no data
        image[(xx - ex) * math.cos(angle) + (yy - ey) * math.sin(angle) > 0] = 0.0
    return image


def _stars(
    conn: sqlite3.Connection, image_name: str, info: ImageInfo, ra: float, dec: float, half_arcsec: float
) -> dict[str, np.ndarray]:
    """Catalogued objects measured in the image's filter within the box, with magnitude and artifact on it."""
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
    hit: set[int] = set()
    if ids:
        marks = ",".join("?" * len(ids))  # the ids stay parameters: only "?" marks go into the SQL
        measured = conn.execute(
            f"SELECT MatchID, Mag FROM HCVdetailed WHERE MatchID IN ({marks}) "  # noqa: S608 ("?" marks only)
            "AND Filter = ? AND ImageName = ?",
            (*ids, info.filter, image_name),
        )
        mags.update({mid: mag for mid, mag in measured if mag is not None})
        for mid, kind, primary, notes in conn.execute(
            "SELECT MatchID, artifact, artifact_image, notes "  # noqa: S608 ("?" marks only)
            f"FROM sandbox_truth WHERE MatchID IN ({marks}) AND artifact IS NOT NULL",
            ids,
        ):
            artifact[mid] = kind
            if image_name == primary or image_name in _hit_images(notes):
                hit.add(mid)
    return {
        "match_id": np.array(ids, dtype=np.int64),
        "ra": np.array([r[1] for r in rows], dtype=float),
        "dec": np.array([r[2] for r in rows], dtype=float),
        "mag": np.array([mags[i] for i in ids], dtype=float),
        "artifact": [artifact.get(i) for i in ids],
        "hit": [i in hit for i in ids],
    }


def _hit_images(notes: str | None) -> list[str]:
    """Images listed in a truth note of the form ``hits=a,b;...``."""
    for part in (notes or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == "hits":
            return value.split(",")
    return []


def _add_stars(image: np.ndarray, x: np.ndarray, y: np.ndarray, flux: np.ndarray, sigma: float) -> None:
    """Add Gaussian core + halo PSFs, each rendered on a small stamp around its star."""
    size = image.shape[0]
    radius = math.ceil(5 * HALO_SCALE * sigma)
    offsets = np.arange(-radius, radius + 1)
    for sx, sy, f in zip(x, y, flux, strict=True):
        ix, iy = round(sx), round(sy)
        if ix + radius < 0 or iy + radius < 0 or ix - radius >= size or iy - radius >= size:
            continue
        cols = ix + offsets
        rows = iy + offsets
        gx = cols - sx
        gy = rows - sy
        r2 = gy[:, None] ** 2 + gx[None, :] ** 2
        core = np.exp(-0.5 * r2 / sigma**2) / (2 * math.pi * sigma**2)
        halo_sigma = HALO_SCALE * sigma
        halo = np.exp(-0.5 * r2 / halo_sigma**2) / (2 * math.pi * halo_sigma**2)
        stamp = f * ((1 - HALO_FRACTION) * core + HALO_FRACTION * halo)
        c0, c1 = max(0, cols[0]), min(size, cols[-1] + 1)
        r0, r1 = max(0, rows[0]), min(size, rows[-1] + 1)
        image[r0:r1, c0:c1] += stamp[r0 - rows[0] : r1 - rows[0], c0 - cols[0] : c1 - cols[0]]


def _line(
    image: np.ndarray, x0: float, y0: float, angle: float, length: float, level: float, width: float
) -> None:
    """A sharp streak (cosmic ray, diffraction spike) from (x0, y0) along ``angle``."""
    size = image.shape[0]
    steps = max(2, int(length * 3))
    t = np.linspace(0, length, steps)
    px = x0 + t * math.cos(angle)
    py = y0 + t * math.sin(angle)
    inside = (px > -0.5) & (px < size - 0.5) & (py > -0.5) & (py < size - 0.5)
    if not inside.any():
        return
    yy, xx = np.mgrid[0:size, 0:size]
    lo_x, hi_x = int(max(0, px[inside].min() - 2)), int(min(size, px[inside].max() + 3))
    lo_y, hi_y = int(max(0, py[inside].min() - 2)), int(min(size, py[inside].max() + 3))
    sub_x = xx[lo_y:hi_y, lo_x:hi_x][..., None]
    sub_y = yy[lo_y:hi_y, lo_x:hi_x][..., None]
    d2 = ((sub_x - px[inside]) ** 2 + (sub_y - py[inside]) ** 2).min(axis=-1)
    image[lo_y:hi_y, lo_x:hi_x] += level * np.exp(-0.5 * d2 / width**2)


# --------------------------------------------------------------------------------------- display scaling


_WHITE_LEVELS: dict[tuple, float] = {}


def _white_level(conn: sqlite3.Connection, info: ImageInfo, autoscale: float) -> float:
    """White level of the images of one group and filter, cached per database file version."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    version = os.stat(path).st_mtime_ns if path else id(conn)
    key = (path, version, info.group_id, info.filter, autoscale)
    if key not in _WHITE_LEVELS:
        mags, area_px = _group_magnitudes(conn, info)
        _WHITE_LEVELS[key] = _solve_white_level(mags, area_px, info, autoscale)
    return _WHITE_LEVELS[key]


def _group_magnitudes(conn: sqlite3.Connection, info: ImageInfo) -> tuple[np.ndarray, float]:
    mags = conn.execute(
        "SELECT f.MeanMag FROM HCVmatch m JOIN HCVfilter f ON f.MatchID = m.MatchID "
        "WHERE m.GroupID = ? AND f.Filter = ? AND f.MeanMag IS NOT NULL",
        (info.group_id, info.filter),
    ).fetchall()
    radius = conn.execute(
        "SELECT radius_deg FROM sandbox_groups WHERE GroupID = ?", (info.group_id,)
    ).fetchone()
    radius_px = (radius[0] if radius and radius[0] else 0.03) * 3600 / info.pixel_scale
    return np.array([m[0] for m in mags], dtype=float), math.pi * radius_px**2


def _solve_white_level(mags: np.ndarray, area_px: float, info: ImageInfo, autoscale: float) -> float:
    """Counts above which lie ``100 - autoscale`` % of the image's pixels (sky noise plus star cores)."""
    target = (100.0 - autoscale) / 100.0
    peaks = SKY_LEVEL + info.peak(mags) if len(mags) else np.zeros(0)
    sigma2 = info.psf_sigma_px**2

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

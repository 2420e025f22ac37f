"""What one image adds to the sky: its noise, its cosmic rays, its chip gaps and its calibration faults.

Noise and cosmic rays are drawn in tiles of the image's own pixel grid (``TILE_PX`` square, seeded by the
image), so two cutouts of one image agree wherever they overlap, whatever their sizes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .psf import add_streak

TILE_PX = 64
# Single exposures keep their cosmic rays (no CR-split or dither rejection): about 1 % of the pixels of a
# few-hundred-second ACS or UVIS exposure, in tracks of a few pixels. WFC3/IR reads up the ramp and fits
# the slope, which removes them: IR images never show any.
CR_TRACKS_PER_PX = 1.0e-3
CR_MEAN_LENGTH_PX = 2.5
GAP_ARCSEC = 1.5  # width of the chip gap's no-data strip (dithering fills the rest of the 2.5" ACS gap)
LOW_COVERAGE_ARCSEC = 0.5  # strip beside it covered by half the exposures
GAP_HALF_LENGTH_ARCSEC = 3.0  # how far along the gap the victim's piece of it is drawn


@dataclass(frozen=True)
class Grid:
    """A cutout's place in the image's pixel grid: global column and row of its pixel (0, 0)."""

    col0: int
    row0: int
    size: int


def noise(seed: int, grid: Grid) -> np.ndarray:
    """Unit Gaussian noise of the cutout's pixels, the same for every cutout covering a pixel."""
    return _tiled(
        grid, lambda tx, ty: np.random.default_rng([seed, tx, ty]).standard_normal((TILE_PX, TILE_PX))
    )


def _tiled(grid: Grid, tile: Callable[[int, int], np.ndarray]) -> np.ndarray:
    out = np.empty((grid.size, grid.size))
    for ty in range(grid.row0 // TILE_PX, (grid.row0 + grid.size - 1) // TILE_PX + 1):
        for tx in range(grid.col0 // TILE_PX, (grid.col0 + grid.size - 1) // TILE_PX + 1):
            values = tile(tx + 2**20, ty + 2**20)
            r0, c0 = max(grid.row0, ty * TILE_PX), max(grid.col0, tx * TILE_PX)
            r1 = min(grid.row0 + grid.size, (ty + 1) * TILE_PX)
            c1 = min(grid.col0 + grid.size, (tx + 1) * TILE_PX)
            out[r0 - grid.row0 : r1 - grid.row0, c0 - grid.col0 : c1 - grid.col0] = values[
                r0 - ty * TILE_PX : r1 - ty * TILE_PX, c0 - tx * TILE_PX : c1 - tx * TILE_PX
            ]
    return out


def add_cosmic_rays(
    image: np.ndarray, seed: int, grid: Grid, on_detector: Callable[[float, float], bool]
) -> None:
    """Add the cosmic-ray tracks of the tiles the cutout touches (tracks may cross into it from a neighbour).

    ``on_detector(col, row)`` (global pixel) says whether a tile centre lies on the image's footprint.
    """
    pad = 40  # the longest tracks start up to this far outside the cutout
    lo_c, lo_r = grid.col0 - pad, grid.row0 - pad
    for ty in range(lo_r // TILE_PX, (grid.row0 + grid.size + pad) // TILE_PX + 1):
        for tx in range(lo_c // TILE_PX, (grid.col0 + grid.size + pad) // TILE_PX + 1):
            if not on_detector((tx + 0.5) * TILE_PX, (ty + 0.5) * TILE_PX):
                continue
            rng = np.random.default_rng([seed, tx + 2**20, ty + 2**20, 1])
            n = int(rng.poisson(CR_TRACKS_PER_PX * TILE_PX**2))
            cols = tx * TILE_PX + rng.random(n) * TILE_PX - grid.col0
            rows = ty * TILE_PX + rng.random(n) * TILE_PX - grid.row0
            angles = rng.uniform(0, 2 * math.pi, n)
            lengths = np.minimum(rng.exponential(CR_MEAN_LENGTH_PX, n), 35.0)
            levels = 15.0 * np.exp(rng.uniform(0, math.log(40), n))  # deposits of ~15 to 600 sky sigmas
            widths = rng.uniform(0.3, 0.6, n)
            for c, r, a, length, level, w in zip(cols, rows, angles, lengths, levels, widths, strict=True):
                add_streak(image, c, r, a, length, level, width_px=w)


@dataclass(frozen=True)
class Gap:
    """A piece of a chip gap near (x, y) (cutout pixels): no data from ``near_px`` to ``near_px + width_px``
    along the unit normal at ``angle_rad``, within ``half_length_px`` of (x, y) along the gap."""

    x: float
    y: float
    angle_rad: float
    near_px: float
    width_px: float
    low_px: float
    half_length_px: float

    @classmethod
    def beside(cls, x: float, y: float, angle_rad: float, near_px: float, pixel_scale_arcsec: float) -> Gap:
        """The standard gap (``GAP_ARCSEC`` wide, low coverage along it) ``near_px`` from (x, y)."""
        scale = pixel_scale_arcsec
        return cls(
            x,
            y,
            angle_rad,
            near_px,
            GAP_ARCSEC / scale,
            LOW_COVERAGE_ARCSEC / scale,
            GAP_HALF_LENGTH_ARCSEC / scale,
        )


def coverage(size: int, gaps: list[Gap]) -> np.ndarray:
    """Fraction of the exposures covering each pixel: 0 in a gap, 0.5 in the strips along it, else 1."""
    cov = np.ones((size, size))
    if not gaps:
        return cov
    yy, xx = np.mgrid[0:size, 0:size]
    for g in gaps:
        c, s = math.cos(g.angle_rad), math.sin(g.angle_rad)
        normal = (xx - g.x) * c + (yy - g.y) * s
        along = np.abs(-(xx - g.x) * s + (yy - g.y) * c) <= g.half_length_px
        low = (normal >= g.near_px - g.low_px) & (normal < g.near_px + g.width_px + g.low_px) & along
        cov[low] = np.minimum(cov[low], 0.5)
        cov[(normal >= g.near_px) & (normal < g.near_px + g.width_px) & along] = 0.0
    return cov


def misregistration(seed: int, pixel_scale_arcsec: float) -> list[tuple[float, float, float]]:
    """Where a miscalibrated image puts a source's light: (dx, dy, share) of the exposures combined.

    A wrong astrometric solution of one exposure (a bad guide-star acquisition) shifts every source on it by
    0.2-0.4" and the combination smears each star along that shift: the whole image looks doubled and
    streaked, and every position on it is off.
    """
    rng = np.random.default_rng([seed, 3])
    shift = rng.uniform(0.2, 0.4) / pixel_scale_arcsec
    angle = rng.uniform(0, 2 * math.pi)
    dx, dy = shift * math.cos(angle), shift * math.sin(angle)
    steps = np.linspace(0.0, 1.0, 6)
    shares = np.array([0.35, 0.1, 0.08, 0.08, 0.1, 0.29])
    offset = 0.4  # the catalogue's position sits between the two exposures' images
    return [(dx * (t - offset), dy * (t - offset), float(w)) for t, w in zip(steps, shares, strict=True)]

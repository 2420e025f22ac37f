"""Drawing on a cutout's pixel array: HST-like point sources, diffraction spikes and sharp streaks.

Pure numpy over ``image[row, col]`` arrays; positions are in pixels (column x, row y, pixel centres at
integers). Every function adds light in place and clips its work to the array, so sources off the edge cost
little.
"""

from __future__ import annotations

import math

import numpy as np

HALO_FRACTION, HALO_SCALE = 0.12, 3.5  # a broad halo carries part of the flux, as HST's PSF wings do
HALO_MIN_PEAK = 0.1  # counts (a tenth of the sky noise): fainter halos are left out
# Diffraction spikes of the secondary-mirror spider: four arms 90 deg apart whose line density falls as
# distance**-2 beyond the core (the Fraunhofer pattern of a straight vane), SPIKE_FRACTION of the flux per
# unit core length.
SPIKE_FRACTION = 0.01
SPIKE_MIN_FLUX = 2000.0  # counts: fainter stars' spikes stay below the sky noise
SPIKE_MAX_LENGTH_PX = 160
SPIKE_WIDTH_PX = 0.55


def add_stars(image: np.ndarray, x: np.ndarray, y: np.ndarray, flux: np.ndarray, sigma_px: float) -> None:
    """Add Gaussian core + halo PSFs of total ``flux`` counts centred at (x, y)."""
    x, y, flux = (np.asarray(a, dtype=float) for a in (x, y, flux))
    halo_sigma = HALO_SCALE * sigma_px
    faint = flux * HALO_FRACTION / (2 * math.pi * halo_sigma**2) < HALO_MIN_PEAK
    _add_gaussians(image, x[faint], y[faint], flux[faint], sigma_px, radius=math.ceil(4 * sigma_px))
    bright = ~faint
    core = (1 - HALO_FRACTION) * flux[bright]
    _add_gaussians(image, x[bright], y[bright], core, sigma_px, math.ceil(5 * sigma_px))
    halo = HALO_FRACTION * flux[bright]
    _add_gaussians(image, x[bright], y[bright], halo, halo_sigma, math.ceil(4 * halo_sigma))


def add_blobs(
    image: np.ndarray, x: np.ndarray, y: np.ndarray, flux: np.ndarray, sigma_px: np.ndarray
) -> None:
    """Add round Gaussian blobs of individual widths (faint background galaxies)."""
    for sx, sy, f, s in zip(x, y, flux, sigma_px, strict=True):
        _add_gaussians(image, np.array([sx]), np.array([sy]), np.array([f]), float(s), math.ceil(3 * s))


def _add_gaussians(
    image: np.ndarray, x: np.ndarray, y: np.ndarray, flux: np.ndarray, sigma: float, radius: int
) -> None:
    """Add normalised circular Gaussians, all stamps at once (one ``bincount`` over the flat image)."""
    rows_n, cols_n = image.shape
    near = (x > -radius - 1) & (x < cols_n + radius) & (y > -radius - 1) & (y < rows_n + radius)
    if not near.any():
        return
    x, y, flux = x[near], y[near], flux[near]
    offsets = np.arange(-radius, radius + 1)
    cols = np.rint(x).astype(int)[:, None] + offsets  # (n, k)
    rows = np.rint(y).astype(int)[:, None] + offsets
    gx = np.exp(-0.5 * ((cols - x[:, None]) / sigma) ** 2)
    gy = np.exp(-0.5 * ((rows - y[:, None]) / sigma) ** 2)
    values = (flux / (2 * math.pi * sigma**2))[:, None, None] * gy[:, :, None] * gx[:, None, :]
    inside = ((rows >= 0) & (rows < rows_n))[:, :, None] & ((cols >= 0) & (cols < cols_n))[:, None, :]
    flat = rows[:, :, None] * cols_n + cols[:, None, :]
    image += np.bincount(flat[inside], weights=values[inside], minlength=image.size).reshape(image.shape)


def add_spikes(
    image: np.ndarray, x: np.ndarray, y: np.ndarray, flux: np.ndarray, angle_rad: float, sigma_px: float
) -> None:
    """Add the four diffraction spikes (at ``angle_rad`` + k 90 deg, pixel frame) of the bright enough stars.

    A spike's line density at distance u from the star is ``SPIKE_FRACTION * flux / (1 + (u / u0)**2)``
    with u0 twice the core sigma; it is drawn out to where it sinks below a tenth of the sky noise.
    """
    rows_n, cols_n = image.shape
    c, s = math.cos(angle_rad), math.sin(angle_rad)
    u0 = 2 * sigma_px
    norm = 1 / (math.sqrt(2 * math.pi) * SPIKE_WIDTH_PX)
    for sx, sy, f in zip(x, y, flux, strict=True):
        if f < SPIKE_MIN_FLUX:
            continue
        peak = SPIKE_FRACTION * f * norm
        length = min(SPIKE_MAX_LENGTH_PX, u0 * math.sqrt(max(peak / 0.1 - 1, 0.0)))
        r = math.ceil(length) + 2
        r0, r1 = max(0, math.floor(sy) - r), min(rows_n, math.ceil(sy) + r + 1)
        c0, c1 = max(0, math.floor(sx) - r), min(cols_n, math.ceil(sx) + r + 1)
        if r0 >= r1 or c0 >= c1:
            continue
        dy = np.arange(r0, r1)[:, None] - sy
        dx = np.arange(c0, c1)[None, :] - sx
        along, across = dx * c + dy * s, -dx * s + dy * c  # the two spike axes
        light = np.zeros((r1 - r0, c1 - c0))
        for u, v in ((along, across), (across, along)):
            arm = np.exp(-0.5 * (v / SPIKE_WIDTH_PX) ** 2) / (1 + (u / u0) ** 2)
            light += np.where(np.abs(u) <= length, arm, 0.0)
        image[r0:r1, c0:c1] += peak * light


def add_streak(
    image: np.ndarray, x0: float, y0: float, angle_rad: float, length_px: float, level: float, width_px: float
) -> None:
    """A sharp, unconvolved streak (a cosmic-ray track) of peak ``level`` from (x0, y0) along ``angle_rad``.

    Nothing is drawn outside the array.
    """
    rows_n, cols_n = image.shape
    x1, y1 = x0 + length_px * math.cos(angle_rad), y0 + length_px * math.sin(angle_rad)
    pad = 3 * width_px + 1
    r0, r1 = max(0, math.floor(min(y0, y1) - pad)), min(rows_n, math.ceil(max(y0, y1) + pad) + 1)
    c0, c1 = max(0, math.floor(min(x0, x1) - pad)), min(cols_n, math.ceil(max(x0, x1) + pad) + 1)
    if r0 >= r1 or c0 >= c1:
        return
    py = np.arange(r0, r1)[:, None] - y0
    px = np.arange(c0, c1)[None, :] - x0
    c, s = math.cos(angle_rad), math.sin(angle_rad)
    t = np.clip(px * c + py * s, 0.0, length_px)  # nearest point of the segment
    d2 = (px - t * c) ** 2 + (py - t * s) ** 2
    image[r0:r1, c0:c1] += level * np.exp(-0.5 * d2 / width_px**2)

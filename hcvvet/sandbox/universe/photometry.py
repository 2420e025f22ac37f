"""Photometric models of the simulated sky: errors, variable-star light curves, artifacts.

All functions are vectorised over objects (rows) and epochs (columns) and take a numpy Generator, so a build
is fast and repeatable.
"""

from __future__ import annotations

import numpy as np

from .plans import FilterSpec

# ----------------------------------------------------------------------------------------------- errors


def mag_error(mag: np.ndarray, mlim: float) -> np.ndarray:
    """Reported HSC MagErr at ``mag`` for an exposure whose MagErr reaches 0.2 at ``mlim``.

    Background-limited at the faint end (doubling every 0.75 mag), source Poisson noise in the middle and a
    small calibration floor for bright stars.
    """
    background = 0.2 * 10 ** (0.4 * (mag - mlim))
    source = 0.045 * 10 ** (0.2 * (mag - mlim))
    return np.sqrt(0.004**2 + background**2 + source**2)


# The reported HSC errors are not the scatter a light curve shows. Faint stars scatter less than MagErr says
# (real unflagged IC 1613 rows at 25-26 mag have Chi2 0.2-1.8), bright ones much more: flat-fielding, PSF and
# crowding residuals add a systematic scatter of a few hundredths of a magnitude that MagErr leaves out (real
# unflagged IC 1613 rows at 21-23 mag have Chi2 8.9-385; the one at 22.9 mag in ACS F814W has MAD 0.026, a
# scatter of about 0.04 mag around a MagErr near 0.012). The true scatter is ERROR_SCALE x MagErr plus a
# per-object systematic floor (log-normal around the detector's SYSTEMATIC_FLOOR), with a heavy tail: a share
# of the points (OUTLIER_SHARE) scatter OUTLIER_FACTOR times more, which raises Chi2 far more than MAD. The
# floor is larger where the PSF is undersampled (pixel-phase errors): WFC3/IR's 0.13" pixels and above all
# WFPC2's 0.1" WF chips, whose charge-transfer losses also change with each pointing.
ERROR_SCALE = 0.7
SYSTEMATIC_FLOOR = {"wfc": 0.03, "uvis": 0.03, "ir": 0.035, "wf": 0.045}  # mag, by detector
FLOOR_SPREAD = 0.25  # natural-log sigma of the per-object floor
# The floor is not independent from filter to filter. Its size is an object's own in part (FLOOR_SHARED:
# the correlation of its log between filters), as crowding by unresolved neighbours and flat-field errors
# at its place on the detector are the same in every filter while pixel-phase errors are not. And the
# filters of one visit are taken minutes apart at the same pointing, focus and place on the detector, so
# most of the systematic error of a point (VISIT_SHARED of its standard deviation; ``build``) is common to
# the visit's filters; the heavy tail (cosmic-ray residuals, bad pixels) belongs to each exposure. With
# errors drawn apart per filter, a true variable that crossed the threshold in one filter crossed it in a
# second too rarely: multi-filter candidates were 12.5 % of the candidates (real 13.2 %).
FLOOR_SHARED = 0.7
VISIT_SHARED = 0.9
OUTLIER_SHARE = 0.08
OUTLIER_FACTOR = 3.0


def systematic_floor(
    rng: np.random.Generator, n: int, detector: str, shared: np.ndarray | None = None
) -> np.ndarray:
    """Per-object systematic scatter (mag) that MagErr does not include, on images of ``detector``.

    ``shared`` (one standard normal per object, or None) is the part of the object's log floor common to
    all its filters, with weight ``FLOOR_SHARED``; the rest is drawn for this filter.
    """
    own = rng.normal(0.0, 1.0, n)
    z = own if shared is None else FLOOR_SHARED * shared + np.sqrt(1.0 - FLOOR_SHARED**2) * own
    return SYSTEMATIC_FLOOR[detector] * np.exp(FLOOR_SPREAD * z)


def true_scatter(err: np.ndarray, floor: np.ndarray | float = SYSTEMATIC_FLOOR["wfc"]) -> np.ndarray:
    """Standard deviation of the measurements around the true magnitude (``floor`` per object or scalar)."""
    floor = np.asarray(floor, dtype=float)
    if floor.ndim == 1 and np.ndim(err) == 2:
        floor = floor[:, None]
    return np.sqrt((ERROR_SCALE * err) ** 2 + floor**2)


def scatter_draws(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Unit-scatter normal draws and the factor of the heavy tail of real light curves (the noise of a
    point is their product)."""
    tail = np.where(rng.random(shape) < OUTLIER_SHARE, OUTLIER_FACTOR, 1.0)
    return rng.normal(0.0, 1.0, shape), tail


# ----------------------------------------------------------------------------------------- magnitudes


def luminosity_function(rng: np.random.Generator, n: int, bright: float, faint: float) -> np.ndarray:
    """``n`` magnitudes with dN/dm proportional to 10**(0.3 m) between ``bright`` and ``faint``."""
    a = 0.3 * np.log(10)
    u = rng.random(n)
    lo, hi = np.exp(a * bright), np.exp(a * faint)
    return np.log(lo + u * (hi - lo)) / a


# -------------------------------------------------------------------------------------- variable models

LONG_PERIOD_AMPLITUDE = (0.05, 1.2)  # V amplitudes (mag) of long-period variables, log-uniform
PULSATOR_SHAPE = np.array([1.0, 0.42, 0.22, 0.12])  # Fourier amplitudes of a skewed (sawtooth-like) pulsation


def _fourier(phase: np.ndarray, amps: np.ndarray, skew: float = 0.35) -> np.ndarray:
    """A periodic shape of unit peak-to-peak amplitude, fast rise, slow decline (magnitudes: bright < 0)."""
    k = np.arange(1, len(amps) + 1)
    phi = 2 * np.pi * phase[..., None] * k
    shape = -(amps * np.sin(phi + skew * k)).sum(axis=-1)
    grid = np.linspace(0, 1, 256)[:, None] * k * 2 * np.pi
    ref = -(amps * np.sin(grid + skew * k)).sum(axis=-1)
    return (shape - ref.min()) / (ref.max() - ref.min()) - 0.5


def variable_params(rng: np.random.Generator, nature: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Periods (days, NaN where none) and V-band amplitudes (mag) for ``n`` objects of ``nature``."""

    def log_uniform(lo: float, hi: float) -> np.ndarray:
        return np.exp(rng.uniform(np.log(lo), np.log(hi), n))

    # Amplitudes are log-uniform where surveys find many more small-amplitude than large-amplitude variables.
    if nature == "cepheid":
        return 10 ** rng.uniform(0.45, 1.7, n), log_uniform(0.1, 0.8)
    if nature == "rr_lyrae":
        ab = rng.random(n) < 0.6
        return np.where(ab, rng.uniform(0.45, 0.75, n), rng.uniform(0.25, 0.42, n)), np.where(
            ab, rng.uniform(0.3, 1.0, n), rng.uniform(0.15, 0.45, n)
        )
    if nature == "eclipsing_binary":
        return 10 ** rng.uniform(-0.5, 1.2, n), log_uniform(0.02, 0.8)
    if nature == "long_period":
        return rng.uniform(90, 1000, n), log_uniform(*LONG_PERIOD_AMPLITUDE)
    if nature == "nova":
        return np.full(n, np.nan), rng.uniform(3.0, 7.0, n)
    if nature == "agn":
        return np.full(n, np.nan), rng.uniform(0.03, 0.3, n)
    raise ValueError(nature)


def variable_delta(
    rng: np.random.Generator,
    nature: str,
    mjd: np.ndarray,
    period: np.ndarray,
    amplitude: np.ndarray,
    amp_factor: float,
    t0: np.ndarray,
) -> np.ndarray:
    """Magnitude offsets (objects x epochs) of ``nature`` variables at ``mjd`` (one row of epochs).

    ``t0`` is a per-object reference time (phase zero, or the nova's peak). For novae the amplitude is the
    outburst amplitude above quiescence and the offset is relative to the peak.
    """
    t = mjd[None, :] - t0[:, None]
    amp = amplitude[:, None] * amp_factor
    if nature in ("cepheid", "rr_lyrae"):
        phase = np.mod(t / period[:, None], 1.0)
        return amp * _fourier(
            phase, PULSATOR_SHAPE if nature == "cepheid" else PULSATOR_SHAPE * [1, 1.1, 1.3, 1.4]
        )
    if nature == "long_period":
        return 0.5 * amp * np.sin(2 * np.pi * t / period[:, None])
    if nature == "eclipsing_binary":
        phase = np.mod(t / period[:, None], 1.0)
        # Half are contact (W UMa) binaries varying all the time, half detached with narrow eclipses.
        contact = (np.abs(np.sin(t0 * 3.17)) % 1.0)[:, None] < 0.5
        width = 0.025 + 0.04 * (np.abs(np.sin(t0 * 12.9898)) % 1.0)[:, None]
        primary = np.exp(-0.5 * (np.minimum(phase, 1 - phase) / width) ** 2)
        secondary = 0.45 * np.exp(-0.5 * ((phase - 0.5) / width) ** 2)
        wuma = 0.5 * (1 + np.cos(4 * np.pi * phase)) * (1 + 0.15 * np.cos(2 * np.pi * phase)) / 1.15
        # The amplitude of eclipses is close to the same in every band.
        return amplitude[:, None] * np.where(contact, wuma, primary + secondary)
    if nature == "nova":
        # Fast rise, linear decline in magnitudes with t2 between 8 and 80 days.
        t2 = 8.0 + 72.0 * (np.abs(np.sin(t0 * 78.233)) % 1.0)
        decline = np.where(t >= 0, t * 2.0 / t2[:, None], -t * 1.5)
        return np.minimum(decline, amplitude[:, None])
    if nature == "agn":
        periods = np.array([41.0, 173.0, 611.0])
        phases = (t0[:, None] * np.array([0.37, 0.71, 0.13])) % 1.0
        waves = np.sin(2 * np.pi * (t[..., None] / periods + phases[:, None, :])).sum(axis=-1)
        return amp * waves / 3.0
    raise ValueError(nature)


# -------------------------------------------------------------------------------------------- artifacts


def artifact_traces(
    rng: np.random.Generator,
    kind: str,
    angle: np.ndarray,
    single_exposure: bool,
    orient_deg: np.ndarray,
    seeing: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Traces of ``kind`` on light curves on images of orientation ``orient_deg`` (degrees, one per epoch)
    and PSF width ``seeing`` (FWHM relative to nominal, one per epoch); ``angle`` (rad, one per object) is
    the position angle of the spike's or the blend's neighbour, or the direction of the chip edge.

    Returns (hit mask, magnitude offsets, CI offsets, extra D in mas), each objects x epochs:

    - cosmic ray: only on single-exposure images (CR-split and WFC3/IR up-the-ramp fitting remove them): a few
      epochs brighter, each with a sharp CI drop (a hit is more concentrated than a star) and a centroid pull;
    - diffraction spike: a bright neighbour at a fixed position angle; its four spikes turn with the image, so
      the epochs hit are those whose orientation puts a spike (orient + 45 + k x 90 degrees) within
      ``SPIKE_HALF_WIDTH`` of the neighbour: brighter, more extended (CI up), D pulled along the spike;
    - chip edge: the object sits near the edge of the detector on the visits whose orientation puts it there
      (``EDGE_COS`` of the angle to the object): part of the flux is lost (fainter, CI down, D large);
    - blend: an unresolved neighbour at separation ``sep`` and position angle ``phi``: the share of its light
      in the aperture grows with the PSF width and with the PSF's elongation along ``phi`` in that image
      orientation, so D, CI and the magnitude all change together from epoch to epoch.

    A cosmic ray or a blend leaves a trace on at least one epoch of every filter it touches (the object was
    picked as an artifact because of it); spikes and edges follow the geometry (``angle`` was chosen so that
    at least one image of the object is hit), cosmic rays need single exposures.
    """
    n_objects, n_epochs = len(angle), len(orient_deg)
    shape = (n_objects, n_epochs)
    zeros = np.zeros(shape)
    if kind == "cosmic_ray" and not single_exposure:
        return np.zeros(shape, bool), zeros, zeros, zeros
    orient = np.radians(orient_deg)[None, :]
    if kind == "cosmic_ray":
        hit = rng.random(shape) < np.clip(2.0 / n_epochs, 0.1, 0.3)
        hit[np.arange(n_objects), rng.integers(0, n_epochs, n_objects)] = True
        dmag = -0.1 * np.exp(rng.uniform(0.0, np.log(8.0), shape))  # 0.1-0.8 mag, most of them small
        dci = -rng.uniform(0.4, 0.9, shape)  # a cosmic ray is much sharper than the PSF
        dd = rng.uniform(15, 60, shape)
    elif kind == "diffraction_spike":
        off = np.abs((angle[:, None] - orient) % (np.pi / 2) - np.pi / 4)  # 0 on a spike
        hit = off < np.radians(SPIKE_HALF_WIDTH)
        strength = 1.0 - off / np.radians(SPIKE_HALF_WIDTH)
        peak = rng.uniform(0.1, 0.5, (n_objects, 1))
        dmag = -peak * strength
        dci = 0.4 * strength * rng.uniform(0.5, 1.0, shape)
        dd = 40.0 * strength * rng.uniform(0.5, 1.0, shape)
    elif kind == "chip_edge":
        cos = np.cos(orient - angle[:, None])
        hit = cos > EDGE_COS
        depth = np.clip((cos - EDGE_COS) / (1 - EDGE_COS), 0.0, 1.0)
        dmag = rng.uniform(0.1, 0.5, (n_objects, 1)) * (0.4 + 0.6 * depth)
        dci = -0.2 * depth
        dd = 25.0 + 65.0 * depth
    elif kind == "blend":
        sep = rng.uniform(40.0, 120.0, (n_objects, 1))  # mas
        phi = angle[:, None]
        share = rng.uniform(0.2, 0.6, (n_objects, 1))  # neighbour flux / object flux
        w = seeing[None, :] ** 2 * (0.6 + 0.4 * np.abs(np.cos(2 * (phi - orient))))
        hit = np.ones(shape, bool)
        dmag = -0.6 * share * (w - np.median(w, axis=1, keepdims=True))
        dci = 0.1 + 0.4 * share * w + rng.normal(0.0, 0.03, shape)
        dd = sep * share * w
    else:
        raise ValueError(kind)
    return hit, np.where(hit, dmag, 0.0), np.where(hit, dci, 0.0), np.where(hit, dd, 0.0)


# Degrees either side of a spike's axis where the spike (0.1-0.2" wide, 1-2" from its star) covers the object.
SPIKE_HALF_WIDTH = 12.0
EDGE_COS = 0.75  # the object falls off the chip's usable area where cos(orientation - its angle) exceeds this


def concentration_and_offset(
    rng: np.random.Generator, spec: FilterSpec, err: np.ndarray, extended: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Concentration index and position offset D (mas) of ordinary measurements.

    Noisier measurements scatter more in CI and D; ``extended`` (per object) widens the CI of blended or
    resolved sources.
    """
    ci = spec.ci0 + extended[:, None] + rng.normal(0.0, 0.03 + 0.8 * err)
    d = np.abs(rng.normal(0.0, 1.5 + 40.0 * err)) + np.abs(rng.normal(0.0, 1.0, err.shape))
    return ci, d

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


# HSC errors underestimate the real scatter a little, and bright stars carry flat-fielding and PSF residuals:
# the true scatter is this factor times MagErr plus a systematic floor (what makes Chi2 of bright constant
# stars exceed 1, as in the real catalogue).
ERROR_UNDERESTIMATE = 1.15
SYSTEMATIC_FLOOR = 0.009


def true_scatter(err: np.ndarray) -> np.ndarray:
    return np.sqrt((ERROR_UNDERESTIMATE * err) ** 2 + SYSTEMATIC_FLOOR**2)


# ----------------------------------------------------------------------------------------- magnitudes


def luminosity_function(rng: np.random.Generator, n: int, bright: float, faint: float) -> np.ndarray:
    """``n`` magnitudes with dN/dm proportional to 10**(0.3 m) between ``bright`` and ``faint``."""
    a = 0.3 * np.log(10)
    u = rng.random(n)
    lo, hi = np.exp(a * bright), np.exp(a * faint)
    return np.log(lo + u * (hi - lo)) / a


# -------------------------------------------------------------------------------------- variable models

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
        return 10 ** rng.uniform(0.45, 1.7, n), log_uniform(0.15, 1.0)
    if nature == "rr_lyrae":
        ab = rng.random(n) < 0.6
        return np.where(ab, rng.uniform(0.45, 0.75, n), rng.uniform(0.25, 0.42, n)), np.where(
            ab, rng.uniform(0.4, 1.1, n), rng.uniform(0.2, 0.5, n)
        )
    if nature == "eclipsing_binary":
        return 10 ** rng.uniform(-0.5, 1.2, n), log_uniform(0.03, 1.0)
    if nature == "long_period":
        return rng.uniform(90, 1000, n), log_uniform(0.1, 2.5)
    if nature == "nova":
        return np.full(n, np.nan), rng.uniform(3.0, 7.0, n)
    if nature == "agn":
        return np.full(n, np.nan), rng.uniform(0.05, 0.4, n)
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
    rng: np.random.Generator, kind: str, n_objects: int, n_epochs: int, single_exposure: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Traces of ``kind`` on ``n_objects`` light curves of ``n_epochs`` points.

    Returns (hit mask, magnitude offsets, CI offsets, extra D in mas), each objects x epochs. Cosmic rays need
    single-exposure images (otherwise CR-split rejection removes them): the caller passes ``single_exposure``.
    """
    shape = (n_objects, n_epochs)
    if kind == "cosmic_ray":
        p = np.clip(3.0 / n_epochs, 0.12, 0.4) if single_exposure else 0.0
    elif kind == "blend":
        p = 1.0
    else:
        p = 0.35
    hit = rng.random(shape) < p
    # Every artifact leaves at least one trace (the object was picked as an artifact because of it).
    first = rng.integers(0, n_epochs, n_objects)
    hit[np.arange(n_objects), first] = True
    if kind == "cosmic_ray":
        dmag = -rng.uniform(0.12, 1.0, shape)
        dci = -rng.uniform(0.15, 0.4, shape)
        dd = rng.uniform(15, 60, shape)
    elif kind == "diffraction_spike":
        dmag = -rng.uniform(0.08, 0.45, shape)
        dci = rng.uniform(0.1, 0.4, shape)
        dd = rng.uniform(10, 40, shape)
    elif kind == "chip_edge":
        dmag = rng.uniform(0.1, 0.8, shape)
        dci = -rng.uniform(0.0, 0.2, shape)
        dd = rng.uniform(25, 90, shape)
    elif kind == "blend":
        # A neighbour inside the PSF: seeing and roll changes move flux in and out of the aperture.
        dmag = rng.normal(0.0, 1.0, shape) * rng.uniform(0.05, 0.16, (n_objects, 1))
        dci = np.full(shape, 0.3) + rng.normal(0, 0.08, shape)
        dd = rng.uniform(5, 25, shape)
    else:
        raise ValueError(kind)
    return hit, np.where(hit, dmag, 0.0), np.where(hit, dci, 0.0), np.where(hit, dd, 0.0)


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

"""Real HCV rows planted into the simulated universe (``shared/data`` copies shipped with the package).

The nova 1905457 keeps its real F606W light curve row for row; the other real summary rows get a synthetic
light curve on their group's images built so that the HCV statistics recomputed from it equal the real row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .photometry import mag_error
from .pipeline import light_curve_stats
from .plans import Epochs

DATA_DIR = Path(__file__).with_name("data")
NOVA_CSV = DATA_DIR / "hcv_detailed_1905457_ACS_F606W.csv"
SAMPLES_CSV = DATA_DIR / "hcvsummary_samples.csv"


@dataclass
class FilterRow:
    """One real HCVfilter row."""

    filter: str
    det_flag: int
    var_qual_flag: str
    num_lc: int
    mean_mag: float
    mean_corr_mag: float
    mad: float
    chi2: float


@dataclass
class PlantedObject:
    """One real HCVmatch row with its real HCVfilter rows."""

    match_id: int
    group_id: int
    subgroup_id: int
    ra: float
    dec: float
    auto_class: int
    expert_class: int
    filters: dict[str, FilterRow]


def load_samples() -> dict[int, PlantedObject]:
    """The real summary rows of ``hcvsummary_samples.csv`` grouped by MatchID."""
    objects: dict[int, PlantedObject] = {}
    with SAMPLES_CSV.open(newline="") as fh:
        for row in csv.DictReader(fh):
            mid = int(row["MatchID"])
            obj = objects.setdefault(
                mid,
                PlantedObject(
                    mid,
                    int(row["GroupID"]),
                    int(row["SubGroupID"]),
                    float(row["RA"]),
                    float(row["Dec"]),
                    int(row["AutoClass"]),
                    int(row["ExpertClass"]),
                    {},
                ),
            )
            obj.filters[row["Filter"]] = FilterRow(
                row["Filter"],
                int(row["FilterDetFlag"]),
                row["VarQualFlag"],
                int(row["NumLC"]),
                float(row["MeanMag"]),
                float(row["MeanCorrMag"]),
                float(row["MAD"]),
                float(row["Chi2"]),
            )
    return objects


def nova_light_curve() -> list[dict[str, str]]:
    """The 21 real HCVdetailed rows of the M87 nova in F606W, as strings exactly as published."""
    with NOVA_CSV.open(newline="") as fh:
        return list(csv.DictReader(fh))


def nova_mjd() -> np.ndarray:
    return np.array([float(r["MJD"]) for r in nova_light_curve()])


@dataclass
class LightCurve:
    """Accepted measurements of one object in one filter."""

    mjd: np.ndarray
    image: list[str]
    mag: np.ndarray
    corr_mag: np.ndarray
    mag_err: np.ndarray
    ci: np.ndarray
    d: np.ndarray


def synthesize(
    rng: np.random.Generator, row: FilterRow, epochs: Epochs, mlim: float, ci0: float
) -> LightCurve:
    """A light curve on ``epochs`` whose MeanMag, MeanCorrMag, MAD and Chi2 equal ``row``'s.

    MAD is shift-invariant and scales linearly, so a random variation is scaled to the MAD and shifted to the
    mean; Chi2 scales as 1 / err**2 (the weighted mean does not change when all errors scale together), so the
    errors of the magnitude model are scaled to hit Chi2. Values are not rounded, keeping the match exact.
    Precondition: ``row.num_lc`` <= number of images.
    """
    n = row.num_lc
    pick = np.sort(rng.choice(len(epochs.names), size=n, replace=False))
    phase = rng.uniform(0, 2 * np.pi)
    shape = np.sin(2 * np.pi * np.arange(n) / max(n, 3) * rng.uniform(0.6, 1.8) + phase) + rng.normal(
        0, 0.5, n
    )
    shape -= np.median(shape)
    shape *= row.mad / np.median(np.abs(shape))
    corr = shape - shape.mean() + row.mean_corr_mag
    err = mag_error(corr, mlim)
    chi2 = light_curve_stats(corr, corr, err).chi2[0]
    err = err * np.sqrt(chi2 / row.chi2)
    zp = epochs.zp_offset[pick]
    mag = corr + zp - zp.mean() + (row.mean_mag - row.mean_corr_mag)
    ci = ci0 + rng.normal(0, 0.04, n)
    d = np.abs(rng.normal(0, 4.0, n))
    return LightCurve(epochs.mjd[pick], [epochs.names[i] for i in pick], mag, corr, err, ci, d)

"""Check the catalogue's statistics against the ingested light curves; flag what disagrees.

Nothing the catalogue gives is recomputed into its fields: a disagreement only sets `lc_mismatch` on the
filter row and `stats_mismatch` on the candidate, for a curator to look at.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from hcvvet.catalog import stats
from hcvvet.catalog.models import Candidate, FilterStat

from .lightcurves import LightCurveRow


def check_statistics(rows: Sequence[LightCurveRow]) -> int:
    """Flag the filter rows of these light curves whose stored statistics disagree with them; returns
    how many disagree. Precondition: the rows are every HCVdetailed row of their (MatchID, filter)."""
    curves: dict[tuple[int, str], list[LightCurveRow]] = defaultdict(list)
    for r in rows:
        curves[(r.match_id, r.filter)].append(r)
    stored = FilterStat.objects.filter(candidate_id__in={m for m, _ in curves}).values_list(
        "pk", "candidate_id", "filter", "num_lc", "mean_mag", "mean_corr_mag", "mad", "chi2", "lc_mismatch"
    )
    agree: list[int] = []
    disagree: list[int] = []
    # Each candidate's flag after this check: any of its filter rows disagrees (those without a curve here
    # keep theirs).
    flagged = dict.fromkeys((m for m, _ in curves), False)
    for pk, match_id, band, num_lc, mean_mag, mean_corr_mag, mad, chi2, mismatch in stored:
        curve = curves.get((match_id, band))
        if curve is not None:
            catalogue = stats.FilterStatistics(
                num_lc, _nan(mean_mag), _nan(mean_corr_mag), _nan(mad), _nan(chi2)
            )
            mismatch = not _agrees(catalogue, curve)
            (disagree if mismatch else agree).append(pk)
        flagged[match_id] = flagged[match_id] or mismatch
    FilterStat.objects.filter(pk__in=agree, lc_mismatch=True).update(lc_mismatch=False)
    FilterStat.objects.filter(pk__in=disagree, lc_mismatch=False).update(lc_mismatch=True)
    # Only the candidates whose flag changes are written (a light-curve batch of 2,000 objects rewrote
    # every one of them).
    for value in (True, False):
        ids = [m for m, f in flagged.items() if f is value]
        Candidate.objects.filter(pk__in=ids, stats_mismatch=not value).update(stats_mismatch=value)
    return len(disagree)


def _agrees(catalogue: stats.FilterStatistics, curve: list[LightCurveRow]) -> bool:
    usable = [r for r in curve if r.mag is not None and r.corr_mag is not None and r.mag_err]
    if len(usable) != len(curve):
        return False
    computed = stats.filter_statistics(
        np.array([r.mag for r in usable]),
        np.array([r.corr_mag for r in usable]),
        np.array([r.mag_err for r in usable]),
    )
    return stats.statistics_agree(catalogue, computed)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value

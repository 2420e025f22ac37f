"""Catalogue-side derived values computed after a load: per-group MAD thresholds and each candidate's
largest MAD. Both come from the catalogue's own statistics (no light curve is recomputed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from django.db import transaction
from django.db.models import Max, OuterRef, QuerySet, Subquery

from . import stats
from .models import Candidate, FilterStat

UPDATE_BATCH = 2000


def filter_thresholds_update(group_ids: Iterable[int]) -> int:
    """Set `FilterStat.mad_threshold` for every filter row of the groups, from the MAD-magnitude
    threshold curve of its group and filter (all objects, constant ones included). Returns rows set."""
    updated = 0
    for group_id in sorted(set(group_ids)):
        rows = FilterStat.objects.filter(candidate__group_id=group_id).values_list(
            "pk", "filter", "mean_corr_mag", "mad"
        )
        by_filter: dict[str, list[tuple]] = defaultdict(list)
        for pk, band, mag, mad in rows:
            by_filter[band].append((pk, mag, mad))
        for values in by_filter.values():
            pks = [v[0] for v in values]
            mags = np.array([np.nan if v[1] is None else v[1] for v in values], dtype=float)
            mads = np.array([np.nan if v[2] is None else v[2] for v in values], dtype=float)
            centres, thresholds = stats.mad_threshold_curve(mags, mads)
            at = stats.threshold_at(mags, centres, thresholds)
            objs = [
                FilterStat(pk=pk, mad_threshold=None if not np.isfinite(t) else float(t))
                for pk, t in zip(pks, at, strict=True)
            ]
            with transaction.atomic():
                FilterStat.objects.bulk_update(objs, ["mad_threshold"], batch_size=UPDATE_BATCH)
            updated += len(objs)
    return updated


def candidates_refresh_max_mad(candidates: QuerySet[Candidate]) -> int:
    """Set `max_mad` of the candidates to the largest MAD of their filter rows."""
    largest = (
        FilterStat.objects.filter(candidate=OuterRef("pk"))
        .values("candidate")
        .annotate(m=Max("mad"))
        .values("m")
    )
    return candidates.update(max_mad=Subquery(largest))

"""Reads of the catalogue: the candidate list and detail querysets, the cone search and the filter-row
condition.

The API, campaign selections and reports build on these, so a candidate list means the same rows everywhere.
What a user may see of the classes is not decided here: `hcvvet.vetting.visibility` narrows these querysets.
"""

import math
from collections.abc import Sequence

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Cos, Power, Radians, Sin

from . import thresholds
from .filters import FilterRowConditions, cone_box, var_qual_regex
from .models import Candidate, Cutout, FieldThreshold, FilterStat, Measurement

# The cursor-safe ordering key of the candidate list: MAX(MAD) with candidates without one last.
NO_MAD = -1.0


def measurements_in_order() -> Prefetch:
    """A candidate's measurements by filter, then MJD: the light curve as every reader shows it."""
    return Prefetch("measurements", queryset=Measurement.objects.order_by("filter", "mjd"))


def candidate_list() -> QuerySet[Candidate]:
    """Candidates with their group; `mad` is MAX(MAD) with nulls as NO_MAD, so it can key a cursor."""
    return Candidate.objects.select_related("group").annotate(mad=Coalesce("max_mad", Value(NO_MAD)))


def candidate_detail() -> QuerySet[Candidate]:
    """Candidates with their group, filter rows, light curve and cutouts (by epoch, then size) prefetched."""
    return candidate_list().prefetch_related(
        "filter_stats",
        measurements_in_order(),
        Prefetch(
            "cutouts", queryset=Cutout.objects.select_related("image").order_by("image__mjd", "size_px", "id")
        ),
    )


def candidate_light_curve() -> QuerySet[Candidate]:
    """Candidates with only their light curve prefetched."""
    return Candidate.objects.prefetch_related(measurements_in_order())


def cone_search(
    candidates: QuerySet[Candidate], *, ra_deg: float, dec_deg: float, radius_arcsec: float
) -> QuerySet[Candidate]:
    """`candidates` within `radius_arcsec` of (ra_deg, dec_deg).

    An index-friendly Dec/RA box (`filters.cone_box`) narrows the rows first; the exact great-circle test
    (haversine) then runs in SQL on the survivors only.
    """
    ra_deg %= 360.0
    box = cone_box(ra_deg, dec_deg, radius_arcsec)
    narrowed = Q(dec_deg__gte=box.dec_min, dec_deg__lte=box.dec_max)
    if box.ra_ranges:
        any_range = Q()
        for ra_min, ra_max in box.ra_ranges:
            any_range |= Q(ra_deg__gte=ra_min, ra_deg__lte=ra_max)
        narrowed &= any_range
    dec_rad = math.radians(dec_deg)
    haversine = Power(Sin((Radians(F("dec_deg")) - Value(dec_rad)) / 2), 2) + Cos(
        Radians(F("dec_deg"))
    ) * Value(math.cos(dec_rad)) * Power(Sin((Radians(F("ra_deg")) - Value(math.radians(ra_deg))) / 2), 2)
    return candidates.filter(narrowed).alias(haversine=haversine).filter(haversine__lte=box.haversine_limit)


def filter_row_condition(conditions: FilterRowConditions) -> Q | None:
    """The condition on a FilterStat row that `conditions` describe, or None when they are empty."""
    if conditions.is_empty():
        return None
    condition = Q()
    if conditions.filters:
        condition &= Q(filter__in=conditions.filters)
    bounds = {
        "mad__gte": conditions.mad_min,
        "mad__lte": conditions.mad_max,
        "mean_corr_mag__gte": conditions.mag_min,
        "mean_corr_mag__lte": conditions.mag_max,
    }
    condition &= Q(**{lookup: float(value) for lookup, value in bounds.items() if value is not None})
    if conditions.var_qual_flag:
        condition &= Q(var_qual_flag__regex=var_qual_regex(conditions.var_qual_flag))
    return condition


def with_filter_row(candidates: QuerySet[Candidate], conditions: FilterRowConditions) -> QuerySet[Candidate]:
    """`candidates` having at least one filter row on which every condition holds."""
    row = filter_row_condition(conditions)
    if row is None:
        return candidates
    return candidates.filter(Exists(FilterStat.objects.filter(row, candidate=OuterRef("pk"))))


# A filter row's inputs to its field's threshold, in the order of `thresholds.curves_by_filter`'s keywords.
THRESHOLD_INPUTS = (
    "filter",
    "mean_corr_mag",
    "mad",
    "filter_det_flag",
    "candidate__auto_class",
    "chi2",
    "num_lc",
    "var_qual_flag",
)
_THRESHOLD_KEYWORDS = (
    "filter",
    "mag",
    "mad",
    "filter_det_flag",
    "auto_class",
    "chi2",
    "num_lc",
    "var_qual_flag",
)


def threshold_curves_of_rows(rows: Sequence[Sequence]) -> dict[str, thresholds.ThresholdCurve]:
    """The threshold curve of each filter of one group's THRESHOLD_INPUTS rows."""
    if not rows:
        return {}
    columns = dict(zip(_THRESHOLD_KEYWORDS, zip(*rows, strict=True), strict=True))
    return thresholds.curves_by_filter(**columns)


def field_threshold_curves(*, group_id: int, filters: Sequence[str]) -> dict[str, thresholds.ThresholdCurve]:
    """The group's threshold curve in each of `filters` that has rows: the stored one (`FieldThreshold`,
    what the filter rows' `mad_threshold` was set from), else computed from the rows as it would be stored.
    One query when every curve is stored, two otherwise."""
    curves = {
        t.filter: t.curve() for t in FieldThreshold.objects.filter(group_id=group_id, filter__in=filters)
    }
    missing = [band for band in filters if band not in curves]
    if missing:
        rows = FilterStat.objects.filter(candidate__group_id=group_id, filter__in=missing)
        curves |= threshold_curves_of_rows(list(rows.values_list(*THRESHOLD_INPUTS)))
    return curves

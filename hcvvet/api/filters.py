"""Query filters of the candidate list: catalogue classes, filter-row ranges and the cone search."""

import math

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cos, Power, Radians, Sin

from hcvvet.catalog.models import AutoClass, Candidate, ExpertClass, FilterStat

MAX_CONE_RADIUS_ARCSEC = 3600.0
MAX_MAG = 100.0
VAR_QUAL_PATTERN = r"^[A-Za-z_?]{1,5}$"


def cone_filter(queryset: QuerySet, ra_deg: float, dec_deg: float, radius_arcsec: float) -> QuerySet:
    """Candidates within `radius_arcsec` of (ra_deg, dec_deg).

    An index-friendly Dec/RA box narrows the rows first (with RA wrap-around at 0/360 and no RA limit when the
    cap reaches a pole); the exact great-circle test (haversine) then runs in SQL on the survivors only.
    """
    radius_deg = radius_arcsec / 3600.0
    dec_lo, dec_hi = dec_deg - radius_deg, dec_deg + radius_deg
    box = Q(dec_deg__gte=dec_lo, dec_deg__lte=dec_hi)
    widest_dec = max(abs(dec_lo), abs(dec_hi))
    if widest_dec < 90.0:
        half_width = radius_deg / math.cos(math.radians(widest_dec))
        if half_width < 180.0:
            ra_lo, ra_hi = ra_deg - half_width, ra_deg + half_width
            if ra_lo < 0:
                box &= Q(ra_deg__gte=ra_lo + 360.0) | Q(ra_deg__lte=ra_hi)
            elif ra_hi >= 360.0:
                box &= Q(ra_deg__gte=ra_lo) | Q(ra_deg__lte=ra_hi - 360.0)
            else:
                box &= Q(ra_deg__gte=ra_lo, ra_deg__lte=ra_hi)
    dec_rad = math.radians(dec_deg)
    haversine = Power(Sin((Radians(F("dec_deg")) - Value(dec_rad)) / 2), 2) + Cos(
        Radians(F("dec_deg"))
    ) * Value(math.cos(dec_rad)) * Power(Sin((Radians(F("ra_deg")) - Value(math.radians(ra_deg))) / 2), 2)
    limit = math.sin(math.radians(radius_deg) / 2) ** 2
    return queryset.filter(box).alias(haversine=haversine).filter(haversine__lte=limit)


class IdFilter(django_filters.NumberFilter):
    """A whole-number id (GroupID, MatchID, campaign id...): 400 for fractions or values beyond 64 bits."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class CandidateFilterForm(forms.Form):
    """Cross-field rules: the cone needs all three values; ranges must not be inverted."""

    def clean(self):
        data = super().clean()
        cone = {name: data.get(name) for name in ("ra", "dec", "radius_arcsec")}
        given = [name for name, value in cone.items() if value is not None]
        if given and len(given) < 3:
            for name in cone:
                if cone[name] is None:
                    self.add_error(name, "A cone search needs ra, dec and radius_arcsec together.")
        for low, high in (("mad_min", "mad_max"), ("mag_min", "mag_max")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, f"{high} must not be smaller than {low}.")
        return data


class CandidateFilter(django_filters.FilterSet):
    group = IdFilter(field_name="group_id", help_text="GroupID.")
    target = django_filters.CharFilter(
        field_name="group__target_name", lookup_expr="icontains", help_text="Part of the TargetName."
    )
    auto_class = django_filters.MultipleChoiceFilter(
        choices=AutoClass.choices, help_text="AutoClass (repeatable)."
    )
    hcv_expert_class = django_filters.MultipleChoiceFilter(
        choices=ExpertClass.choices, help_text="The catalogue's own ExpertClass (repeatable)."
    )
    expert_class = django_filters.MultipleChoiceFilter(
        choices=ExpertClass.choices, help_text="hcvvet's decided class (repeatable)."
    )
    decided = django_filters.BooleanFilter(
        field_name="expert_class",
        lookup_expr="isnull",
        exclude=True,
        help_text="Has hcvvet's class been decided?",
    )
    needs_review = django_filters.BooleanFilter()
    has_light_curve = django_filters.BooleanFilter()
    filter = django_filters.CharFilter(
        method="noop",
        max_length=16,
        help_text="A filter row in this filter, e.g. ACS_F814W (case-insensitive).",
    )
    mad_min = django_filters.NumberFilter(
        method="noop", min_value=0, max_value=MAX_MAG, help_text="MAD of a filter row >= (mag)."
    )
    mad_max = django_filters.NumberFilter(
        method="noop", min_value=0, max_value=MAX_MAG, help_text="MAD of a filter row <= (mag)."
    )
    mag_min = django_filters.NumberFilter(
        method="noop",
        min_value=-MAX_MAG,
        max_value=MAX_MAG,
        help_text="MeanCorrMag of a filter row >= (mag).",
    )
    mag_max = django_filters.NumberFilter(
        method="noop",
        min_value=-MAX_MAG,
        max_value=MAX_MAG,
        help_text="MeanCorrMag of a filter row <= (mag).",
    )
    var_qual_flag = django_filters.CharFilter(
        method="noop",
        max_length=5,
        validators=[
            RegexValidator(VAR_QUAL_PATTERN, "Use one to five letters, with ? (or _) for any letter.")
        ],
        help_text="VarQualFlag of a filter row; `?` (or `_`) matches any letter, a shorter pattern matches a prefix.",
    )
    ra = django_filters.NumberFilter(
        method="noop", min_value=0, max_value=360, help_text="Cone centre RA (deg)."
    )
    dec = django_filters.NumberFilter(
        method="noop", min_value=-90, max_value=90, help_text="Cone centre Dec (deg)."
    )
    radius_arcsec = django_filters.NumberFilter(
        method="noop", min_value=0, max_value=MAX_CONE_RADIUS_ARCSEC, help_text="Cone radius (arcsec)."
    )

    class Meta:
        model = Candidate
        fields: list[str] = []
        form = CandidateFilterForm

    def noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Applied together in `filter_queryset`, where they combine into one filter-row condition."""
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        row = _filter_row_condition(data)
        if row is not None:
            rows = FilterStat.objects.filter(row, candidate=OuterRef("pk"))
            queryset = queryset.filter(Exists(rows))
        if (
            data.get("ra") is not None
            and data.get("dec") is not None
            and data.get("radius_arcsec") is not None
        ):
            ra = float(data["ra"]) % 360.0
            queryset = cone_filter(queryset, ra, float(data["dec"]), float(data["radius_arcsec"]))
        return queryset


def _filter_row_condition(data: dict) -> Q | None:
    """One condition on a single filter row, so ranges and the flag apply to the same filter."""
    condition = Q()
    if data.get("filter"):
        condition &= Q(filter__iexact=data["filter"])
    for name, lookup in (
        ("mad_min", "mad__gte"),
        ("mad_max", "mad__lte"),
        ("mag_min", "mean_corr_mag__gte"),
        ("mag_max", "mean_corr_mag__lte"),
    ):
        if data.get(name) is not None:
            condition &= Q(**{lookup: float(data[name])})
    if data.get("var_qual_flag"):
        pattern = data["var_qual_flag"].upper().replace("_", ".").replace("?", ".")
        condition &= Q(var_qual_flag__regex=f"^{pattern}")
    return condition if condition else None

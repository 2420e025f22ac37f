"""Query parameters of the candidate list, parsed and checked here and applied by the catalogue's selectors
(filter row, cone search) and vetting's visibility selectors (the classes, as the caller may see them)."""

import django_filters
from django import forms
from django.db.models import QuerySet

from hcvvet.catalog.filters import (
    FILTER_NAME_HELP,
    VAR_QUAL_HELP,
    FilterRowConditions,
    is_filter_name,
    normalise_filter_name,
    parse_var_qual_pattern,
)
from hcvvet.catalog.models import AutoClass, Candidate, ExpertClass
from hcvvet.catalog.selectors import cone_search, with_filter_row
from hcvvet.vetting.visibility import with_seen_classes

MAX_CONE_RADIUS_ARCSEC = 3600.0
MAX_MAG = 100.0


class IdFilter(django_filters.NumberFilter):
    """A whole-number id (GroupID, MatchID, campaign id...): 400 for fractions or values beyond 64 bits."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class CandidateFilterForm(forms.Form):
    """Cross-field rules: the cone needs all three values; ranges must not be inverted. Filter names and
    VarQualFlag patterns follow the catalogue's grammar (`hcvvet.catalog.filters`)."""

    def clean_filter(self) -> str:
        name = normalise_filter_name(self.cleaned_data.get("filter") or "")
        if name and not is_filter_name(name):
            raise forms.ValidationError(
                "Unknown filter name %(name)s: " + FILTER_NAME_HELP + ".", params={"name": name}
            )
        return name

    def clean_var_qual_flag(self) -> str:
        pattern = self.cleaned_data.get("var_qual_flag") or ""
        try:
            return parse_var_qual_pattern(pattern) if pattern else ""
        except ValueError as error:
            raise forms.ValidationError(
                "%(pattern)s is no VarQualFlag pattern: " + VAR_QUAL_HELP + ".", params={"pattern": pattern}
            ) from error

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
    hcv_expert_class = django_filters.TypedMultipleChoiceFilter(
        choices=ExpertClass.choices,
        coerce=int,
        method="noop",
        help_text="The catalogue's own ExpertClass (repeatable); hidden classes match none.",
    )
    expert_class = django_filters.TypedMultipleChoiceFilter(
        choices=ExpertClass.choices,
        coerce=int,
        method="noop",
        help_text="hcvvet's decided class (repeatable); hidden classes match none.",
    )
    decided = django_filters.BooleanFilter(
        method="noop", help_text="Has hcvvet's class been decided (a hidden class counts as undecided)?"
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
        help_text="VarQualFlag of a filter row: grades A-C or -; `?` (or `_`) matches any grade, a shorter "
        "pattern matches a prefix.",
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
        fields: tuple[str, ...] = ()
        form = CandidateFilterForm

    def noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Applied together in `filter_queryset`: the filter-row values combine into one condition, and the
        classes go through the visibility selector."""
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """`queryset` must come from `hcvvet.vetting.visibility.visible_candidates`."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        queryset = with_seen_classes(
            queryset,
            hcv_expert_class=data.get("hcv_expert_class") or (),
            expert_class=data.get("expert_class") or (),
            decided=data.get("decided"),
        )
        queryset = with_filter_row(queryset, filter_row_conditions(data))
        if (
            data.get("ra") is not None
            and data.get("dec") is not None
            and data.get("radius_arcsec") is not None
        ):
            queryset = cone_search(
                queryset,
                ra_deg=float(data["ra"]),
                dec_deg=float(data["dec"]),
                radius_arcsec=float(data["radius_arcsec"]),
            )
        return queryset


def filter_row_conditions(data: dict) -> FilterRowConditions:
    """The filter-row part of the cleaned query: one filter row must satisfy all of it."""
    return FilterRowConditions(
        filters=(data["filter"],) if data.get("filter") else (),
        mad_min=_number(data.get("mad_min")),
        mad_max=_number(data.get("mad_max")),
        mag_min=_number(data.get("mag_min")),
        mag_max=_number(data.get("mag_max")),
        var_qual_flag=data.get("var_qual_flag") or None,
    )


def _number(value) -> float | None:
    return None if value is None else float(value)

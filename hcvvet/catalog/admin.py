"""The catalogue in the admin: groups, images, candidates with their statistics and light curves, cutouts.

Only what the catalogue knows by itself lives here; the curators' actions that reach vetting or ingest
(campaigns, image flags, re-runs) and the vetting history on a candidate's page are added on top by
hcvvet.curation.
"""

import csv
import io

from django.contrib import admin
from django.db.models import Case, F, Q, Value, When
from django.http import HttpResponse

from .models import Candidate, Cutout, FilterStat, Group, Image, Measurement

EXPORT_COLUMNS = [
    ("MatchID", "match_id"),
    ("GroupID", "group_id"),
    ("TargetName", "group__target_name"),
    ("SubGroupID", "sub_group_id"),
    ("RA_deg", "ra_deg"),
    ("Dec_deg", "dec_deg"),
    ("AutoClass", "auto_class"),
    ("HCV_ExpertClass", "hcv_expert_class"),
    ("hcvvet_ExpertClass", "expert_class"),
    ("NumFilters", "num_filters"),
    ("MaxMAD_mag", "max_mad"),
    ("NeedsReview", "needs_review"),
]
# The epoch's rejection: the union of the experts' rejections and the image flags, which the vetting services
# keep; an edit here would disagree with them, so the admin shows it and never writes it.
REJECTION_COLUMNS = ("rejected", "rejected_source", "rejected_reason", "rejected_by", "rejected_at")
MJD_DECIMALS = 5  # 1e-5 d is about 1 s: finer digits of a stored MJD are noise to a reader


def mjd_shown(mjd: float | None) -> str | None:
    """An MJD as the admin shows it (to `MJD_DECIMALS`); the stored value keeps every digit."""
    return None if mjd is None else f"{mjd:.{MJD_DECIMALS}f}"


class ShortMjd:
    """An admin (or inline) column `mjd_short`: `mjd` to 5 decimals, sorted by the stored MJD."""

    @admin.display(description="MJD", ordering="mjd", empty_value="-")
    def mjd_short(self, obj) -> str | None:
        return mjd_shown(obj.mjd)


# Candidates (AutoClass > 0, or resting on a flagged image) before constant stars, most variable first.
CANDIDATES_FIRST = (
    Case(When(Q(auto_class__gt=0) | Q(needs_review=True), then=Value(1)), default=Value(0)).desc(),
    F("max_mad").desc(nulls_last=True),
    "match_id",
)


class FilterStatInline(admin.TabularInline):
    model = FilterStat
    extra = 0
    fields = (*FilterStat.HCV_COLUMNS, *FilterStat.VETTED_COLUMNS)
    readonly_fields = fields
    can_delete = False


class MeasurementInline(ShortMjd, admin.TabularInline):
    """The light curve, read-only here: epochs are rejected from the review page or by flagging the image."""

    model = Measurement
    extra = 0
    fields = ("filter", "mjd_short", "image", "corr_mag", "mag_err", "ci", "d", "rejected", "rejected_source")
    readonly_fields = fields
    can_delete = False
    ordering = ("filter", "mjd")

    def has_add_permission(self, request, obj=None):
        return False


class WideChangelist:
    """A changelist without the admin's model menu (the breadcrumbs lead back): its columns and the filters
    need the width to fit 1280 px."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "is_nav_sidebar_enabled": False})


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("group_id", "target_name")
    search_fields = ("=group_id", "target_name")


@admin.register(Image)
class ImageAdmin(WideChangelist, ShortMjd, admin.ModelAdmin):
    list_display = ("name", "instrument", "filter", "proposal_id", "visit", "mjd_short", "flagged")
    list_filter = ("flagged", "instrument", "filter")
    search_fields = ("name",)

    def get_fields(self, request, obj=None):
        """The MJD is read-only (set by ingest), shown to 5 decimals: a saved form never rounds it."""
        fields = [name for name in super().get_fields(request, obj) if name != "mjd_short"]
        return ["mjd_short" if name == "mjd" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "mjd_short")


def class_column(attribute: str, description: str, ordering: str):
    """A narrow admin column of a class: its code, the number HCV users know (the list filters name them)."""

    @admin.display(description=description, ordering=ordering, empty_value="-")
    def shown(candidate):
        return getattr(candidate, attribute)

    return shown


@admin.register(Candidate)
class CandidateAdmin(WideChangelist, admin.ModelAdmin):
    """The changelist fits 1280 px: class codes rather than names, the two marks in one column."""

    list_display = (
        "match_id",
        "group",
        "auto_class_code",
        "hcv_expert_class",
        "expert_class",
        "num_filters",
        "max_mad_shown",
        "marks",
    )
    list_filter = (
        "auto_class",
        "hcv_expert_class",
        "expert_class",
        "filter_stats__filter",
        "stats_mismatch",
        "needs_review",
        "group",
    )
    search_fields = ("=match_id", "group__target_name", "=measurements__image__name")
    list_select_related = ("group",)
    inlines = (FilterStatInline, MeasurementInline)
    raw_id_fields = ("group",)
    actions = ("export_selection",)
    export_columns = EXPORT_COLUMNS  # (CSV column, field or annotation of the admin's queryset)

    auto_class_code = staticmethod(class_column("auto_class", "AutoClass", "auto_class"))

    @admin.display(description="max MAD", ordering="max_mad", empty_value="-")
    def max_mad_shown(self, candidate: Candidate) -> str | None:
        return None if candidate.max_mad is None else f"{candidate.max_mad:.3f}"

    @admin.display(description="marks")
    def marks(self, candidate: Candidate) -> str:
        """Re-review: variability rests on a flagged image; stats differ: the catalogue's statistics
        disagree with the ingested light curve (both are list filters too, by their full names)."""
        shown = [
            name
            for name, marked in (
                ("re-review", candidate.needs_review),
                ("stats differ", candidate.stats_mismatch),
            )
            if marked
        ]
        return ", ".join(shown) or "-"

    def get_ordering(self, request):
        return CANDIDATES_FIRST

    @admin.action(description="Export selected candidates (CSV)")
    def export_selection(self, request, queryset):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([name for name, _ in self.export_columns])
        fields = [field for _, field in self.export_columns]
        writer.writerows(queryset.order_by("match_id").values_list(*fields))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="hcvvet-candidates.csv"'
        return response

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct() if may_have_duplicates else queryset, False


@admin.register(Measurement)
class MeasurementAdmin(ShortMjd, admin.ModelAdmin):
    list_display = (
        "candidate",
        "filter",
        "mjd_short",
        "image",
        "corr_mag",
        "mag_err",
        "rejected",
        "rejected_source",
    )
    list_filter = ("rejected", "rejected_source", "filter")
    search_fields = ("=candidate__match_id", "image__name")
    raw_id_fields = ("candidate", "image")
    readonly_fields = REJECTION_COLUMNS


@admin.register(Cutout)
class CutoutAdmin(admin.ModelAdmin):
    list_display = ("candidate", "image", "size_px", "zoom", "status", "attempts", "fetched_at")
    list_filter = ("status", "size_px")
    search_fields = ("=candidate__match_id", "image__name")
    raw_id_fields = ("candidate", "image")

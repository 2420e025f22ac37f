"""The catalogue in the admin: groups, images, candidates with their statistics and light curves, cutouts.

Only what the catalogue knows by itself lives here; the curators' actions that reach vetting or ingest
(campaigns, image flags, re-runs) and the vetting history on a candidate's page are added on top by
hcvvet.curation.
"""

import csv
import io

from django.contrib import admin
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


class FilterStatInline(admin.TabularInline):
    model = FilterStat
    extra = 0
    fields = (*FilterStat.HCV_COLUMNS, *FilterStat.VETTED_COLUMNS)
    readonly_fields = fields
    can_delete = False


class MeasurementInline(admin.TabularInline):
    """The light curve, read-only here: epochs are rejected from the review page or by flagging the image."""

    model = Measurement
    extra = 0
    fields = ("filter", "mjd", "image", "corr_mag", "mag_err", "ci", "d", "rejected", "rejected_source")
    readonly_fields = fields
    can_delete = False
    ordering = ("filter", "mjd")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("group_id", "target_name")
    search_fields = ("=group_id", "target_name")


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("name", "instrument", "filter", "proposal_id", "visit", "mjd", "flagged")
    list_filter = ("flagged", "instrument", "filter")
    search_fields = ("name",)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = (
        "match_id",
        "group",
        "auto_class",
        "hcv_expert_class",
        "expert_class",
        "num_filters",
        "max_mad",
        "stats_mismatch",
        "needs_review",
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
class MeasurementAdmin(admin.ModelAdmin):
    list_display = (
        "candidate",
        "filter",
        "mjd",
        "image",
        "corr_mag",
        "mag_err",
        "rejected",
        "rejected_source",
    )
    list_filter = ("rejected", "rejected_source", "filter")
    search_fields = ("=candidate__match_id", "image__name")
    raw_id_fields = ("candidate", "image", "rejected_by")


@admin.register(Cutout)
class CutoutAdmin(admin.ModelAdmin):
    list_display = ("candidate", "image", "size_px", "zoom", "status", "attempts", "fetched_at")
    list_filter = ("status", "size_px")
    search_fields = ("=candidate__match_id", "image__name")
    raw_id_fields = ("candidate", "image")

from django.contrib import admin

from .models import Candidate, Cutout, FilterStat, Group, Image, Measurement


class FilterStatInline(admin.TabularInline):
    model = FilterStat
    extra = 0
    fields = [
        "filter",
        "filter_det_flag",
        "var_qual_flag",
        "num_lc",
        "mean_corr_mag",
        "mad",
        "chi2",
        "mad_threshold",
        "vetted_mad",
        "vetted_chi2",
        "lc_mismatch",
    ]
    readonly_fields = fields
    can_delete = False


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["group_id", "target_name"]
    search_fields = ["=group_id", "target_name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["name", "instrument", "filter", "proposal_id", "visit", "mjd", "flagged"]
    list_filter = ["flagged", "instrument", "filter"]
    search_fields = ["name"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = [
        "match_id",
        "group",
        "auto_class",
        "hcv_expert_class",
        "expert_class",
        "num_filters",
        "max_mad",
        "stats_mismatch",
        "needs_review",
    ]
    list_filter = [
        "auto_class",
        "hcv_expert_class",
        "expert_class",
        "filter_stats__filter",
        "stats_mismatch",
        "needs_review",
        "group",
    ]
    search_fields = ["=match_id", "group__target_name"]
    list_select_related = ["group"]
    inlines = [FilterStatInline]
    raw_id_fields = ["group"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct() if may_have_duplicates else queryset, False


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = [
        "candidate",
        "filter",
        "mjd",
        "image",
        "corr_mag",
        "mag_err",
        "rejected",
        "rejected_source",
    ]
    list_filter = ["rejected", "rejected_source", "filter"]
    search_fields = ["=candidate__match_id", "image__name"]
    raw_id_fields = ["candidate", "image", "rejected_by"]


@admin.register(Cutout)
class CutoutAdmin(admin.ModelAdmin):
    list_display = ["candidate", "image", "size_px", "zoom", "status", "attempts", "fetched_at"]
    list_filter = ["status", "size_px"]
    search_fields = ["=candidate__match_id", "image__name"]
    raw_id_fields = ["candidate", "image"]

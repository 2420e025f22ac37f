import csv
import io

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from hcvvet.ingest.services.jobs import IngestSpecError, job_create
from hcvvet.vetting.campaigns import campaign_update
from hcvvet.vetting.errors import VettingError
from hcvvet.vetting.image_flags import image_flag, image_unflag
from hcvvet.vetting.models import Campaign, CampaignState, Label, LabelEvent

from .models import Candidate, Cutout, FilterStat, Group, Image, Measurement

# A draft campaign takes admin-picked candidates only if its selection is an explicit list: any other selection
# key would AND with the MatchIDs and silently drop candidates.
EXPLICIT_LIST_KEYS = {"match_ids", "gold_match_ids", "gold_count"}
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


class MeasurementInline(admin.TabularInline):
    """The light curve, read-only here: epochs are rejected from the review page or by flagging the image."""

    model = Measurement
    extra = 0
    fields = ["filter", "mjd", "image", "corr_mag", "mag_err", "ci", "d", "rejected", "rejected_source"]
    readonly_fields = fields
    can_delete = False
    ordering = ["filter", "mjd"]

    def has_add_permission(self, request, obj=None):
        return False


class LabelInline(admin.TabularInline):
    model = Label
    extra = 0
    fields = ["campaign", "expert", "expert_class", "skipped", "reasons", "comment", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CandidateEventInline(admin.TabularInline):
    """The candidate's decision history (labels, undos, adjudications, epochs, image flags): append-only."""

    model = LabelEvent
    extra = 0
    fields = ["created_at", "kind", "actor", "campaign", "before", "after"]
    readonly_fields = fields
    can_delete = False
    ordering = ["created_at", "pk"]
    verbose_name_plural = "history"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CampaignChoiceForm(forms.Form):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.filter(state=CampaignState.DRAFT, is_default=False),
        help_text="A draft campaign whose selection is an explicit list of MatchIDs.",
    )


class FlagReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, help_text="Why these images are bad; shown on every epoch.")


def _action_form(modeladmin, request, queryset, form, title: str, action: str):
    """The intermediate page of an action that needs one more input; re-posts the selection."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": action,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/catalog/action_form.html", context)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["group_id", "target_name"]
    search_fields = ["=group_id", "target_name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["name", "instrument", "filter", "proposal_id", "visit", "mjd", "flagged"]
    list_filter = ["flagged", "instrument", "filter"]
    search_fields = ["name"]
    actions = ["flag_images", "unflag_images"]

    @admin.action(description="Flag selected images as bad (rejects every epoch on them)")
    def flag_images(self, request, queryset):
        form = FlagReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return _action_form(self, request, queryset, form, "Flag images", "flag_images")
        for image in queryset:
            try:
                image_flag(image=image, user=request.user, reason=form.cleaned_data["reason"])
            except VettingError as error:
                self.message_user(request, f"{image}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{image}: flagged", messages.SUCCESS)
        return None

    @admin.action(description="Unflag selected images (restore their epochs)")
    def unflag_images(self, request, queryset):
        for image in queryset:
            try:
                image_unflag(image=image, user=request.user)
            except VettingError as error:
                self.message_user(request, f"{image}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{image}: unflagged", messages.SUCCESS)


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
    search_fields = ["=match_id", "group__target_name", "=measurements__image__name"]
    list_select_related = ["group"]
    inlines = [FilterStatInline, LabelInline, CandidateEventInline, MeasurementInline]
    raw_id_fields = ["group"]
    actions = ["add_to_campaign", "export_selection", "rerun_ingest"]

    @admin.action(description="Add selected candidates to a draft campaign")
    def add_to_campaign(self, request, queryset):
        form = CampaignChoiceForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return _action_form(self, request, queryset, form, "Add to campaign", "add_to_campaign")
        campaign = form.cleaned_data["campaign"]
        if set(campaign.selection) - EXPLICIT_LIST_KEYS:
            self.message_user(
                request,
                f"{campaign}: its selection is a filter, not a list of MatchIDs; edit the selection instead.",
                messages.ERROR,
            )
            return None
        match_ids = sorted(
            set(campaign.selection.get("match_ids", [])) | set(queryset.values_list("pk", flat=True))
        )
        try:
            campaign_update(
                campaign=campaign, user=request.user, selection={**campaign.selection, "match_ids": match_ids}
            )
        except VettingError as error:
            self.message_user(request, f"{campaign}: {error.message}", messages.ERROR)
        else:
            self.message_user(request, f"{campaign}: now {len(match_ids)} candidates", messages.SUCCESS)
        return None

    @admin.action(description="Export selected candidates (CSV)")
    def export_selection(self, request, queryset):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([name for name, _ in EXPORT_COLUMNS])
        writer.writerows(queryset.order_by("match_id").values_list(*[field for _, field in EXPORT_COLUMNS]))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="hcvvet-candidates.csv"'
        return response

    @admin.action(description="Re-run the ingest of selected candidates (summary and light curves)")
    def rerun_ingest(self, request, queryset):
        try:
            job = job_create(match_ids=list(queryset.values_list("pk", flat=True)), created_by=request.user)
        except IngestSpecError as error:
            self.message_user(request, f"{error.field}: {error.message}", messages.ERROR)
            return
        url = reverse("admin:ingest_ingestjob_change", args=[job.pk])
        self.message_user(request, format_html('Queued <a href="{}">{}</a>', url, job), messages.SUCCESS)

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

"""The catalogue's candidate and image admins, extended for curators with what reaches vetting and ingest.

Each replaces catalog's registration of the same model, so the URLs (/admin/catalog/...) stay the same.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from hcvvet.catalog.admin import CandidateAdmin, FilterStatInline, ImageAdmin, MeasurementInline
from hcvvet.catalog.models import Candidate, Image
from hcvvet.ingest.services.lifecycle import IngestSpecError, job_create
from hcvvet.vetting.admin import run_for_each
from hcvvet.vetting.campaigns import campaign_update
from hcvvet.vetting.image_flags import image_flag, image_unflag
from hcvvet.vetting.models import Label, LabelEvent
from hcvvet.vetting.selection import Selection

from .forms import CampaignChoiceForm, FlagReasonForm, action_form_page


class LabelInline(admin.TabularInline):
    model = Label
    extra = 0
    fields = ("campaign", "expert", "expert_class", "skipped", "reasons", "comment", "updated_at")
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
    fields = ("created_at", "kind", "actor", "campaign", "before", "after")
    readonly_fields = fields
    can_delete = False
    ordering = ("created_at", "pk")
    verbose_name_plural = "history"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(Image)


@admin.register(Image)
class CuratedImageAdmin(ImageAdmin):
    actions = ("flag_images", "unflag_images")

    @admin.action(description="Flag selected images as bad (rejects every epoch on them)")
    def flag_images(self, request, queryset):
        form = FlagReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_page(self, request, queryset, form, title="Flag images", action="flag_images")
        reason = form.cleaned_data["reason"]
        run_for_each(
            self,
            request,
            queryset,
            lambda i: image_flag(image=i, user=request.user, reason=reason),
            "flagged",
        )
        return None

    @admin.action(description="Unflag selected images (restore their epochs)")
    def unflag_images(self, request, queryset):
        run_for_each(self, request, queryset, lambda i: image_unflag(image=i, user=request.user), "unflagged")


admin.site.unregister(Candidate)


@admin.register(Candidate)
class CuratedCandidateAdmin(CandidateAdmin):
    inlines = (FilterStatInline, LabelInline, CandidateEventInline, MeasurementInline)
    actions = ("add_to_campaign", "export_selection", "rerun_ingest")

    @admin.action(description="Add selected candidates to a draft campaign")
    def add_to_campaign(self, request, queryset):
        form = CampaignChoiceForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_page(
                self, request, queryset, form, title="Add to campaign", action="add_to_campaign"
            )
        campaign = form.cleaned_data["campaign"]
        # Only an explicit list takes admin-picked candidates: a filter would AND with them and drop some.
        selection = Selection.of(campaign)
        if not selection.is_explicit_list:
            self.message_user(
                request,
                f"{campaign}: its selection is a filter, not a list of MatchIDs; edit the selection instead.",
                messages.ERROR,
            )
            return None
        match_ids = sorted(set(selection.match_ids or ()) | set(queryset.values_list("pk", flat=True)))
        run_for_each(
            self,
            request,
            [campaign],
            lambda c: campaign_update(
                campaign=c, user=request.user, selection=selection.with_match_ids(match_ids)
            ),
            f"now {len(match_ids)} candidates",
        )
        return None

    @admin.action(description="Re-run the ingest of selected candidates (summary and light curves)")
    def rerun_ingest(self, request, queryset):
        try:
            job = job_create(match_ids=list(queryset.values_list("pk", flat=True)), created_by=request.user)
        except IngestSpecError as error:
            self.message_user(request, f"{error.field}: {error.message}", messages.ERROR)
            return
        url = reverse("admin:ingest_ingestjob_change", args=[job.pk])
        self.message_user(request, format_html('Queued <a href="{}">{}</a>', url, job), messages.SUCCESS)

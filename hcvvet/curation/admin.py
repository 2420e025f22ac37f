"""The catalogue's candidate and image admins, extended for curators with what reaches vetting and ingest.

Each replaces catalog's registration of the same model, so the URLs (/admin/catalog/...) stay the same.
"""

from typing import ClassVar

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.urls import reverse
from django.utils.html import format_html

from hcvvet.catalog.admin import EXPORT_COLUMNS, CandidateAdmin, ImageAdmin, class_column
from hcvvet.catalog.models import Candidate, ExpertClass, Image
from hcvvet.ingest.services.lifecycle import IngestSpecError, job_create
from hcvvet.vetting.admin import CampaignAdmin, run_for_each
from hcvvet.vetting.campaigns import campaign_update
from hcvvet.vetting.class_edits import CLASS_FIELDS, candidate_classes_edit
from hcvvet.vetting.image_flags import image_flag, image_unflag
from hcvvet.vetting.models import Campaign, Label, LabelEvent
from hcvvet.vetting.selection import Selection
from hcvvet.vetting.visibility import (
    GOLD_KEYS,
    SEEN_CLASSES,
    candidate_hidden,
    gold_seen,
    selection_seen,
    visible_candidates,
    with_seen_classes,
    without_hidden,
)

from .campaign_form import CampaignBuilderForm, selection_editable
from .forms import CampaignChoiceForm, FlagReasonForm, action_form_page
from .rejections_admin import SeenFilterStatInline, SeenMeasurementInline


class SeenHistoryInline(admin.TabularInline):
    """Rows of the candidate's vetting history, read-only, without those the curator may not see yet
    (`without_hidden`; `own` names the field that makes a row the curator's own)."""

    extra = 0
    can_delete = False
    own = ""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return without_hidden(super().get_queryset(request), request.user, own=self.own)


class LabelInline(SeenHistoryInline):
    model = Label
    own = "expert"
    fields = ("campaign", "expert", "expert_class", "skipped", "reasons", "comment", "updated_at")
    readonly_fields = fields


class CandidateEventInline(SeenHistoryInline):
    """The candidate's decision history (labels, undos, adjudications, epochs, image flags): append-only."""

    model = LabelEvent
    own = "actor"
    fields = ("created_at", "kind", "actor", "campaign", "before", "after")
    readonly_fields = fields
    ordering = ("created_at", "pk")
    verbose_name_plural = "history"


class SeenClassFilter(admin.SimpleListFilter):
    """A filter on one of the candidate's classes as the curator may see them (`visible_candidates`): a
    candidate waiting for their vote in a blind campaign has none."""

    column = ""

    def lookups(self, request, model_admin):
        return [(str(value), label) for value, label in ExpertClass.choices]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            value = int(self.value())
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error
        return with_seen_classes(queryset, **{self.column: [value]})


class SeenCatalogueClassFilter(SeenClassFilter):
    title = "HCV ExpertClass"
    parameter_name = column = "hcv_expert_class"


class SeenConsensusFilter(SeenClassFilter):
    title = "hcvvet ExpertClass"
    parameter_name = column = "expert_class"


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
    """Both classes show, filter, sort and export as the curator may see them (`visible_candidates`: hidden
    while a blind campaign they vote in waits for their vote); a change of them is saved by
    `candidate_classes_edit`, with its event."""

    inlines = (SeenFilterStatInline, LabelInline, CandidateEventInline, SeenMeasurementInline)
    actions = ("add_to_campaign", "export_selection", "rerun_ingest")
    list_display = tuple(
        {
            column: class_column(SEEN_CLASSES[column], description, SEEN_CLASSES[column])
            for column, description in (("hcv_expert_class", "HCV class"), ("expert_class", "hcvvet class"))
        }.get(name, name)
        for name in CandidateAdmin.list_display
    )
    list_filter = tuple(
        {"hcv_expert_class": SeenCatalogueClassFilter, "expert_class": SeenConsensusFilter}.get(name, name)
        for name in CandidateAdmin.list_filter
    )

    # The export writes the classes as this curator may see them too.
    export_columns = tuple((name, SEEN_CLASSES.get(field, field)) for name, field in EXPORT_COLUMNS)

    def get_queryset(self, request):
        return visible_candidates(super().get_queryset(request), request.user)

    def lookup_allowed(self, lookup, value, request=None):
        """Lookups on the class columns themselves would see through the filters above (whose parameters
        are the columns' bare names)."""
        if lookup.split("__")[0] in CLASS_FIELDS and lookup not in CLASS_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_exclude(self, request, obj=None):
        excluded = tuple(super().get_exclude(request, obj) or ())
        if obj is not None and candidate_hidden(user=request.user, candidate=obj):
            return (*excluded, *CLASS_FIELDS)
        return excluded

    def save_model(self, request, obj, form, change):
        classes = {name: form.cleaned_data[name] for name in CLASS_FIELDS if name in form.changed_data}
        if change and classes:
            stored = Candidate.objects.get(pk=obj.pk)
            for name in classes:
                setattr(obj, name, getattr(stored, name))
        super().save_model(request, obj, form, change)
        if classes:
            candidate_classes_edit(candidate=obj, user=request.user, **classes)

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


admin.site.unregister(Campaign)


@admin.register(Campaign)
class CuratedCampaignAdmin(CampaignAdmin):
    """The campaign admin with the builder's form: a field per selection criterion and the live count, in
    place of the raw JSON selection; a started or default campaign shows its selection in words."""

    form = CampaignBuilderForm
    SELECTION_FIELDS = (*CampaignBuilderForm.CRITERIA, "confirm_size")

    class Media:
        js = ("curation/campaign_builder.js",)
        css: ClassVar = {"all": ("curation/campaign_builder.css",)}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"viewer": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if selection_editable(obj):
            return fields
        return [name for name in fields if name != "selection"] + [selection_in_words(request)]

    def get_fieldsets(self, request, obj=None):
        fields = self.get_fields(request, obj)
        if not selection_editable(obj):
            fields = [name for name in fields if name not in self.SELECTION_FIELDS]
            return [(None, {"fields": fields})]
        hidden = () if obj is None or gold_seen(obj, request.user) else GOLD_KEYS
        return [
            (None, {"fields": [name for name in fields if name not in self.SELECTION_FIELDS]}),
            ("Selection", {"fields": [name for name in self.SELECTION_FIELDS if name not in hidden]}),
        ]


def selection_in_words(request):
    """The admin column of a frozen campaign's selection in words, its gold keys only where `gold_seen`; one
    per request, so the fieldsets and the read-only fields name the same column."""
    column = getattr(request, "_hcvvet_selection_in_words", None)
    if column is None:

        @admin.display(description="selection")
        def column(campaign):
            return Selection.from_json(selection_seen(campaign, request.user)).describe()

        request._hcvvet_selection_in_words = column
    return column

"""Curators' admin for campaigns (through the campaign services), image flags, and the read-only vetting history."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from .campaigns import EDITABLE_WHEN_ACTIVE, campaign_close, campaign_create, campaign_start, campaign_update
from .errors import VettingError
from .image_flags import image_flag, image_unflag
from .models import (
    Adjudication,
    Campaign,
    CampaignCandidate,
    CampaignState,
    ConsensusState,
    ImageFlag,
    Label,
    LabelEvent,
)
from .selection import selection_clean

SETTING_FIELDS = [name for name in Campaign.SETTINGS if name != "experts"]


def _is_curator(request) -> bool:
    return request.user.is_active and request.user.is_staff and request.user.is_curator


class CuratorAdmin(admin.ModelAdmin):
    """Curators manage vetting through their role (a Django group), without per-model permissions."""

    def has_module_permission(self, request):
        return _is_curator(request)

    def has_view_permission(self, request, obj=None):
        return _is_curator(request)

    def has_add_permission(self, request, obj=None):
        return _is_curator(request)

    def has_change_permission(self, request, obj=None):
        return _is_curator(request)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(CuratorAdmin):
    """History is append-only: nobody adds, edits or deletes it from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [*SETTING_FIELDS, "experts"]

    def clean_selection(self):
        try:
            return selection_clean(self.cleaned_data["selection"])
        except VettingError as error:
            raise forms.ValidationError(error.message) from error


def _run(modeladmin, request, queryset, service, done: str) -> None:
    for campaign in queryset:
        try:
            service(campaign=campaign, user=request.user)
        except VettingError as error:
            modeladmin.message_user(request, f"{campaign}: {error.message}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{campaign}: {done}", messages.SUCCESS)


@admin.register(Campaign)
class CampaignAdmin(CuratorAdmin):
    form = CampaignForm
    list_display = [
        "name",
        "state",
        "votes_needed",
        "rule",
        "order",
        "blind",
        "is_default",
        "items",
        "disputed",
    ]
    list_filter = ["state", "blind", "rule"]
    search_fields = ["name"]
    filter_horizontal = ["experts"]
    actions = ["start", "close"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and (obj.state != CampaignState.DRAFT or obj.is_default):
            return [f for f in SETTING_FIELDS if f not in EDITABLE_WHEN_ACTIVE]
        return []

    @admin.display(description="items")
    def items(self, campaign):
        return campaign.items.count()

    @admin.display(description="adjudication")
    def disputed(self, campaign):
        count = campaign.items.filter(consensus=ConsensusState.DISPUTED, is_gold=False).count()
        url = reverse("adjudication:queue") + f"?campaign={campaign.pk}"
        return format_html('<a href="{}">{} disputed</a>', url, count)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in SETTING_FIELDS}
        experts = tuple(form.cleaned_data.get("experts", ()))
        try:
            if change:
                saved = campaign_update(campaign=obj, user=request.user, **fields, experts=experts)
            else:
                name = fields.pop("name")
                saved = campaign_create(user=request.user, name=name, experts=experts, **fields)
        except VettingError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """Experts are set by the campaign services (with their event)."""

    @admin.action(description="Start (freeze the selection and open the queues)")
    def start(self, request, queryset):
        _run(self, request, queryset, campaign_start, "started")

    @admin.action(description="Close")
    def close(self, request, queryset):
        _run(self, request, queryset, campaign_close, "closed")


@admin.register(CampaignCandidate)
class CampaignCandidateAdmin(ReadOnlyAdmin):
    list_display = [
        "candidate",
        "campaign",
        "position",
        "is_gold",
        "vote_count",
        "consensus",
        "consensus_class",
        "adjudicate",
    ]
    list_filter = ["consensus", "is_gold", "campaign"]
    search_fields = ["=candidate__match_id"]
    list_select_related = ["campaign"]

    @admin.display(description="")
    def adjudicate(self, item):
        if item.consensus != ConsensusState.DISPUTED or item.is_gold:
            return ""
        url = reverse("adjudication:queue") + f"?campaign={item.campaign_id}#item-{item.pk}"
        return format_html('<a href="{}">adjudicate</a>', url)


class LabelEventInline(admin.TabularInline):
    model = LabelEvent
    fields = ["created_at", "kind", "actor", "before", "after"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["created_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Label)
class LabelAdmin(ReadOnlyAdmin):
    list_display = ["candidate", "campaign", "expert", "expert_class", "skipped", "updated_at"]
    list_filter = ["campaign", "expert_class", "skipped"]
    search_fields = ["=candidate__match_id", "expert__username"]
    list_select_related = ["campaign", "expert"]
    inlines = [LabelEventInline]


@admin.register(LabelEvent)
class LabelEventAdmin(ReadOnlyAdmin):
    """A candidate's whole history: search its MatchID."""

    list_display = ["created_at", "kind", "actor", "campaign", "candidate", "before", "after"]
    list_filter = ["kind", "campaign"]
    search_fields = ["=candidate__match_id", "actor__username"]
    list_select_related = ["actor", "campaign"]
    ordering = ["-created_at", "-pk"]


@admin.register(Adjudication)
class AdjudicationAdmin(ReadOnlyAdmin):
    list_display = ["item", "decided_class", "adjudicator", "rule", "decided_at"]
    search_fields = ["=item__candidate__match_id"]
    list_select_related = ["item", "adjudicator"]


class ImageFlagForm(forms.ModelForm):
    class Meta:
        model = ImageFlag
        fields = ["image", "reason"]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if ImageFlag.objects.filter(image=image, cleared_at__isnull=True).exists():
            raise forms.ValidationError(f"{image} is already flagged")
        return image


@admin.register(ImageFlag)
class ImageFlagAdmin(CuratorAdmin):
    """Adding a flag rejects every measurement on the image; the unflag action restores them."""

    form = ImageFlagForm
    list_display = ["image", "reason", "flagged_by", "created_at", "cleared_by", "cleared_at", "review_marks"]
    list_filter = ["cleared_at"]
    search_fields = ["image__name"]
    raw_id_fields = ["image"]
    actions = ["unflag"]

    def has_change_permission(self, request, obj=None):
        return obj is None and _is_curator(request)

    @admin.display(description="marked for re-review")
    def review_marks(self, flag):
        return len(flag.marked_for_review)

    def save_model(self, request, obj, form, change):
        try:
            saved = image_flag(
                image=form.cleaned_data["image"], user=request.user, reason=form.cleaned_data["reason"]
            )
        except VettingError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        obj.pk = saved.pk

    @admin.action(description="Unflag (restore every measurement and statistic)")
    def unflag(self, request, queryset):
        for flag in queryset.filter(cleared_at__isnull=True).select_related("image"):
            try:
                image_unflag(image=flag.image, user=request.user)
            except VettingError as error:
                self.message_user(request, f"{flag.image}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{flag.image}: unflagged", messages.SUCCESS)

"""Curators' admin for campaigns (through the campaign services), image flags, and the read-only vetting
history.

A curator who votes in a blind campaign sees here, as everywhere, none of the other experts' labels, events,
consensus or adjudications of the candidates waiting for their vote (`visibility.without_hidden`).

The services own validation: the add and change forms call the service's validation in `clean()`, so an error
shows on the form with the input kept, and `save_model` lets an error raised later (a race) fail the save
rather than report success for a row that was not written.
"""

import json
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from hcvvet.catalog.admin import WideChangelist

from .campaigns import (
    EDITABLE_WHEN_ACTIVE,
    campaign_close,
    campaign_create,
    campaign_start,
    campaign_update,
    campaign_validate,
    expert_accounts,
    experts_short,
)
from .errors import VettingError
from .image_flags import image_flag, image_flag_validate, image_unflag
from .models import (
    Adjudication,
    Campaign,
    CampaignCandidate,
    CampaignState,
    ConsensusState,
    EpochRejection,
    ImageFlag,
    Label,
    LabelEvent,
)
from .pace import campaign_pace, labels_per_hour, with_pace
from .selection import KEYS as SELECTION_KEYS
from .visibility import gold_seen, hidden_candidates, without_gold, without_hidden

T = TypeVar("T")
SETTING_FIELDS = [name for name in Campaign.SETTINGS if name != "experts"]
FIELD_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


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


class ServiceAdmin(CuratorAdmin):
    """Adds and changes go through a service; an error it raises after the form validated (another curator
    got there first) rolls the save back and returns to the form with the error, never with "added
    successfully"."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VettingError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ServiceForm(forms.ModelForm):
    """A model form whose rules are its service's: subclasses call the service's validation in `clean()`."""

    def validate_unique(self):
        """The service checks uniqueness itself, in its own words; checking it here too would say it twice."""

    def add_service_error(self, error: VettingError) -> None:
        self.add_error(
            error.field if error.field in self.fields else None, in_form_words(self, error.message)
        )


def in_form_words(form: forms.BaseForm, message: str) -> str:
    """A service's message as a form shows it: each of the form's field names the service used (as its API
    does, `mad_min`) replaced by the field's label in quotes. Only names with an underscore are replaced: a
    plain word (`rule`, `order`) in a message is as likely English as a field's name."""

    def label(match: re.Match) -> str:
        name = match.group(0)
        return (
            f"\N{LEFT DOUBLE QUOTATION MARK}{form[name].label}\N{RIGHT DOUBLE QUOTATION MARK}"
            if name in form.fields
            else name
        )

    return FIELD_NAME.sub(label, message)


class ReadOnlyAdmin(CuratorAdmin):
    """Curators read; nobody adds, edits or deletes here: history is append-only, and other apps' records
    (triage models, shown predictions) are written by their services alone."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CampaignForm(ServiceForm):
    class Meta:
        model = Campaign
        fields = (*SETTING_FIELDS, "experts")

    # Settings a post may leave out (a form of before they existed): their defaults then.
    DEFAULTED = ("audit_share", "model_display")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DEFAULTED:
            if name in self.fields:
                self.fields[name].required = False
        # Offered: the accounts with the expert role, and the campaign's experts who lost it since, listed so
        # that the service's refusal names them rather than the form dropping them unsaid. By name: without an
        # order PostgreSQL lists accounts as their rows lie, which a login moves.
        offered = Q(pk__in=expert_accounts().values("pk"))
        if self.instance.pk:
            offered |= Q(pk__in=self.instance.experts.values("pk"))
        experts = self.fields["experts"]
        experts.queryset = experts.queryset.filter(offered).order_by("username")

    def _defaulted(self, name: str):
        value = self.cleaned_data.get(name)
        return Campaign._meta.get_field(name).get_default() if value in (None, "") else value

    def clean_audit_share(self):
        return self._defaulted("audit_share")

    def clean_model_display(self):
        return self._defaulted("model_display")

    def changed_settings(self) -> dict:
        """The settings the curator changed (on a new campaign: those not left at their defaults)."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in SETTING_FIELDS}

    def changed_experts(self) -> dict:
        """{"experts": the accounts ticked} if the curator changed them, else {}."""
        return {"experts": tuple(self.cleaned_data["experts"])} if "experts" in self.changed_data else {}

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        campaign = self.instance if self.instance.pk else None
        try:
            cleaned_data.update(
                campaign_validate(campaign=campaign, **self.changed_settings(), **self.changed_experts())
            )
        except VettingError as error:
            self.add_service_error(error)
        return cleaned_data

    def add_service_error(self, error: VettingError) -> None:
        """A selection key's error shows on the selection."""
        if error.field in SELECTION_KEYS and error.field not in self.fields:
            self.add_error("selection", error.message)
        else:
            super().add_service_error(error)


def run_for_each(
    modeladmin, request, objects: Iterable[T], service: Callable[[T], object], done: str
) -> None:
    """An admin action's service call on each object, one message per object: a VettingError refuses that
    object only, in the service's words, and the others still go through."""
    for obj in objects:
        try:
            service(obj)
        except VettingError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{obj}: {done}", messages.SUCCESS)


@admin.register(Campaign)
class CampaignAdmin(WideChangelist, ServiceAdmin):
    form = CampaignForm
    list_display = (
        "name",
        "state",
        "votes_needed",
        "rule",
        "order",
        "blind",
        "is_default",
        "items",
        "disputed",
        "retired",
        "pace",
    )
    list_filter = ("state", "blind", "rule")
    search_fields = ("name",)
    filter_horizontal = ("experts",)
    actions = ("start", "close")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and (obj.state != CampaignState.DRAFT or obj.is_default):
            return [f for f in SETTING_FIELDS if f not in EDITABLE_WHEN_ACTIVE]
        return []

    def get_queryset(self, request):
        """Each campaign with its item and dispute counts, in the one query of the list page."""
        disputed = Q(items__consensus=ConsensusState.DISPUTED, items__is_gold=False)
        hidden = hidden_candidates(request.user)
        if hidden is not None:
            # A curator voting in a blind campaign does not learn the consensus of what waits for their vote.
            disputed &= ~Q(items__candidate__in=hidden)
        campaigns = super().get_queryset(request)
        return with_pace(campaigns, request.user).annotate(
            item_count=Count("items"),
            disputed_count=Count("items", filter=disputed),
            retired_count=Count("items", filter=Q(items__consensus=ConsensusState.RETIRED)),
        )

    @admin.display(description="items", ordering="item_count")
    def items(self, campaign):
        return campaign.item_count

    @admin.display(description="adjudication", ordering="disputed_count")
    def disputed(self, campaign):
        url = reverse("adjudication:queue") + f"?campaign={campaign.pk}"
        return format_html('<a href="{}">{} disputed</a>', url, campaign.disputed_count)

    @admin.display(description="retired by the model", ordering="retired_count")
    def retired(self, campaign):
        """Candidates the model retired (`retire_confidence`): out of the queue, never an expert class."""
        return campaign.retired_count

    @admin.display(description="labels (per hour)", ordering="label_count")
    def pace(self, campaign):
        """Labels and labels per hour of active time (`pace.with_pace`); each expert's on the change page."""
        per_hour = labels_per_hour(campaign.label_count, campaign.active_seconds)
        return campaign.label_count if per_hour is None else f"{campaign.label_count} ({per_hour:.0f}/h)"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The change page with each expert's pace (`pace.campaign_pace`, as this curator may see it), and a
        warning when the campaign has fewer experts than the votes an item needs (`experts_short`)."""
        campaign = self.get_object(request, unquote(object_id))
        if campaign is not None:
            pace = campaign_pace(campaign=campaign, viewer=request.user)
            extra_context = {**(extra_context or {}), "pace": pace, "experts_short": experts_short(campaign)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        fields = form.changed_settings()
        if change:
            saved = campaign_update(campaign=obj, user=request.user, **fields, **form.changed_experts())
        else:
            name = fields.pop("name")
            saved = campaign_create(user=request.user, name=name, **form.changed_experts(), **fields)
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """Experts are set by the campaign services (with their event)."""

    @admin.action(description="Start (freeze the selection and open the queues)")
    def start(self, request, queryset):
        started: list[Campaign] = []
        run_for_each(
            self,
            request,
            queryset,
            lambda c: started.append(campaign_start(campaign=c, user=request.user)),
            "started",
        )
        for campaign in started:  # not those that were running already
            warning = experts_short(campaign)
            if warning:
                self.message_user(request, warning, messages.WARNING)

    @admin.action(description="Close")
    def close(self, request, queryset):
        run_for_each(
            self, request, queryset, lambda c: campaign_close(campaign=c, user=request.user), "closed"
        )


@admin.register(CampaignCandidate)
class CampaignCandidateAdmin(ReadOnlyAdmin):
    list_display = (
        "candidate",
        "campaign",
        "position",
        "is_gold",
        "vote_count",
        "consensus",
        "consensus_class",
        "adjudicate",
    )
    list_filter = ("consensus", "is_gold", "campaign")
    search_fields = ("=candidate__match_id",)
    list_select_related = ("campaign",)

    def get_queryset(self, request):
        return without_hidden(super().get_queryset(request), request.user)

    @admin.display(description="")
    def adjudicate(self, item):
        if item.consensus != ConsensusState.DISPUTED or item.is_gold:
            return ""
        url = reverse("adjudication:queue") + f"?campaign={item.campaign_id}#item-{item.pk}"
        return format_html('<a href="{}">adjudicate</a>', url)


class LabelEventInline(admin.TabularInline):
    model = LabelEvent
    fields = ("created_at", "kind", "actor", "before", "after")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("created_at", "pk")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Label)
class LabelAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "campaign", "expert", "expert_class", "skipped", "updated_at")
    list_filter = ("campaign", "expert_class", "skipped")
    search_fields = ("=candidate__match_id", "expert__username")
    list_select_related = ("campaign", "expert")
    inlines = (LabelEventInline,)

    def get_queryset(self, request):
        return without_hidden(super().get_queryset(request), request.user, own="expert")


def event_sides(request) -> tuple[Callable, Callable]:
    """The `before` and `after` of events as `request.user` may read them, as admin columns: a campaign
    event's selection without its gold keys unless `visibility.gold_seen` (asked once per campaign). Made
    once per request, so the list and the change page show the same columns (and the change form leaves
    them out as read-only)."""
    columns = getattr(request, "_hcvvet_event_sides", None)
    if columns is not None:
        return columns
    gold_by_campaign: dict[int, bool] = {}

    def shown(event: LabelEvent, side: str) -> str | None:
        state = getattr(event, side)
        if state is None:
            return None
        selection = state.get("selection") if isinstance(state, dict) else None
        if isinstance(selection, dict) and event.campaign is not None:
            if event.campaign_id not in gold_by_campaign:
                gold_by_campaign[event.campaign_id] = gold_seen(event.campaign, request.user)
            if not gold_by_campaign[event.campaign_id]:
                state = {**state, "selection": without_gold(selection)}
        return json.dumps(state, ensure_ascii=False)

    @admin.display(description="before")
    def before(event: LabelEvent) -> str | None:
        return shown(event, "before")

    @admin.display(description="after")
    def after(event: LabelEvent) -> str | None:
        return shown(event, "after")

    request._hcvvet_event_sides = (before, after)
    return before, after


@admin.register(LabelEvent)
class LabelEventAdmin(ReadOnlyAdmin):
    """A candidate's whole history: search its MatchID. Campaign events show a selection's gold keys only to
    those who may know the gold candidates (`event_sides`)."""

    list_filter = ("kind", "campaign")
    search_fields = ("=candidate__match_id", "actor__username")
    list_select_related = ("actor", "campaign")
    ordering = ("-created_at", "-pk")

    def get_list_display(self, request):
        return ("created_at", "kind", "actor", "campaign", "candidate", *event_sides(request))

    def get_fields(self, request, obj=None):
        return ("kind", "actor", "campaign", "candidate", "label", *event_sides(request), "undoes")

    def get_readonly_fields(self, request, obj=None):
        return event_sides(request)

    def get_queryset(self, request):
        return without_hidden(super().get_queryset(request), request.user, own="actor")


@admin.register(EpochRejection)
class EpochRejectionAdmin(ReadOnlyAdmin):
    """Experts' epoch rejections, each in its campaign (restored from the review page, in that campaign)."""

    list_display = ("created_at", "measurement", "campaign", "expert", "reason")
    list_filter = ("campaign",)
    search_fields = ("=measurement__candidate__match_id", "expert__username")
    list_select_related = ("measurement", "campaign", "expert")
    raw_id_fields = ("measurement",)

    def get_queryset(self, request):
        rejections = super().get_queryset(request)
        return without_hidden(rejections, request.user, candidate="measurement__candidate", own="expert")


@admin.register(Adjudication)
class AdjudicationAdmin(ReadOnlyAdmin):
    list_display = ("item", "decided_class", "adjudicator", "rule", "decided_at")
    search_fields = ("=item__candidate__match_id",)
    list_select_related = ("item", "adjudicator")

    def get_queryset(self, request):
        return without_hidden(super().get_queryset(request), request.user, candidate="item__candidate")


class ImageFlagForm(ServiceForm):
    class Meta:
        model = ImageFlag
        fields = ("image", "reason")

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        try:
            cleaned_data["reason"] = image_flag_validate(
                image=cleaned_data["image"], reason=cleaned_data["reason"]
            )
        except VettingError as error:
            self.add_service_error(error)
        return cleaned_data


@admin.register(ImageFlag)
class ImageFlagAdmin(ServiceAdmin):
    """Adding a flag rejects every measurement on the image; the unflag action restores them."""

    form = ImageFlagForm
    list_display = ("image", "reason", "flagged_by", "created_at", "cleared_by", "cleared_at", "review_marks")
    list_filter = ("cleared_at",)
    search_fields = ("image__name",)
    raw_id_fields = ("image",)
    actions = ("unflag",)

    def has_change_permission(self, request, obj=None):
        return obj is None and _is_curator(request)

    @admin.display(description="marked for re-review")
    def review_marks(self, flag):
        return len(flag.marked_for_review)

    def save_model(self, request, obj, form, change):
        saved = image_flag(
            image=form.cleaned_data["image"], user=request.user, reason=form.cleaned_data["reason"]
        )
        obj.pk = saved.pk

    @admin.action(description="Unflag (restore every measurement and statistic)")
    def unflag(self, request, queryset):
        flags = queryset.filter(cleared_at__isnull=True).select_related("image")
        images = (flag.image for flag in flags)
        run_for_each(
            self, request, images, lambda image: image_unflag(image=image, user=request.user), "unflagged"
        )

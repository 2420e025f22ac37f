"""The extra input some curator actions ask for, on an intermediate page that re-posts the selection."""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from hcvvet.vetting.image_flags import MAX_REASON_CHARS
from hcvvet.vetting.models import Campaign, CampaignState


class CampaignChoiceForm(forms.Form):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.filter(state=CampaignState.DRAFT, is_default=False),
        help_text="A draft campaign whose selection is an explicit list of MatchIDs.",
    )


class FlagReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=MAX_REASON_CHARS, help_text="Why these images are bad; shown on every epoch."
    )


def action_form_page(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    form: forms.Form,
    *,
    title: str,
    action: str,
) -> TemplateResponse:
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
    return TemplateResponse(request, "admin/curation/action_form.html", context)

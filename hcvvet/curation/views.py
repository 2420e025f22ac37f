"""The curators' campaign builder page and the live count its form asks for as fields change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hcvvet.vetting.campaigns import campaign_start
from hcvvet.vetting.errors import VettingError

from .campaign_form import CampaignBuilderForm, SelectionForm


def _require_curator(request: HttpRequest) -> None:
    if not (request.user.is_authenticated and request.user.is_curator):
        raise PermissionDenied("Only curators build campaigns.")


@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    """The builder: a draft campaign (or a started one, with "Create and start") from the criteria fields."""
    _require_curator(request)
    form = CampaignBuilderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = form.create_campaign(request.user)
            if "start" in request.POST:
                campaign = campaign_start(campaign=campaign, user=request.user)
        except VettingError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Campaign {campaign.name!r} created ({campaign.state}).")
            return redirect(reverse("admin:vetting_campaign_change", args=[campaign.pk]))
    settings = [name for name in form.fields if name not in (*form.CRITERIA, "confirm_size")]
    context = {
        "form": form,
        "selection_fields": [form[name] for name in form.CRITERIA],
        "setting_fields": [form[name] for name in settings],
    }
    return render(request, "curation/campaign_new.html", context)


@require_GET
def campaign_count(request: HttpRequest) -> JsonResponse:
    """How many candidates the criteria in the query string pick, with and without a light curve; a 400
    names each field in error (an empty selection is an error of the whole form, under "__all__") and gives
    the errors as the page shows them, named by the fields' labels ("messages")."""
    _require_curator(request)
    form = SelectionForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"errors": form.errors.get_json_data(), "messages": form.error_texts()}, status=400
        )
    return JsonResponse({**form.count().as_json(), "description": form.selection.describe()})

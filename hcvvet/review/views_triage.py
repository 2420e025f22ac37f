"""The curators' anchoring page: agreement of labels with the model when its prediction was shown before
the vote, after it, or not at all (`triage.anchoring`), under the label reports' access rule."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hcvvet.reports.access import anchoring_refusal
from hcvvet.triage.anchoring import anchoring_rows
from hcvvet.vetting.models import Campaign, ModelDisplay


@require_GET
def anchoring(request: HttpRequest) -> HttpResponse:
    """The anchoring table of one campaign (`?campaign=` its name) or of every campaign."""
    name = request.GET.get("campaign") or None
    refusal = anchoring_refusal(request.user, name)
    if refusal is not None:
        raise PermissionDenied(refusal)
    campaign = Campaign.objects.filter(name=name).first() if name else None
    error = f"No campaign is named {name!r}." if name and campaign is None else ""
    context = {
        "campaign_name": name or "",
        "error": error,
        "rows": [] if error else anchoring_rows(campaign),
        "campaigns": Campaign.objects.exclude(model_display=ModelDisplay.NEVER).order_by("name"),
    }
    return render(request, "review/anchoring.html", context, status=400 if error else 200)

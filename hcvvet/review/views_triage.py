"""The curators' triage reports, under the label reports' access rule: anchoring (agreement of labels with
the model when its prediction was shown before the vote, after it, or not at all, `triage.anchoring`) and
the catalogue estimates of a campaign (the artifact fraction from the model corrected by a random sample of
labels, beside the labels alone, `triage.estimates`), with their downloads."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hcvvet.reports import exports
from hcvvet.reports.access import anchoring_refusal, estimates_refusal, role_refusal
from hcvvet.reports.exports.estimates import FORMATS, REPORT
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import report_provenance
from hcvvet.triage.anchoring import anchoring_rows
from hcvvet.triage.estimates import CatalogueEstimates, EstimateRefused, campaign_estimates, why_no_estimates
from hcvvet.vetting.models import Campaign, CampaignState, ModelDisplay


@require_GET
def anchoring(request: HttpRequest) -> HttpResponse:
    """The anchoring table of one campaign (`?campaign=` its name) or of every campaign."""
    name = request.GET.get("campaign") or ""
    # a name with a NUL names no campaign (a 400 follows): the role alone decides who is told so
    refusal = role_refusal(request.user) if "\x00" in name else anchoring_refusal(request.user, name or None)
    if refusal is not None:
        raise PermissionDenied(refusal)
    found = _campaign_named(name) if name else None
    error = found if isinstance(found, str) else ""
    context = {
        "campaign_name": name,
        "error": error,
        "rows": [] if isinstance(found, str) else anchoring_rows(found),
        "campaigns": Campaign.objects.exclude(model_display=ModelDisplay.NEVER).order_by("name"),
    }
    return render(request, "review/anchoring.html", context, status=400 if error else 200)


def _refusal(user, name: str) -> str | None:
    """Why `user` may not have the estimates of campaign `name`; the chooser alone (no name), or a name with
    a null character (no campaign has one: a 400 follows), needs only a role."""
    return estimates_refusal(user, name) if name and "\x00" not in name else role_refusal(user)


def _campaign_named(name: str) -> Campaign | str:
    """Campaign `name`, or the message saying there is none (a 400)."""
    if "\x00" in name:
        return f"No campaign is named {name!r}: a name holds no null character."
    campaign = Campaign.objects.filter(name=name).first()
    return f"No campaign is named {name!r}." if campaign is None else campaign


def _estimates(name: str) -> tuple[Campaign, CatalogueEstimates] | str:
    """Campaign `name` and its estimates, or the message saying why there are none (a 400)."""
    campaign = _campaign_named(name)
    if isinstance(campaign, str):
        return campaign
    try:
        return campaign, campaign_estimates(campaign)
    except EstimateRefused as error:
        return str(error)


@require_GET
def estimates(request: HttpRequest) -> HttpResponse:
    """The catalogue estimates of one campaign (`?campaign=` its name); without one, the campaign chooser."""
    name = request.GET.get("campaign") or ""
    reason = _refusal(request.user, name)
    if reason is not None:
        raise PermissionDenied(reason)
    found = _estimates(name) if name else None
    error = found if isinstance(found, str) else ""
    campaigns = why_no_estimates(Campaign.objects.exclude(state=CampaignState.DRAFT).order_by("name"))
    context = {
        "campaign_name": name,
        "error": error,
        "result": found[1] if isinstance(found, tuple) else None,
        "campaigns": campaigns,
        "no_estimate": [(campaign, reason) for campaign, reason in campaigns if reason is not None],
        "formats": FORMATS,
    }
    return render(request, "review/estimates.html", context, status=400 if error else 200)


@require_GET
def estimates_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The catalogue estimates of `?campaign=` in one of CSV, ECSV, VOTable, FITS or JSON, with their
    provenance and citation."""
    name = request.GET.get("campaign") or ""
    reason = _refusal(request.user, name)
    if reason is not None:
        return HttpResponseForbidden(reason, content_type="text/plain")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}", content_type="text/plain"
        )
    found = _estimates(name) if name else "give the name of a campaign"
    if isinstance(found, str):
        return HttpResponseBadRequest(f"campaign: {found}", content_type="text/plain")
    campaign, result = found
    provenance = report_provenance(REPORT, ReportFilters(source="labels", campaign=name), campaign)
    if result.without_prediction:
        left_out = f"{result.without_prediction} non-gold candidates of the campaign without a prediction"
        provenance = replace(provenance, left_out=left_out)
    body, content_type, filename = exports.estimates_render(result.as_json(), provenance, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

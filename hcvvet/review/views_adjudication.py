"""The curators' adjudication page: disputed candidates with every vote side by side, and a decision form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from hcvvet.catalog.classes import CATALOGUE_CLASS_TITLE, CONSENSUS_CLASS_TITLE, expert_class_styles
from hcvvet.catalog.models import ExpertClass
from hcvvet.vetting.adjudication import adjudicate, queue_with_votes
from hcvvet.vetting.errors import VettingError
from hcvvet.vetting.models import Campaign, CampaignCandidate, ReasonCode

PAGE_ITEMS = 50


def _require_curator(request: HttpRequest) -> None:
    if not request.user.is_curator:
        raise PermissionDenied("only curators adjudicate")


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _require_curator(request)
    campaign = None
    if request.GET.get("campaign", "").isdigit():
        campaign = get_object_or_404(Campaign, pk=int(request.GET["campaign"]))
    reason_names = dict(ReasonCode.choices)
    rows = [
        {
            "item": item,
            "votes": [
                {
                    "expert": vote.expert.username,
                    "expert_class": ExpertClass(vote.expert_class).label,
                    "code": vote.expert_class,
                    "reasons": [reason_names.get(r, r) for r in vote.reasons],
                    "comment": vote.comment,
                    "seconds": round(vote.seconds_spent),
                }
                for vote in votes
            ],
        }
        for item, votes in queue_with_votes(campaign=campaign, viewer=request.user, limit=PAGE_ITEMS)
    ]
    return render(
        request,
        "review/adjudication.html",
        {
            "campaign": campaign,
            "rows": rows,
            "choices": expert_class_styles(),
            "catalogue_class_title": CATALOGUE_CLASS_TITLE,
            "consensus_class_title": CONSENSUS_CLASS_TITLE,
            "campaigns": Campaign.objects.order_by("name"),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    _require_curator(request)
    item = get_object_or_404(CampaignCandidate, pk=item_id)
    back = reverse("adjudication:queue") + f"?campaign={item.campaign_id}"
    decided = request.POST.get("decided_class", "")
    if not decided.isdigit():
        messages.error(request, f"Candidate {item.candidate_id}: choose a class.")
        return redirect(back)
    try:
        adjudicate(
            item=item, adjudicator=request.user, decided_class=int(decided), note=request.POST.get("note", "")
        )
    except VettingError as error:
        messages.error(request, f"Candidate {item.candidate_id}: {error.message}")
    else:
        messages.success(request, f"Candidate {item.candidate_id}: {ExpertClass(int(decided)).label}.")
    return redirect(back)

"""The curators' adjudication pages: the queue of disputed candidates with every vote side by side and a
decision form, and one dispute drawn as on the review page (light curve, cutouts) with keys to decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hcvvet.catalog.classes import CATALOGUE_CLASS_TITLE, CONSENSUS_CLASS_TITLE, expert_class_styles
from hcvvet.catalog.models import ExpertClass
from hcvvet.vetting import visibility
from hcvvet.vetting.adjudication import adjudicate, adjudication_queue, item_votes, queue_with_votes
from hcvvet.vetting.errors import InvalidInput, VettingError, require_storable
from hcvvet.vetting.models import Adjudication, Campaign, CampaignCandidate, ConsensusState, ReasonCode

from . import page_json

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


# ---- one dispute on the candidate page's own drawing: light curve, cutouts, votes side by side, keys ----

DISPUTE_KEYS = (
    *(
        (str(style.code), f"decide {style.code}: {style.name} (Enter confirms, Esc cancels)")
        for style in expert_class_styles()
    ),
    ("c", "note on the decision (Esc leaves it)"),
    ("n / p", "next / previous dispute of this campaign"),
    ("← / →", "previous / next epoch"),
    ("?", "this key map"),
)


def _dispute_item(request: HttpRequest, campaign_id: int, match_id: int) -> CampaignCandidate:
    """The campaign item a curator adjudicates; refused (403) while a blind campaign the curator votes in
    waits for their vote on it, as the queue and `adjudicate` refuse it."""
    _require_curator(request)
    item = get_object_or_404(
        CampaignCandidate.objects.select_related("campaign", "candidate__group"),
        campaign_id=campaign_id,
        candidate_id=match_id,
        is_gold=False,
    )
    if visibility.candidate_hidden(user=request.user, candidate=item.candidate):
        raise PermissionDenied(
            f"candidate {match_id} waits for your vote in the blind campaign {item.campaign.name!r}: "
            "vote on it in your review queue first"
        )
    return item


def _dispute_url(item: CampaignCandidate) -> str:
    return reverse(
        "adjudication:dispute", kwargs={"campaign_id": item.campaign_id, "match_id": item.candidate_id}
    )


def _queue_url(item: CampaignCandidate) -> str:
    return reverse("adjudication:queue") + f"?campaign={item.campaign_id}"


def _neighbours(item: CampaignCandidate, viewer) -> dict:
    """The previous and next disputes of the item's campaign that `viewer` may see, and its place among
    them (the item itself may be decided already)."""
    disputes = adjudication_queue(campaign=item.campaign, viewer=viewer)
    before = disputes.filter(position__lt=item.position)
    return {
        "previous": before.order_by("-position").first(),
        "next": disputes.filter(position__gt=item.position).first(),
        "position": before.count() + 1,
        "total": disputes.count(),
    }


def _vote_rows(item: CampaignCandidate) -> list[dict]:
    reason_names = dict(ReasonCode.choices)
    return [
        {
            "expert": vote.expert.username,
            "expert_class": vote.expert_class,
            "name": ExpertClass(vote.expert_class).label,
            "reasons": [reason_names.get(r, r) for r in vote.reasons],
            "comment": vote.comment,
            "voted_at": vote.updated_at.isoformat(timespec="seconds"),
            "voted": timezone.localtime(vote.updated_at).strftime("%Y-%m-%d %H:%M"),
            "seconds_spent": round(vote.seconds_spent, 1),
        }
        for vote in item_votes(item)
    ]


def _decision(item: CampaignCandidate) -> dict | None:
    decision = Adjudication.objects.filter(item=item).select_related("adjudicator").first()
    if decision is None:
        return None
    return {
        "decided_class": decision.decided_class,
        "name": ExpertClass(decision.decided_class).label,
        "adjudicator": decision.adjudicator.username,
        "note": decision.note,
        "decided_at": decision.decided_at.isoformat(timespec="seconds"),
    }


def _dispute_data(request: HttpRequest, item: CampaignCandidate) -> dict:
    """The review page's data of the item's candidate (the same JSON review.js draws), served at this
    page's address, with the dispute: every vote side by side, the decision if any, the neighbours."""
    data = page_json.page_data(request, item.campaign, item.candidate_id)
    around = _neighbours(item, request.user)
    data["url"] = _dispute_url(item)
    data["queue"] = {"position": around["position"], "total": around["total"]}
    data["label"] = None  # the note box is the curator's decision note, not their own label's comment
    data["can_flag_images"] = False
    data["adjudication"] = {
        "campaign": item.campaign.name,
        "rule": f"{item.campaign.get_rule_display()}, {item.campaign.votes_needed} votes",
        "state": item.consensus,
        "disputed": item.consensus == ConsensusState.DISPUTED,
        "votes": _vote_rows(item),
        "decision": _decision(item),
        "decide_url": reverse(
            "adjudication:decide_json",
            kwargs={"campaign_id": item.campaign_id, "match_id": item.candidate_id},
        ),
        "previous_url": _dispute_url(around["previous"]) if around["previous"] else None,
        "next_url": _dispute_url(around["next"]) if around["next"] else None,
        "queue_url": _queue_url(item),
    }
    return data


@login_required
@require_GET
def dispute(request: HttpRequest, campaign_id: int, match_id: int) -> HttpResponse:
    """One disputed candidate drawn as on the review page, with every vote beside it and keys to decide."""
    item = _dispute_item(request, campaign_id, match_id)
    data = _dispute_data(request, item)
    return render(
        request,
        "review/adjudicate.html",
        {
            "item": item,
            "page": data,
            **page_json.drawing(data),
            "placeholder_match": page_json.PLACEHOLDER_MATCH_ID,
            "label_choices": expert_class_styles(),
            "consensus_class_title": CONSENSUS_CLASS_TITLE,
            "key_map": DISPUTE_KEYS,
        },
    )


@login_required
@require_GET
@page_json.json_errors
def dispute_json(request: HttpRequest, campaign_id: int, match_id: int) -> JsonResponse:
    return JsonResponse(_dispute_data(request, _dispute_item(request, campaign_id, match_id)))


@login_required
@require_POST
@page_json.json_errors
def dispute_upcoming(request: HttpRequest, campaign_id: int) -> JsonResponse:
    """The next dispute after `after` (a MatchID), for review.js to preload its cutouts; unlike the review
    queue's, it leases nothing."""
    item = _dispute_item(request, campaign_id, _match_id(request.GET.get("after", "")))
    following = _neighbours(item, request.user)["next"]
    if following is None:
        return JsonResponse({"items": []})
    if str(following.candidate_id) in request.GET.get("have", "").split(","):
        return JsonResponse({"items": [{"match_id": str(following.candidate_id), "cached": True}]})
    return JsonResponse({"items": [_dispute_data(request, following)]})


def _match_id(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput("after must be a MatchID", field="after")
    return int(text)


@login_required
@require_POST
@page_json.json_errors
def decide_json(request: HttpRequest, campaign_id: int, match_id: int) -> JsonResponse:
    """Decide the dispute from the page's keys; the next page (or the queue) shows the confirmation."""
    item = _dispute_item(request, campaign_id, match_id)
    body = page_json.json_body(request)
    decided = body.get("decided_class")
    if isinstance(decided, bool) or not isinstance(decided, int):
        codes = [style.code for style in expert_class_styles()]
        raise InvalidInput(f"decided_class must be one of {codes}", field="decided_class")
    note = body.get("note") or ""
    if not isinstance(note, str):
        raise InvalidInput("note must be text", field="note")
    require_storable(note, field="note")
    decision = adjudicate(item=item, adjudicator=request.user, decided_class=decided, note=note)
    name = ExpertClass(decision.decided_class).label
    messages.success(request, f"MatchID {item.candidate_id} decided: {decision.decided_class} ({name}).")
    following = _neighbours(item, request.user)["next"]
    return JsonResponse(
        {
            "match_id": str(item.candidate_id),
            "decided_class": decision.decided_class,
            "name": name,
            "next_url": _dispute_url(following) if following else _queue_url(item),
        }
    )

"""The candidate page's JSON and how its endpoints talk: the one place the review page and the curators'
dispute page (which draws the same page with the votes beside it) take their data, drawing and errors from."""

import json
from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404

from hcvvet.catalog.models import Candidate
from hcvvet.vetting import queues, visibility
from hcvvet.vetting.errors import InvalidInput, VettingError
from hcvvet.vetting.models import Campaign

from . import model_panel, page, plots, sky_links

# Stand-ins the templates put in the URLs review.js fills in with a candidate's MatchID and an epoch's id.
PLACEHOLDER_MATCH_ID = 1234567890123
PLACEHOLDER_EPOCH_ID = 987654321


def page_data(request: HttpRequest, campaign: Campaign, match_id: int) -> dict:
    """The candidate's page as the signed-in user may see it in `campaign` (blind rules applied)."""
    candidate = get_object_or_404(Candidate.objects.select_related("group"), pk=match_id)
    position = queues.queue_position(campaign=campaign, candidate=candidate)
    seen = visibility.visibility_for(user=request.user, campaign=campaign, candidate=candidate)
    data = page.candidate_page(
        campaign=campaign,
        candidate=candidate,
        expert=request.user,
        show_catalogue_class=seen.catalogue_class,
        show_others_judgement=seen.other_labels,
        queue={"position": position[0], "total": position[1]} if position else None,
    )
    data["hidden_because"] = hidden_because(
        user=request.user, campaign=campaign, candidate=candidate, seen=seen
    )
    data["can_flag_images"] = request.user.is_curator
    data["votes"] = visibility.votes_seen(
        user=request.user, campaign=campaign, candidate=candidate, seen=seen
    )
    data["sky"] = sky_links.candidate_sky(
        match_id=candidate.match_id,
        ra_deg=candidate.ra_deg,
        dec_deg=candidate.dec_deg,
        images=(epoch["image"] for epoch in data["epochs"]),
        sizes_px={"inner": page.ZOOMED_IN_PX, "outer": page.ZOOMED_OUT_PX},
    )
    data["model"] = model_panel.model_panel(
        viewer=request.user, campaign=campaign, candidate=candidate, epochs=data["epochs"]
    )
    return data


def hidden_because(
    *, user, campaign: Campaign, candidate: Candidate, seen: visibility.Visibility
) -> str | None:
    """Why the page hides other experts' labels, the consensus or the catalogue ExpertClass (None when it
    hides nothing). A candidate hidden from the user names the blind campaigns that wait for their vote on
    it: campaigns they vote in, so naming them tells nothing the blind rule hides; voting in another
    campaign does not show what those still hide."""
    if seen == visibility.EVERYTHING:
        return None
    waiting = visibility.campaigns_waiting_for_vote(user=user, candidate=candidate)
    if waiting == [campaign]:
        return "hidden until you vote (blind review)"
    if waiting:
        names = " and ".join(f"'{c.name}'" for c in waiting)
        campaigns, wait = ("campaign", "waits") if len(waiting) == 1 else ("campaigns", "wait")
        return f"hidden: the blind {campaigns} {names} {wait} for your vote on this candidate"
    if not seen.catalogue_class:  # nothing shown, yet no blind campaign waits: not one of this campaign's
        return "hidden: this candidate is not in this campaign"
    return "hidden until the campaign is closed (blind review)"


def drawing(data: dict) -> dict:
    """What review.js draws besides the candidate's JSON: the empty figures, and the field's context plots
    when they are cached (null otherwise: the browser fetches them by `context_url`, and the page is not held
    up while they are computed)."""
    filters = page.page_filters((row["filter"] for row in data["filters"]), data["epochs"])
    return {
        "context": page.cached_group_context(int(data["header"]["group_id"]), filters),
        "figures": plots.review_figures(),
    }


def json_body(request: HttpRequest) -> dict:
    """The request's JSON object (an empty body is an empty object); anything else is a 400 on `body`."""
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, RecursionError) as error:  # RecursionError: nested deeper than the decoder goes
        raise InvalidInput(f"the body is not JSON: {error}", field="body") from error
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object", field="body")
    return body


def json_errors(view):
    """Service errors become JSON answers with the field and the reason, which review.js shows."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except VettingError as error:
            return JsonResponse({"error": error.message, "field": error.field}, status=error.status)

    return wrapper

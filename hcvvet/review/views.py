"""The review UI: home with the expert's queues, the candidate page and its JSON endpoints (keys, prefetch).

Views parse input, call one vetting service or selector and render; the page's data comes from
`page_json.page_data` (which the curators' dispute page shares).

The views that only read (the candidate page and its JSON, the field context, cutouts) run outside a
transaction (`non_atomic_requests`), and the prefetch takes its leases in a transaction of their own before it
reads the pages: on SQLite (the demo) every transaction takes the database's one write lock when it begins
(IMMEDIATE, settings), so a page read in one waited for the ingest's writes and held up the label saves.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from hcvvet.accounts.models import Role
from hcvvet.catalog.classes import expert_class_styles
from hcvvet.catalog.models import Candidate, Cutout, CutoutStatus, Measurement
from hcvvet.triage import display
from hcvvet.vetting import epochs, image_flags, labels, queues
from hcvvet.vetting.errors import InvalidInput, NotAllowed
from hcvvet.vetting.models import Campaign, ReasonCode

from . import page, page_json

UPCOMING_MAX = 3
SKIPPED_SHOWN = 100  # the skipped candidates the done page links to
KEY_MAP = (
    *((str(style.code), f"label {style.code}: {style.name}, then next") for style in expert_class_styles()),
    ("s", "skip this candidate"),
    ("u", "undo my last label (goes back to it)"),
    ("n / p", "next / previous candidate without labelling"),
    ("← / →", "previous / next epoch"),
    ("x", "reject the selected epoch (with a reason)"),
    ("m", "the model's most suspicious epoch: select it and open its rejection (Enter rejects)"),
    ("r", "reason codes for the label"),
    ("c", "comment box (Esc leaves it)"),
    ("?", "this key map"),
)
CURATOR_KEYS = (("f", "flag (or unflag) the selected epoch's HLA image as bad, for every candidate"),)


def _experts_only(view, refusal: Callable[[], Exception]):
    """`view` for accounts with the expert role; `refusal()` is raised for any other."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_expert:
            raise refusal()
        return view(request, *args, **kwargs)

    return wrapper


def expert_view(view):
    """Only experts review; service errors become JSON answers with the field and the reason."""
    return _experts_only(page_json.json_errors(view), lambda: Http404("only experts review candidates"))


def expert_page(view):
    """An expert's HTML page: as `expert_view`, but whoever may not open it (no expert role, or not an expert
    of the campaign) gets the site's 403 page saying why, rather than a 404 or the JSON answer the page's
    scripts read."""

    @wraps(view)
    def refusing(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error

    return _experts_only(
        page_json.json_errors(refusing),
        lambda: PermissionDenied("only experts review candidates, and your account has no expert role"),
    )


def reader_view(view):
    """Signed-in users with a role (viewer, expert or curator) only: an account without one reads nothing."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not any(request.user.is_authenticated and request.user.has_role(role) for role in Role.ALL):
            raise PermissionDenied("your account has no role in hcvvet: ask a curator for one")
        return view(request, *args, **kwargs)

    return wrapper


def _campaign(campaign_id: int, user) -> Campaign:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    queues.require_campaign_expert(campaign, user)
    return campaign


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The expert's queues with their progress (served at "/" by the project's urls)."""
    return render(request, "review/home.html", {"queues": queues.queues_for(request.user)})


@require_GET
@expert_page
def review_next(request: HttpRequest, campaign_id: int | None = None) -> HttpResponse:
    campaign = queues.default_campaign() if campaign_id is None else _campaign(campaign_id, request.user)
    item = queues.next_item(expert=request.user, campaign=campaign)
    if item is None:
        skipped = queues.skipped_waiting(expert=request.user, campaign=campaign)
        context = {"campaign": campaign, "skipped": skipped[:SKIPPED_SHOWN], "n_skipped": skipped.count()}
        return render(request, "review/queue_done.html", context)
    return redirect("review:candidate", campaign_id=campaign.pk, match_id=item.candidate_id)


@transaction.non_atomic_requests
@require_GET
@expert_page
def candidate(request: HttpRequest, campaign_id: int, match_id: int) -> HttpResponse:
    campaign = _campaign(campaign_id, request.user)
    data = page_json.page_data(request, campaign, match_id)
    return render(
        request,
        "review/candidate.html",
        {
            "campaign": campaign,
            "page": data,
            **page_json.drawing(data),
            "placeholder_match": page_json.PLACEHOLDER_MATCH_ID,
            "placeholder_epoch": page_json.PLACEHOLDER_EPOCH_ID,
            "label_choices": expert_class_styles(),
            "reason_choices": ReasonCode.choices,
            "key_map": KEY_MAP + CURATOR_KEYS if request.user.is_curator else KEY_MAP,
        },
    )


@transaction.non_atomic_requests
@require_GET
@expert_view
def candidate_json(request: HttpRequest, campaign_id: int, match_id: int) -> JsonResponse:
    campaign = _campaign(campaign_id, request.user)
    return JsonResponse(page_json.page_data(request, campaign, match_id))


@transaction.non_atomic_requests
@require_POST
@expert_view
def upcoming_json(request: HttpRequest, campaign_id: int) -> JsonResponse:
    """The next candidates after `after` (a MatchID) in this expert's queue, for prefetching, each leased to
    the expert: full data, or just the MatchID for those the browser says it already has (`have`,
    comma-separated). A POST (with the CSRF token), because it takes leases: a plain GET, a crawler or
    another site's page must never lock a queue for the other experts."""
    campaign = _campaign(campaign_id, request.user)
    try:
        after = get_object_or_404(Candidate, pk=int(request.GET.get("after", "")))
    except ValueError as error:
        raise InvalidInput("after must be a MatchID", field="after") from error
    have = set(request.GET.get("have", "").split(","))
    # The page shown and the ones prefetched are leased, so no other expert is served their last-needed vote.
    # Each lease commits on its own: leased in one transaction, two crossing prefetches (the next ones may
    # come before `after` while a label is being saved) held row locks while waiting for each other's.
    queues.lease_take(expert=request.user, campaign=campaign, candidate=after)
    neighbours = queues.queue_neighbours(expert=request.user, campaign=campaign, item=after, n=UPCOMING_MAX)
    leased = [
        c for c in neighbours.next if queues.lease_take(expert=request.user, campaign=campaign, candidate=c)
    ]
    return JsonResponse(
        {
            "items": [
                {"match_id": str(c.pk), "cached": True}
                if str(c.pk) in have
                else page_json.page_data(request, campaign, c.pk)
                for c in leased
            ]
        }
    )


@require_POST
@expert_view
def label(request: HttpRequest, campaign_id: int, match_id: int) -> JsonResponse:
    campaign = _campaign(campaign_id, request.user)
    body = page_json.json_body(request)
    candidate = get_object_or_404(Candidate, pk=match_id)
    # What the page displayed of the model is checked before the label is saved, and recorded with it.
    before = display.shown_check(
        viewer=request.user, campaign=campaign, candidate=candidate, claimed=body.get("shown")
    )
    with transaction.atomic():
        saved = labels.label_submit(
            campaign=campaign,
            candidate=candidate,
            expert=request.user,
            expert_class=body.get("expert_class"),
            reasons=body.get("reasons") or (),
            comment=str(body.get("comment") or ""),
            seconds_spent=_seconds(body),
        )
        record = display.shown_record(label=saved, before=before)
    after = display.prediction_shown(viewer=request.user, campaign=campaign, candidate=candidate)
    return JsonResponse(
        {
            "match_id": str(match_id),
            "expert_class": saved.expert_class,
            "shown": record.shown,
            "model_after": display.prediction_json(after.prediction) if after.prediction else None,
        }
    )


def _seconds(body: dict) -> float:
    try:
        return float(body.get("seconds_spent") or 0.0)
    except (TypeError, ValueError) as error:
        raise InvalidInput("seconds_spent must be a number", field="seconds_spent") from error


@require_POST
@expert_view
def skip(request: HttpRequest, campaign_id: int, match_id: int) -> JsonResponse:
    campaign = _campaign(campaign_id, request.user)
    labels.label_skip(
        campaign=campaign,
        candidate=get_object_or_404(Candidate, pk=match_id),
        expert=request.user,
        seconds_spent=_seconds(page_json.json_body(request)),
    )
    return JsonResponse({"match_id": str(match_id), "skipped": True})


@require_POST
@expert_view
def undo(request: HttpRequest, campaign_id: int) -> JsonResponse:
    """Undo the expert's last label; answers with the page data of the candidate it went back to."""
    campaign = _campaign(campaign_id, request.user)
    undone = labels.label_undo(campaign=campaign, expert=request.user)
    if undone is None:
        return JsonResponse({"error": "nothing to undo", "field": ""}, status=409)
    return JsonResponse({"page": page_json.page_data(request, campaign, undone.candidate_id)})


def _measurement(match_id: int, measurement_id: int) -> Measurement:
    return get_object_or_404(Measurement, pk=measurement_id, candidate_id=match_id)


@require_POST
@expert_view
def reject_epoch(request: HttpRequest, campaign_id: int, match_id: int, measurement_id: int) -> JsonResponse:
    """Reject one epoch; answers with the page recomputed without it."""
    campaign = _campaign(campaign_id, request.user)
    reason = str(page_json.json_body(request).get("reason") or "")
    epochs.epoch_reject(
        measurement=_measurement(match_id, measurement_id),
        user=request.user,
        reason=reason,
        campaign=campaign,
    )
    return JsonResponse({"page": page_json.page_data(request, campaign, match_id)})


@require_POST
@expert_view
def restore_epoch(request: HttpRequest, campaign_id: int, match_id: int, measurement_id: int) -> JsonResponse:
    campaign = _campaign(campaign_id, request.user)
    epochs.epoch_restore(
        measurement=_measurement(match_id, measurement_id), user=request.user, campaign=campaign
    )
    return JsonResponse({"page": page_json.page_data(request, campaign, match_id)})


@require_POST
@expert_view
def flag_image(request: HttpRequest, campaign_id: int, match_id: int, measurement_id: int) -> JsonResponse:
    """Flag the HLA image of one of this candidate's epochs as bad (curators); answers with the page
    recomputed."""
    campaign = _campaign(campaign_id, request.user)
    image = _measurement(match_id, measurement_id).image
    image_flags.image_flag(
        image=image, user=request.user, reason=str(page_json.json_body(request).get("reason") or "")
    )
    return JsonResponse({"page": page_json.page_data(request, campaign, match_id)})


@require_POST
@expert_view
def unflag_image(request: HttpRequest, campaign_id: int, match_id: int, measurement_id: int) -> JsonResponse:
    campaign = _campaign(campaign_id, request.user)
    image_flags.image_unflag(image=_measurement(match_id, measurement_id).image, user=request.user)
    return JsonResponse({"page": page_json.page_data(request, campaign, match_id)})


@transaction.non_atomic_requests
@require_GET
@reader_view
@cache_control(private=True, max_age=page.CONTEXT_CACHE_SECONDS)
def context_json(request: HttpRequest, group_id: int, filters: str) -> JsonResponse:
    """The group's context plots data; the browser caches it, so candidates of one field share one
    download."""
    bands = tuple(b for b in filters.split(",") if b)
    if not bands or len(bands) > 8:
        raise Http404("filters must name one to eight filters")
    return JsonResponse(page.group_context(group_id, bands))


@transaction.non_atomic_requests
@require_GET
@reader_view
@cache_control(private=True, max_age=7 * 24 * 3600, immutable=True)
def cutout(request: HttpRequest, cutout_id: int) -> FileResponse:
    """A cached cutout JPEG from storage (never fetched from MAST here)."""
    found = get_object_or_404(Cutout, pk=cutout_id, status=CutoutStatus.OK)
    if not found.file:
        raise Http404("cutout has no file")
    return FileResponse(found.file.open("rb"), content_type="image/jpeg")

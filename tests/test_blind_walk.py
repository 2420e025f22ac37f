"""The blind-review rule, walked (README, "Blind review"): until an expert has voted on a candidate in a blind
campaign, nothing reachable by that expert depends on other experts' labels, the consensus, or the
catalogue's ExpertClass of that candidate. A skip is not a vote.

Two worlds differ only in those hidden classes: the other experts' votes on the candidates of the open blind
campaign "Blind" that ada (an expert) and kit (a curator voting in it) have not voted on, the consensus they
reach, the catalogue ExpertClass of those candidates, and what rests on those classes: the triage model's
predictions of the candidates whose class it read, and the shown-prediction records of them. As ada and as
kit, every GET operation of the OpenAPI schema (drf-spectacular's generator) is asked, with every value of
its query parameters (orderings, class filters, the predictions' model and P(artifact) bounds included), and
every page of the URLconf whose arguments resolve to rows of the world (kit also walks the admin: each list,
sorted by each column and narrowed by lookups on the class columns and, for the triage models and
shown-prediction records, by each list filter, and each object's page). The answers of the two worlds must
be identical once what legitimately differs between two requests is masked (CSRF tokens, nonces, timestamps,
Bokeh's element ids).

One exemption, stated in the README: reports of the catalogue's ExpertClass over the whole catalogue (not
narrowed to a group, a campaign or a date range of votes) are aggregates of the published catalogue, allowed
to everyone; they are asked too, and only their status is compared.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.cache import cache, caches
from django.db.models import QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from hcvvet.accounts.models import Role, User
from hcvvet.catalog.models import Candidate, Group, Image
from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.reports import services as report_services
from hcvvet.triage.display import prediction_json, prediction_shown, shown_check, shown_record
from hcvvet.triage.models import Prediction, ShownPrediction, TriageModel
from hcvvet.vetting import queues
from hcvvet.vetting.campaigns import campaign_create
from hcvvet.vetting.consensus import candidate_outcome_refresh
from hcvvet.vetting.epochs import epoch_reject, epoch_restore
from hcvvet.vetting.image_flags import image_flag
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, EpochRejection, Label, LabelEvent
from tests.factories import GroupFactory, candidate_with_light_curve
from tests.triage.predictions import active_model, predict
from tests.vetting.campaign_helpers import started_campaign

pytestmark = pytest.mark.django_db

# World B's classes: each hidden class of world A moved to another (a permutation, so that no count of the
# hidden classes over the whole catalogue changes either).
OTHER_CLASS = {1: 2, 2: 4, 4: 1}
BLUE, RED = "ACS_F606W", "ACS_F814W"
# The active model's prediction of a candidate whose class it read: (P1, P2, P4) and reasons by that class.
# World B's model read the moved class: its predictions of those candidates move with it.
PREDICTED = {
    1: ((0.7, 0.2, 0.1), ("steady periodic variation in both filters",)),
    2: ((0.15, 0.6, 0.25), ("variation in one filter only",)),
    4: ((0.05, 0.15, 0.8), ("the deviant epoch sits on a chip edge",)),
}
UNREAD = ((0.3, 0.3, 0.4), ("no class of this candidate was read",))


@dataclass
class World:
    ada: User
    kit: User
    hidden: list[Candidate]  # in "Blind", not voted on by ada nor kit; the last has no catalogue class
    seen: list[Candidate]  # voted on by ada and kit everywhere they take part
    blind: Campaign
    open: Campaign
    group: Group


def _user(make_user, name: str, *roles: str, staff: bool = False) -> User:
    user = make_user(name, *roles)
    if staff:
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.refresh_from_db()
    return user


def build_world(make_user) -> World:
    """ada (expert) and kit (curator, staff) vote in the blind campaign "Blind" with bob and eve; bob and eve
    voted on the first three hidden candidates (two agreeing on the first two: first K=2 in agreement
    decides), ada skipped one of them (a skip is not a vote). An open campaign holds a hidden and a seen
    candidate. ada and kit voted on the seen candidates in every campaign holding them. Epoch rejections, an
    image flag, an ingest job and a draft campaign with gold fill the rest of the pages.

    Triage: an active model predicted every candidate before any vote ("Blind" shows the model before the
    vote, "Open" after it). It read the catalogue classes, so its predictions of the hidden candidates rest
    on their hidden classes, but for the fourth hidden candidate: no catalogue class, and bob and eve decided
    it after the model's `labels_through`. Every vote is saved as the review page saves it, with its
    shown-prediction record (`_vote`)."""
    ada = _user(make_user, "ada", Role.EXPERT)
    kit = _user(make_user, "kit", Role.CURATOR, Role.EXPERT, staff=True)
    bob, eve = (_user(make_user, name, Role.EXPERT) for name in ("bob", "eve"))
    cora = _user(make_user, "cora", Role.CURATOR, staff=True)
    group = GroupFactory(group_id=69810, target_name="M87")
    made = [
        candidate_with_light_curve(
            match_id=1905457 + i,
            group=group,
            ra_deg=187.7059 + i * 2e-3,
            dec_deg=12.3911,
            seed=i,
            n_points=6,
            filters=(BLUE, RED),
            hcv_expert_class=(1, 2, 4, 1, 2)[i],
        )
        for i in range(5)
    ]
    unread = candidate_with_light_curve(
        match_id=1905462,
        group=group,
        ra_deg=187.716,
        dec_deg=12.3911,
        seed=5,
        n_points=6,
        filters=(BLUE, RED),
    )
    hidden, seen = [*made[:3], unread], made[3:]
    model = active_model()
    for candidate in (*made, unread):
        probabilities, reasons = PREDICTED.get(candidate.hcv_expert_class, UNREAD)
        predict(
            candidate, model, probabilities, epoch=candidate.measurements.order_by("pk")[1], reasons=reasons
        )
    queues.default_campaign()
    blind = started_campaign(
        user=cora,
        name="Blind",
        experts=(ada, kit, bob, eve),
        selection={"match_ids": [c.pk for c in hidden + seen]},
        votes_needed=4,
        blind=True,
        rule="first_k",
        rule_k=2,
        model_display="before",
    )
    opened = started_campaign(
        user=cora,
        name="Open",
        experts=(ada, kit, bob),
        selection={"match_ids": [hidden[0].pk, seen[0].pk]},
        blind=False,
        votes_needed=4,
        model_display="after",
    )
    campaign_create(
        user=cora, name="Draft with gold", selection={"match_ids": [c.pk for c in made], "gold_count": 1}
    )
    for candidate, votes in zip(hidden, ((1, 1), (2, 2), (4, None), (2, 2)), strict=True):
        for expert, vote in zip((bob, eve), votes, strict=True):
            if vote is not None:
                _vote(
                    campaign=blind,
                    candidate=candidate,
                    expert=expert,
                    expert_class=vote,
                    reasons=["blend"],
                    comment=f"{expert.username} says {vote}",
                )
    label_skip(campaign=blind, candidate=hidden[2], expert=ada)
    for candidate in seen:
        for expert, vote in ((ada, 1), (kit, 2), (bob, 1)):
            _vote(campaign=blind, candidate=candidate, expert=expert, expert_class=vote)
        _vote(campaign=queues.default_campaign(), candidate=candidate, expert=ada, expert_class=2)
    for expert in (ada, kit, bob):
        _vote(campaign=opened, candidate=seen[0], expert=expert, expert_class=4)
    for candidate in hidden:
        # ada's default queue is done with them: only "Blind" still waits for her vote.
        _vote(campaign=queues.default_campaign(), candidate=candidate, expert=ada, expert_class=1)
    _vote(campaign=opened, candidate=hidden[0], expert=bob, expert_class=1, comment="bob, open")
    epochs = list(hidden[1].measurements.order_by("pk"))
    epoch_reject(measurement=epochs[0], user=bob, reason="cosmic ray", campaign=blind)
    epoch_reject(measurement=epochs[2], user=ada, reason="chip edge", campaign=blind)
    epoch_reject(measurement=epochs[3], user=kit, reason="blend", campaign=blind)
    image_flag(image=Image.objects.filter(measurements__candidate=seen[1]).first(), user=cora, reason="trail")
    job_create(target_name="M87", radius_arcsec=60, created_by=cora, queue=False)
    return World(ada=ada, kit=kit, hidden=hidden, seen=seen, blind=blind, open=opened, group=group)


def _vote(*, campaign: Campaign, candidate: Candidate, expert: User, **vote) -> Label:
    """A vote saved as the review page saves it: what the page shows of the model checked before the vote,
    and the shown-prediction record written after it."""
    shown = prediction_shown(viewer=expert, campaign=campaign, candidate=candidate).prediction
    claimed = None if shown is None else prediction_json(shown)
    before = shown_check(viewer=expert, campaign=campaign, candidate=candidate, claimed=claimed)
    label = label_submit(campaign=campaign, candidate=candidate, expert=expert, **vote)
    shown_record(label=label, before=before)
    return label


PROBABILITY_FIELDS = ("p_high_confidence", "p_probable", "p_artifact")


def _move_predictions(world: World, others: QuerySet[Label]) -> None:
    """World B's model read the moved classes: its predictions of the hidden candidates with a catalogue
    class, and every shown-prediction record of them, are those of the moved class (`PREDICTED`); the
    records of the other experts' labels keep the moved label's class."""
    for candidate in world.hidden:
        if candidate.hcv_expert_class not in OTHER_CLASS:
            continue  # the model read no class of it
        probabilities, reasons = PREDICTED[OTHER_CLASS[candidate.hcv_expert_class]]
        fields = dict(zip(PROBABILITY_FIELDS, probabilities, strict=True))
        Prediction.objects.filter(candidate=candidate).update(
            **fields, reasons=[{"feature": "test", "contribution": 1.0, "text": text} for text in reasons]
        )
        ShownPrediction.objects.filter(label__candidate=candidate, p_artifact__isnull=False).update(**fields)
    for record in ShownPrediction.objects.filter(label__in=others):
        ShownPrediction.objects.filter(pk=record.pk).update(expert_class=OTHER_CLASS[record.expert_class])


def move_hidden_classes(world: World) -> None:
    """World B: every hidden class moved by OTHER_CLASS, consistently (labels, their events, the campaign's
    consensus, the candidates' classes), the other experts' epoch rejections on hidden candidates moved to
    another epoch, with another reason, and every cache dropped."""
    for rejection in EpochRejection.objects.filter(campaign=world.blind).exclude(
        expert__in=(world.ada, world.kit)
    ):
        epoch_restore(measurement=rejection.measurement, user=rejection.expert, campaign=world.blind)
        moved = rejection.measurement.candidate.measurements.order_by("-pk").first()
        epoch_reject(measurement=moved, user=rejection.expert, reason="satellite trail", campaign=world.blind)
    hidden = [c.pk for c in world.hidden]
    others = Label.objects.filter(campaign=world.blind, candidate_id__in=hidden).exclude(
        expert__in=(world.ada, world.kit)
    )
    _move_predictions(world, others)
    for label in others.filter(expert_class__isnull=False):
        Label.objects.filter(pk=label.pk).update(expert_class=OTHER_CLASS[label.expert_class])
    for event in LabelEvent.objects.filter(label__in=others):
        for side in ("before", "after"):
            state = getattr(event, side)
            if state and state.get("expert_class") is not None:
                state["expert_class"] = OTHER_CLASS[state["expert_class"]]
        LabelEvent.objects.filter(pk=event.pk).update(before=event.before, after=event.after)
    for item in CampaignCandidate.objects.filter(campaign=world.blind, candidate_id__in=hidden):
        if item.consensus_class is not None:
            CampaignCandidate.objects.filter(pk=item.pk).update(
                consensus_class=OTHER_CLASS[item.consensus_class]
            )
    for candidate in world.hidden:
        if candidate.hcv_expert_class in OTHER_CLASS:
            Candidate.objects.filter(pk=candidate.pk).update(
                hcv_expert_class=OTHER_CLASS[candidate.hcv_expert_class]
            )
        candidate_outcome_refresh(candidate.pk)
    cache.clear()
    queues._live_orders.clear()


# --- what is asked ------------------------------------------------------------------------------------------

CLASS_VALUES = ("1", "2", "4", "0")


def _path_values(world: World) -> dict[str, list]:
    """Values of path parameters, by name, that name rows of the world."""
    candidates = [c.pk for c in (*world.hidden, *world.seen)]
    campaigns = list(Campaign.objects.order_by("pk").values_list("pk", flat=True))
    return {
        "match_id": candidates,
        "campaign_id": campaigns,
        "group_id": [world.group.group_id],
        "filters": [f"{BLUE},{RED}"],
        "name": list(report_services.REPORTS),
        "pk": [],  # per resource, below
        "id": [],
    }


def _api_ids(path: str, world: World, user: User) -> list:
    """Ids of the rows an API detail path names."""
    from hcvvet.ingest.models import IngestJob
    from hcvvet.vetting.models import ImageFlag

    rows = {
        "/api/campaigns/": Campaign.objects.values_list("pk", flat=True),
        "/api/labels/": Label.objects.values_list("pk", flat=True),
        "/api/images/": Image.objects.filter(measurements__candidate__group=world.group)
        .distinct()
        .values_list("pk", flat=True),
        "/api/image-flags/": ImageFlag.objects.values_list("pk", flat=True),
        "/api/ingest-jobs/": IngestJob.objects.values_list("pk", flat=True),
        "/api/triage/models/": TriageModel.objects.values_list("pk", flat=True),
    }
    for prefix, ids in rows.items():
        if path.startswith(prefix):
            return sorted(ids)[:6]
    return []


def _query_variants(parameters: list[dict], world: World) -> Iterator[dict]:
    """No parameter, then each query parameter alone with each of its values (orderings on every field,
    class filters on every class), then report filters narrowing to the group and the campaigns."""
    yield {}
    for parameter in parameters:
        if parameter.get("in") != "query":
            continue
        for value in _parameter_values(parameter, world):
            yield {parameter["name"]: value}


def _orderings(parameter: dict) -> list[str]:
    """The orderings an `ordering` parameter's description names, each way."""
    description = parameter.get("description", "")
    named = re.findall(r"`(-?\w+)`", description)
    if named:
        return named
    # "match_id (default), p_artifact or uncertainty; prefix - for descending."
    fields = re.findall(r"(\w+)(?: \(default\))?(?:,| or |;|$)", description.split(";")[0])
    return [f"{sign}{field}" for field in fields for sign in ("", "-")]


def _parameter_values(parameter: dict, world: World) -> list:
    name, schema = parameter["name"], parameter.get("schema", {})
    items = schema.get("items", {})
    values: list = list(schema.get("enum") or items.get("enum") or [])
    if name == "fmt":
        values = [v for v in values if v in ("json", "csv", "png")]  # a table, a figure, the data
    elif name == "ordering":
        values = sorted(
            {*values, *_orderings(parameter), "hcv_expert_class", "expert_class", "-expert_class"}
        )
    elif "class" in name:
        values = list(CLASS_VALUES)
    elif schema.get("type") == "boolean":
        values = ["true", "false"]
    elif name == "campaign":
        values = [world.blind.pk, world.open.pk, world.blind.name, world.open.name]
    elif name in ("group", "group_id"):
        values = [world.group.group_id]
    elif name in ("labelled_from",):
        values = ["2000-01-01"]
    elif name == "model":
        values = sorted(TriageModel.objects.values_list("pk", flat=True))
    elif name.startswith("p_artifact_"):
        values = ["0.2", "0.5", "0.75"]  # between the predictions' values (`PREDICTED`)
    return values


def api_requests(world: World, user: User) -> Iterator[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    values = _path_values(world)
    for path, operations in sorted(schema["paths"].items()):
        get = operations.get("get")
        if get is None:
            continue
        names = re.findall(r"{(\w+)}", path)
        fillings: list[dict] = [{}]
        for name in names:
            options = values.get(name) or _api_ids(path, world, user)
            fillings = [{**f, name: v} for f in fillings for v in options]
        for filling in fillings:
            url = path
            for name, value in filling.items():
                url = url.replace("{" + name + "}", str(value))
            for query in _query_variants(get.get("parameters", []), world):
                yield url + (f"?{urlencode(query)}" if query else "")
        if path.startswith("/api/reports/"):
            for url in _report_narrowings(path, fillings, world):
                yield url


def _report_narrowings(path: str, fillings: list[dict], world: World) -> Iterator[str]:
    for filling in fillings:
        url = path.replace("{name}", str(filling.get("name", "")))
        for source in ("hcv", "labels"):
            for narrowing in (
                {"group": world.group.group_id},
                {"campaign": world.blind.name},
                {"campaign": world.open.name},
                {"labelled_from": "2000-01-01"},
            ):
                yield f"{url}?{urlencode({'source': source, **narrowing})}"


def _patterns(resolvers, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def page_requests(world: World) -> Iterator[str]:
    """Every GET page of the URLconf (the API and the admin apart) whose arguments name rows of the world."""
    values = _path_values(world)
    values["fmt"] = ["json", "csv", "png"]
    values["item_id"] = list(CampaignCandidate.objects.values_list("pk", flat=True))
    values["cutout_id"] = []
    from hcvvet.ingest.models import IngestJob

    values["pk"] = list(IngestJob.objects.values_list("pk", flat=True))
    for route, _pattern in _patterns(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/", "^media")) or route.endswith(("/decide", "/label", "/skip")):
            continue
        if any(word in route for word in ("/reject", "/restore", "/flag-image", "/unflag-image", "/undo")):
            continue
        # /metrics is the operators' (allowed networks or a token): process counters that change with every
        # request, and no row of any candidate; /team/ lists accounts (sign-in times, numbers of labels) and
        # names no candidate, class or consensus
        if route.startswith(("accounts/logout", "reports/import", "healthz", "metrics", "team/")):
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        fillings: list[dict] = [{}]
        for name in names:
            fillings = [{**f, name: v} for f in fillings for v in values.get(name, [])]
        for filling in fillings:
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, f=filling: str(f[m.group(1)]), route)
            url = url.replace("^", "").replace("$", "")
            yield url
            if route in ("triage/anchoring/", "triage/estimates/") or route.startswith("triage/estimates."):
                for name in Campaign.objects.order_by("pk").values_list("name", flat=True):
                    yield f"{url}?{urlencode({'campaign': name})}"
            if route.startswith("reports/") and filling.get("fmt", "json") == "json":
                for source in ("hcv", "labels"):
                    for narrowing in ({}, {"group": world.group.group_id}, {"campaign": world.blind.name}):
                        yield f"{url}?{urlencode({'source': source, **narrowing})}"


def admin_requests(world: World) -> Iterator[str]:
    """Each admin list (sorted by each column, narrowed by each filter value and by lookups on the class
    columns) and each object's page, as a curator voting in the blind campaign reaches them."""
    yield "/admin/"
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        yield base
        for obj in model._default_manager.order_by("pk")[:12]:
            yield f"{base}{obj.pk}/change/"
        if meta.app_label not in ("catalog", "vetting", "triage"):
            continue  # the others hold no label, consensus, class or prediction to sort or filter by
        if meta.app_label == "triage":
            yield from _list_filter_requests(base, model, model_admin)
        for column in range(1, len(model_admin.list_display) + 1):
            yield f"{base}?o={column}"
            yield f"{base}?o=-{column}"
        for value in CLASS_VALUES:
            for lookup in ("hcv_expert_class", "expert_class", "consensus_class", "decided_class"):
                yield f"{base}?{lookup}={value}"
                yield f"{base}?{lookup}__exact={value}"
            yield f"{base}?expert_class__isnull=True"
        for value in ("agreed", "disputed", "open"):
            yield f"{base}?consensus__exact={value}"


def _list_filter_requests(base: str, model, model_admin) -> Iterator[str]:
    """The admin list narrowed by each value of each of its list filters: a field's values in the table, a
    related filter's rows."""
    for entry in model_admin.list_filter:
        name = entry[0] if isinstance(entry, tuple) else entry
        field = get_fields_from_path(model, name)[-1]
        if field.is_relation:
            for pk in field.related_model._default_manager.order_by("pk").values_list("pk", flat=True):
                yield f"{base}?{name}__{field.target_field.name}__exact={pk}"
            continue
        for value in model._default_manager.order_by().values_list(name, flat=True).distinct():
            shown = int(value) if isinstance(value, bool) else value
            yield f"{base}?{urlencode({f'{name}__exact': shown})}"


# --- comparing ----------------------------------------------------------------------------------------------

MASKS = [
    (re.compile(rb'(csrfmiddlewaretoken" value=")[^"]+'), rb"\1-"),
    (re.compile(rb'(csrf[_-]?token["\']?\s*[:=]\s*["\'])[^"\']+', re.I), rb"\1-"),
    (re.compile(rb'nonce="[^"]+"'), rb'nonce="-"'),
    (re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), b"<time>"),
    (re.compile(rb"\w{3,9}\.? \d{1,2}, \d{4}, \d{1,2}(:\d\d)? ?[ap]\.m\."), b"<time>"),
    (re.compile(rb'"(id|root_ids?|target)":\s*"p\d+"'), rb'"\1": "p"'),
    (re.compile(rb'"p\d{3,}"'), b'"p"'),
    (
        re.compile(rb'id="[0-9a-f-]{36}"|"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"'),
        b"<uuid>",
    ),
    (re.compile(rb"/CreationDate \(D:[^)]*\)|/ModDate \(D:[^)]*\)"), b"<pdfdate>"),
    (re.compile(rb"DATE\s*=\s*'[^']*'"), b"DATE=<date>"),
]


def _normalised(body: bytes) -> bytes:
    for pattern, replacement in MASKS:
        body = pattern.sub(replacement, body)
    return body


def _whole_catalogue_hcv_report(url: str) -> bool:
    """The README's exemption: a catalogue-class report not narrowed to a group, a campaign or dates."""
    if not url.startswith(("/api/reports/", "/reports/")) or "labelled-candidates" in url:
        return False
    narrowed = re.search(r"[?&](group|campaign|labelled_from|labelled_to)=", url)
    return "source=labels" not in url and not narrowed


def walk(client: Client, urls: list[str]) -> dict[str, tuple[int, bytes]]:
    answers = {}
    for url in urls:
        for alias in settings.CACHES:
            caches[alias].clear()  # no throttle ends the walk; no cached answer crosses worlds
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if _whole_catalogue_hcv_report(url):
            body = b"<exempt>"
        answers[url] = (response.status_code, _normalised(body))
    return answers


def _differences(first: dict, second: dict) -> list[str]:
    found = []
    for url, (status, body) in first.items():
        other_status, other_body = second[url]
        if (status, body) != (other_status, other_body):
            at = next((i for i, (a, b) in enumerate(zip(body, other_body, strict=False)) if a != b), 0)
            found.append(
                f"{url}: {status} {other_status} ... {body[max(at - 80, 0) : at + 80]!r} "
                f"vs {other_body[max(at - 80, 0) : at + 80]!r}"
            )
    return found


def logged_in(user: User) -> Client:
    # A server error is an answer like another (the same in both worlds, or a difference)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_nothing_a_blind_voter_reaches_depends_on_the_hidden_classes(make_user):
    world = build_world(make_user)
    walkers = {
        "ada": (world.ada, sorted({*api_requests(world, world.ada), *page_requests(world)})),
        "kit": (
            world.kit,
            sorted({*api_requests(world, world.kit), *page_requests(world), *admin_requests(world)}),
        ),
    }
    before = {name: walk(logged_in(user), urls) for name, (user, urls) in walkers.items()}
    move_hidden_classes(world)
    after = {name: walk(logged_in(user), urls) for name, (user, urls) in walkers.items()}

    seeing = []
    for name in walkers:
        answered = [url for url, (status, _) in before[name].items() if status == 200]
        assert len(answered) > 100, f"{name} reached too little to prove anything: {len(answered)}"
        predictions = json.loads(before[name]["/api/triage/predictions/"][1])["results"]
        assert len(predictions) == len(world.hidden) + len(world.seen), predictions
        assert any(row["prediction"] for row in predictions), f"{name} was shown no prediction"
        differences = _differences(before[name], after[name])
        if differences:
            seeing.append(f"{name} sees the hidden classes:\n" + "\n".join(differences[:25]))
    assert not seeing, "\n".join(seeing)


def test_the_worlds_differ_where_the_classes_are_not_hidden(make_user):
    """The walk's control: a curator who does not vote in the campaign sees the two worlds differ, so the
    worlds do differ and the comparison can tell."""
    world = build_world(make_user)
    cora = User.objects.get(username="cora")
    # the fourth hidden candidate's class is ada's decision in the default queue, its latest: the same in both
    urls = [f"/api/candidates/{c.pk}/" for c in world.hidden[:3]] + [
        f"/api/candidates/{world.hidden[0].pk}/labels/?campaign={world.blind.pk}",
        f"/api/candidates/{world.hidden[3].pk}/labels/?campaign={world.blind.pk}",
        "/admin/vetting/label/",
        f"/api/candidates/{world.hidden[1].pk}/light-curve/",  # bob's rejection moved
        "/admin/vetting/epochrejection/",
        f"/api/triage/predictions/{world.hidden[0].pk}/",  # the model read the moved class
        "/api/triage/predictions/?ordering=p_artifact",
        "/api/triage/shown/",  # bob's and eve's records keep their moved classes
        "/admin/triage/shownprediction/",
    ]
    before = walk(logged_in(cora), urls)
    move_hidden_classes(world)
    after = walk(logged_in(cora), urls)
    differing = {line.split(": ", 1)[0] for line in _differences(before, after)}
    assert differing == set(urls), f"the same in both worlds: {set(urls) - differing}"
    detail = json.loads(after[urls[0]][1])
    assert detail["hcv_expert_class"] == OTHER_CLASS[1]

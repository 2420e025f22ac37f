"""The blind-review rule, walked (README, "Blind review"): until an expert has voted on a candidate in a blind
campaign, nothing reachable by that expert depends on other experts' labels, the consensus, or the
catalogue's ExpertClass of that candidate. A skip is not a vote.

Two worlds differ only in those hidden classes: the other experts' votes on the candidates of the open blind
campaign "Blind" that ada (an expert) and kit (a curator voting in it) have not voted on, the consensus they
reach, and the catalogue ExpertClass of those candidates. As ada and as kit, every GET operation of the
OpenAPI schema (drf-spectacular's generator) is asked, with every value of its query parameters (orderings
and class filters included), and every page of the URLconf whose arguments resolve to rows of the world (kit
also walks the admin: each list, sorted by each column and narrowed by each filter and by lookups on the
class columns, and each object's page). The answers of the two worlds must be identical once what
legitimately differs between two requests is masked (CSRF tokens, nonces, timestamps, Bokeh's element ids).

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
from django.core.cache import cache, caches
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from hcvvet.accounts.models import Role, User
from hcvvet.catalog.models import Candidate, Group, Image
from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.reports import services as report_services
from hcvvet.vetting import queues
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.consensus import candidate_outcome_refresh
from hcvvet.vetting.epochs import epoch_reject, epoch_restore
from hcvvet.vetting.image_flags import image_flag
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, EpochRejection, Label, LabelEvent
from tests.factories import GroupFactory, candidate_with_light_curve

pytestmark = pytest.mark.django_db

# World B's classes: each hidden class of world A moved to another (a permutation, so that no count of the
# hidden classes over the whole catalogue changes either).
OTHER_CLASS = {1: 2, 2: 4, 4: 1}
BLUE, RED = "ACS_F606W", "ACS_F814W"


@dataclass
class World:
    ada: User
    kit: User
    hidden: list[Candidate]  # in "Blind", not voted on by ada nor kit
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
    voted on the three hidden candidates (two agreeing on the first two: first K=2 in agreement decides),
    ada skipped one of them (a skip is not a vote). An open campaign holds a hidden and a seen candidate.
    ada and kit voted on the seen candidates in every campaign holding them. Epoch rejections, an image
    flag, an ingest job and a draft campaign with gold fill the rest of the pages."""
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
    hidden, seen = made[:3], made[3:]
    queues.default_campaign()
    blind = campaign_create(
        user=cora,
        name="Blind",
        experts=(ada, kit, bob, eve),
        selection={"match_ids": [c.pk for c in made]},
        votes_needed=4,
        blind=True,
        rule="first_k",
        rule_k=2,
    )
    blind = campaign_start(campaign=blind, user=cora)
    opened = campaign_start(
        campaign=campaign_create(
            user=cora,
            name="Open",
            experts=(ada, kit, bob),
            selection={"match_ids": [hidden[0].pk, seen[0].pk]},
            blind=False,
            votes_needed=4,
        ),
        user=cora,
    )
    campaign_create(
        user=cora, name="Draft with gold", selection={"match_ids": [c.pk for c in made], "gold_count": 1}
    )
    for candidate, votes in zip(hidden, ((1, 1), (2, 2), (4, None)), strict=True):
        for expert, vote in zip((bob, eve), votes, strict=True):
            if vote is not None:
                label_submit(
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
            label_submit(campaign=blind, candidate=candidate, expert=expert, expert_class=vote)
        label_submit(campaign=queues.default_campaign(), candidate=candidate, expert=ada, expert_class=2)
    for expert in (ada, kit, bob):
        label_submit(campaign=opened, candidate=seen[0], expert=expert, expert_class=4)
    for candidate in hidden:
        # ada's default queue is done with them: only "Blind" still waits for her vote.
        label_submit(campaign=queues.default_campaign(), candidate=candidate, expert=ada, expert_class=1)
    label_submit(campaign=opened, candidate=hidden[0], expert=bob, expert_class=1, comment="bob, open")
    epochs = list(hidden[1].measurements.order_by("pk"))
    epoch_reject(measurement=epochs[0], user=bob, reason="cosmic ray", campaign=blind)
    epoch_reject(measurement=epochs[2], user=ada, reason="chip edge", campaign=blind)
    epoch_reject(measurement=epochs[3], user=kit, reason="blend", campaign=blind)
    image_flag(image=Image.objects.filter(measurements__candidate=seen[1]).first(), user=cora, reason="trail")
    job_create(target_name="M87", radius_arcsec=60, created_by=cora, queue=False)
    return World(ada=ada, kit=kit, hidden=hidden, seen=seen, blind=blind, open=opened, group=group)


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
        Candidate.objects.filter(pk=candidate.pk).update(
            hcv_expert_class=OTHER_CLASS[Candidate.objects.get(pk=candidate.pk).hcv_expert_class]
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
        name, schema = parameter["name"], parameter.get("schema", {})
        items = schema.get("items", {})
        values: list = list(schema.get("enum") or items.get("enum") or [])
        if name == "fmt":
            values = [v for v in values if v in ("json", "csv", "png")]  # a table, a figure, the data
        elif name == "ordering":
            described = re.findall(r"`(-?\w+)`", parameter.get("description", ""))
            values = sorted({*values, *described, "hcv_expert_class", "expert_class", "-expert_class"})
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
        for value in values:
            yield {name: value}


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
        if meta.app_label not in ("catalog", "vetting"):
            continue  # the others hold no label, consensus or class to sort or filter by
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

    for name in walkers:
        answered = [url for url, (status, _) in before[name].items() if status == 200]
        assert len(answered) > 100, f"{name} reached too little to prove anything: {len(answered)}"
        differences = _differences(before[name], after[name])
        assert not differences, f"{name} sees the hidden classes:\n" + "\n".join(differences[:25])


def test_the_worlds_differ_where_the_classes_are_not_hidden(make_user):
    """The walk's control: a curator who does not vote in the campaign sees the two worlds differ, so the
    worlds do differ and the comparison can tell."""
    world = build_world(make_user)
    cora = User.objects.get(username="cora")
    urls = [f"/api/candidates/{c.pk}/" for c in world.hidden] + [
        f"/api/candidates/{world.hidden[0].pk}/labels/?campaign={world.blind.pk}",
        "/admin/vetting/label/",
        f"/api/candidates/{world.hidden[1].pk}/light-curve/",  # bob's rejection moved
        "/admin/vetting/epochrejection/",
    ]
    before = walk(logged_in(cora), urls)
    move_hidden_classes(world)
    after = walk(logged_in(cora), urls)
    assert len(_differences(before, after)) == len(urls)
    detail = json.loads(after[urls[0]][1])
    assert detail["hcv_expert_class"] == OTHER_CLASS[1]

"""Blind review and labels against a determined insider (issue 16, items 2, 4, 6, 7, 8 and 13), through the
API and the review pages.

World: tests/scenario.py — "Blind pilot" (blind, active; ada = "expert" and bob = "other_expert" vote in it)
holds the three M87 candidates (catalogue ExpertClass 1); ada voted 1 on the first two, bob 4 on the second;
cora ("curator") votes in no campaign by name; vic is a viewer.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.campaigns import campaign_close, campaign_create, campaign_start
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, EventKind, Label, LabelEvent
from tests.conftest import page_client, token_client
from tests.factories import CandidateFactory, candidate_with_light_curve

pytestmark = pytest.mark.django_db
IMPORT = "/api/reports/labelled-candidates/import/"


def _export(client, campaign: str) -> bytes:
    response = client.get("/api/reports/labelled-candidates/", {"campaign": campaign, "fmt": "csv"})
    assert response.status_code == 200, response.content
    return response.content


def _import(client, data: bytes, campaign: Campaign):
    return client.post(
        IMPORT, {"file": SimpleUploadedFile("votes.csv", data), "campaign": campaign.name}, format="multipart"
    )


# --- item 2: an import writes only the importing curator's own votes -------------------------------------


def test_an_import_never_casts_votes_for_experts_who_never_voted(clients, world):
    curator = world.users["curator"]
    replay = campaign_start(
        campaign=campaign_create(
            user=curator,
            name="Replay",
            experts=(world.users["expert"], world.users["other_expert"]),
            selection={"match_ids": [c.match_id for c in world.candidates]},
            votes_needed=2,
        ),
        user=curator,
    )
    data = _export(clients["curator"], "Blind pilot")
    refused = _import(clients["curator"], data, replay)
    assert refused.status_code == 400
    assert "Vote_ada are ada's own" in str(refused.json())
    assert not Label.objects.filter(campaign=replay).exists()
    assert not LabelEvent.objects.filter(campaign=replay, kind=EventKind.LABEL).exists()


def test_an_import_never_changes_another_experts_vote(clients, world):
    data = _export(clients["curator"], "Blind pilot")
    # ada changes her mind after the export: the file now holds her old vote
    label_submit(
        campaign=world.blind, candidate=world.candidates[0], expert=world.users["expert"], expert_class=4
    )
    events = LabelEvent.objects.count()
    refused = _import(clients["curator"], data, world.blind)
    assert refused.status_code == 400
    ada = Label.objects.get(campaign=world.blind, candidate=world.candidates[0], expert=world.users["expert"])
    assert ada.expert_class == 4
    assert LabelEvent.objects.count() == events


def test_the_importing_curators_own_votes_are_written_as_theirs(clients, world):
    curator = world.users["curator"]
    data = _export(clients["curator"], "Blind pilot").decode()
    world.blind.experts.add(curator)
    # the file's votes of ada on the first candidate become the curator's own column: theirs to import
    first = str(world.candidates[0].match_id)
    rows = [line for line in data.splitlines() if not line[:1].isdigit() or line.startswith(first)]
    own = "\n".join(rows).replace("_ada", "_cora") + "\n"
    written = _import(clients["curator"], own.encode(), world.blind)
    assert written.status_code == 200, written.content
    label = Label.objects.get(campaign=world.blind, candidate=world.candidates[0], expert=curator)
    assert label.expert_class == 1
    event = LabelEvent.objects.get(label=label, kind=EventKind.LABEL)
    assert event.actor == curator


# --- item 4: a campaign's review JSON is no window on other candidates' classes ----------------------------


def test_a_non_blind_campaigns_page_hides_the_catalogue_class_of_other_and_unvoted_candidates(world):
    ada, curator = world.users["expert"], world.users["curator"]
    third = world.candidates[2]
    outsider = candidate_with_light_curve(match_id=42, hcv_expert_class=4, auto_class=0, seed=9, n_points=5)
    opened = campaign_start(
        campaign=campaign_create(
            user=curator,
            name="Open",
            experts=(ada,),
            selection={"match_ids": [third.match_id]},
            blind=False,
        ),
        user=curator,
    )
    client = page_client(ada)
    # in the open campaign, but waiting for ada's vote in "Blind pilot" (and in her default queue)
    page = client.get(f"/review/{opened.pk}/{third.match_id}.json").json()
    assert page["header"]["catalogue_class"] is None
    assert page["votes"] == {"others": None, "consensus": None}
    # outside the campaign
    page = client.get(f"/review/{opened.pk}/{outsider.match_id}.json").json()
    assert page["header"]["catalogue_class"] is None
    # the curator, bound by no blind campaign, sees the class of the open campaign's candidate
    opened.experts.add(curator)
    assert (
        page_client(curator)
        .get(f"/review/{opened.pk}/{third.match_id}.json")
        .json()["header"]["catalogue_class"]
        == 1
    )


# --- item 6: narrowed reports do not resolve single objects for blind voters --------------------------------


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/reports/mad-histograms/", {"source": "hcv", "group": 69810}),
        ("/api/reports/autoclass-vs-expert/", {"source": "hcv", "group": 69810}),
        ("/api/reports/artifact-fraction/", {"source": "hcv", "campaign": "Blind pilot"}),
        ("/api/reports/mad-histograms/", {"source": "hcv", "labelled_from": "2000-01-01"}),
    ],
)
def test_reports_narrowed_to_hidden_candidates_are_refused_to_blind_voters(clients, world, path, params):
    refused = clients["expert"].get(path, params)
    assert refused.status_code == 403
    assert "narrowed to" in refused.json()["detail"]
    assert clients["curator"].get(path, params).status_code == 200
    # over the whole catalogue the same report is the published aggregate, everyone's
    assert clients["expert"].get(path, {"source": "hcv"}).status_code == 200


def test_a_narrowed_report_opens_once_nothing_in_it_waits_for_the_voter(clients, world):
    group = CandidateFactory(match_id=43, auto_class=0, hcv_expert_class=4).group
    params = {"source": "hcv", "group": group.group_id}
    assert clients["expert"].get("/api/reports/autoclass-vs-expert/", params).status_code == 200


# --- item 7: viewers do not see the consensus of open blind campaigns ---------------------------------------


def test_viewers_see_no_consensus_of_an_open_blind_campaign(clients, world):
    first = world.candidates[0]
    label_submit(campaign=world.blind, candidate=first, expert=world.users["other_expert"], expert_class=1)
    assert Candidate.objects.get(pk=first.pk).expert_class == 1  # the majority of two agreed
    viewer = clients["viewer"]
    assert viewer.get(f"/api/candidates/{first.match_id}/").json()["expert_class"] is None
    listed = viewer.get("/api/candidates/", {"expert_class": 1}).json()["results"]
    assert first.match_id not in [row["match_id"] for row in listed]
    undecided = viewer.get("/api/candidates/", {"decided": "false"}).json()["results"]
    assert first.match_id in [row["match_id"] for row in undecided]
    assert clients["curator"].get(f"/api/candidates/{first.match_id}/").json()["expert_class"] == 1
    campaign_close(campaign=world.blind, user=world.users["curator"])
    assert viewer.get(f"/api/candidates/{first.match_id}/").json()["expert_class"] == 1


# --- item 8: gold candidates are not recognisable -----------------------------------------------------------


def test_experts_cannot_read_which_candidates_are_gold(clients, world):
    gold = campaign_create(
        user=world.users["curator"],
        name="With gold",
        experts=(world.users["expert"],),
        selection={
            "match_ids": [c.match_id for c in world.candidates],
            "gold_match_ids": [world.candidates[0].pk],
        },
    )
    for role in ("expert", "viewer"):
        shown = clients[role].get(f"/api/campaigns/{gold.pk}/").json()["selection"]
        assert "gold_match_ids" not in shown
        assert shown["match_ids"] == [c.match_id for c in world.candidates]
        listed = clients[role].get("/api/campaigns/").json()["results"]
        assert all("gold_match_ids" not in row["selection"] for row in listed)
    assert clients["curator"].get(f"/api/campaigns/{gold.pk}/").json()["selection"]["gold_match_ids"] == [
        world.candidates[0].pk
    ]
    gold.experts.add(world.users["curator"])  # a curator voting in it is an expert there
    assert "gold_match_ids" not in clients["curator"].get(f"/api/campaigns/{gold.pk}/").json()["selection"]


# --- item 13: the rules hold before the default campaign exists ---------------------------------------------


def test_blind_rules_hold_before_the_default_campaign_exists(make_user):
    expert = make_user("newcomer", Role.EXPERT)
    star = CandidateFactory(match_id=44, auto_class=1, hcv_expert_class=4)
    assert not Campaign.objects.filter(is_default=True).exists()
    client = token_client(expert)
    assert star.match_id not in [
        row["match_id"] for row in client.get("/api/candidates/", {"hcv_expert_class": 4}).json()["results"]
    ]
    assert client.get(f"/api/candidates/{star.match_id}/").json()["hcv_expert_class"] is None
    refused = client.get("/api/reports/sky/")
    assert refused.status_code == 403
    assert "Default queue" in refused.json()["detail"]


def test_other_experts_epoch_rejections_and_reasons_wait_for_the_vote(clients, world):
    from hcvvet.vetting.epochs import epoch_reject

    third = world.candidates[2]
    epoch_reject(
        measurement=third.measurements.first(), user=world.users["other_expert"], reason="bob's cosmic"
    )
    history = clients["expert"].get(f"/api/candidates/{third.match_id}/history/").json()
    assert "bob's cosmic" not in str(history)
    assert "bob's cosmic" in str(clients["curator"].get(f"/api/candidates/{third.match_id}/history/").json())


def test_a_signed_in_account_without_a_role_reads_no_cutout_context_or_api_docs(make_user, world):
    from django.core.files.base import ContentFile

    from hcvvet.catalog.models import Cutout

    candidate = world.candidates[0]
    cutout = Cutout(image=candidate.measurements.first().image, candidate=candidate, size_px=19, status="ok")
    cutout.file.save("c.jpg", ContentFile(b"\xff\xd8jpeg"), save=True)
    urls = [
        f"/review/cutouts/{cutout.pk}.jpg",
        f"/review/context/{candidate.group_id}/ACS_F606W,ACS_F814W.json",
        "/api/schema/",
        "/api/docs/",
    ]
    nobody = page_client(make_user("nobody"))
    for url in urls:
        assert nobody.get(url).status_code == 403, url
    viewer = page_client(world.users["viewer"])
    for url in urls:
        assert viewer.get(url).status_code == 200, url

"""One dispute on its own adjudication page (the review page's drawing, every vote beside it, keys to decide),
through Django's test client."""

import json

import pytest

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Adjudication, ConsensusRule, ConsensusState, EventKind, LabelEvent
from tests.e2e.review_data import build_review_field
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db


def disputes(make_user, *, n: int = 1, curator_votes_too: bool = False, skip_ada_on: int | None = None):
    """A blind unanimous two-vote campaign over `n` candidates with light curves, each disputed by ada (1,
    with a comment) and bob (4, with a reason and a comment), but the `skip_ada_on`-th, which waits for a
    second vote; with `curator_votes_too`, cora is one of its experts (and has not voted)."""
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    cora = make_user("cora", Role.CURATOR, Role.EXPERT)
    candidates = build_review_field(candidates=n, constants=10, cutouts=False)
    experts = [ada, bob, cora] if curator_votes_too else [ada, bob]
    campaign = active_campaign(
        experts=experts, candidates=candidates, votes_needed=2, rule=ConsensusRule.UNANIMOUS, blind=True
    )
    for index, candidate in enumerate(candidates):
        if index != skip_ada_on:
            label_submit(
                campaign=campaign,
                candidate=candidate,
                expert=ada,
                expert_class=1,
                comment="clean sinusoid",
                seconds_spent=12.5,
            )
        label_submit(
            campaign=campaign,
            candidate=candidate,
            expert=bob,
            expert_class=4,
            reasons=["blend"],
            comment="a bright neighbour",
            seconds_spent=30,
        )
    return campaign, candidates, cora


def page_url(campaign, candidate) -> str:
    return f"/adjudication/{campaign.pk}/{candidate.pk}/"


def decide(client, campaign, candidate, body):
    return client.post(
        f"{page_url(campaign, candidate)}decide.json", data=json.dumps(body), content_type="application/json"
    )


def embedded_page(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="page-data" type="application/json">') + len(
        '<script id="page-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_dispute_page_shows_every_vote_with_reasons_comment_and_time(client, make_user):
    campaign, (candidate,), cora = disputes(make_user)
    client.force_login(cora)
    response = client.get(page_url(campaign, candidate))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        "ada",
        "bob",
        "clean sinusoid",
        "a bright neighbour",
        "blend",
        "1 · high-confidence variable",
        "4 · possible artifact",
    ):
        assert shown in html
    # The review page's drawing: its scripts, its figures and its JSON, with this page's addresses.
    for script in ("review/review.js", "review/cutouts.js", "review/adjudicate.js"):
        assert script in html
    assert 'id="figures-data"' in html
    data = embedded_page(response)
    assert data["lc"]["x"], "the light curve's points are in the page's data"
    assert data["url"] == page_url(campaign, candidate)
    votes = {v["expert"]: v for v in data["adjudication"]["votes"]}
    assert (votes["ada"]["seconds_spent"], votes["bob"]["seconds_spent"]) == (12.5, 30)
    assert votes["bob"]["reasons"] == ["blend"]
    assert votes["ada"]["voted"]
    # The classes in the review page's colours, one per class.
    assert ".class-1 { --class-colour: #0072B2; }" in html
    assert ".class-4 { --class-colour: #D55E00; }" in html


def test_deciding_through_the_page_records_the_decision_with_its_provenance(client, make_user):
    campaign, (candidate,), cora = disputes(make_user)
    client.force_login(cora)
    reply = decide(client, campaign, candidate, {"decided_class": 4, "note": "blend with a bright neighbour"})
    assert reply.status_code == 200, reply.content
    assert reply.json()["next_url"] == f"/adjudication/?campaign={campaign.pk}"  # no other dispute: the queue

    decision = Adjudication.objects.get()
    assert (decision.adjudicator, decision.decided_class, decision.note) == (
        cora,
        4,
        "blend with a bright neighbour",
    )
    assert decision.rule == "unanimous, 2 votes"
    assert sorted((v["expert"], v["expert_class"], v["comment"]) for v in decision.votes) == [
        ("ada", 1, "clean sinusoid"),
        ("bob", 4, "a bright neighbour"),
    ]
    assert decision.item.consensus == ConsensusState.ADJUDICATED
    assert Candidate.objects.get(pk=candidate.pk).expert_class == 4
    assert LabelEvent.objects.filter(kind=EventKind.ADJUDICATE, actor=cora, candidate=candidate).count() == 1
    # The next page confirms the key pressed; the dispute's page now shows the decision and refuses another.
    assert (
        f"MatchID {candidate.pk} decided: 4 (possible artifact)."
        in client.get(reply.json()["next_url"]).content.decode()
    )
    assert (
        "Decided 4 · possible artifact by cora" in client.get(page_url(campaign, candidate)).content.decode()
    )
    again = decide(client, campaign, candidate, {"decided_class": 1})
    assert again.status_code == 409
    assert again.json()["field"] == "item"
    assert Adjudication.objects.get().decided_class == 4


@pytest.mark.parametrize("body", [{"decided_class": "x"}, {"decided_class": 7}, {"decided_class": True}, {}])
def test_a_bad_class_is_a_400_naming_the_field(client, make_user, body):
    campaign, (candidate,), cora = disputes(make_user)
    client.force_login(cora)
    reply = decide(client, campaign, candidate, body)
    assert reply.status_code == 400
    assert reply.json()["field"] == "decided_class"
    assert not Adjudication.objects.exists()


def test_next_and_previous_follow_the_campaign_order_of_disputes(client, make_user):
    campaign, (first, second), cora = disputes(make_user, n=2)
    client.force_login(cora)
    at_first = client.get(f"{page_url(campaign, first)[:-1]}.json").json()["adjudication"]
    assert (at_first["previous_url"], at_first["next_url"]) == (None, page_url(campaign, second))
    at_second = embedded_page(client.get(page_url(campaign, second)))
    assert at_second["adjudication"]["previous_url"] == page_url(campaign, first)
    assert at_second["queue"] == {"position": 2, "total": 2}
    # After deciding the first, the page answers with the second as the next one.
    assert decide(client, campaign, first, {"decided_class": 1}).json()["next_url"] == page_url(
        campaign, second
    )
    # The queue page links each dispute to its page.
    assert page_url(campaign, second) in client.get(f"/adjudication/?campaign={campaign.pk}").content.decode()


@pytest.mark.parametrize("role", [Role.EXPERT, Role.VIEWER])
def test_only_curators_open_or_decide_a_dispute(client, make_user, role):
    campaign, (candidate,), _ = disputes(make_user)
    client.force_login(make_user("eve", role))
    assert client.get(page_url(campaign, candidate)).status_code == 403
    assert client.get(f"{page_url(campaign, candidate)[:-1]}.json").status_code == 403
    assert client.post(f"/adjudication/{campaign.pk}/upcoming.json?after={candidate.pk}").status_code == 403
    assert decide(client, campaign, candidate, {"decided_class": 1}).status_code == 403
    assert not Adjudication.objects.exists()


def test_a_curator_who_votes_in_the_blind_campaign_sees_no_votes_before_their_own(client, make_user):
    campaign, (unvoted, voted), cora = disputes(make_user, n=2, curator_votes_too=True, skip_ada_on=1)
    label_submit(campaign=campaign, candidate=voted, expert=cora, expert_class=2, comment="cora's own view")
    client.force_login(cora)
    refused = client.get(page_url(campaign, unvoted))
    assert refused.status_code == 403
    assert "vote on it" in refused.content.decode()
    assert "clean sinusoid" not in refused.content.decode()
    assert client.get(f"{page_url(campaign, unvoted)[:-1]}.json").status_code == 403
    assert decide(client, campaign, unvoted, {"decided_class": 1}).status_code == 403
    assert not Adjudication.objects.exists()
    # The dispute cora voted on shows everyone's votes, and has no hidden neighbour to go to.
    shown = client.get(page_url(campaign, voted))
    assert shown.status_code == 200
    assert "a bright neighbour" in shown.content.decode()
    assert "cora&#x27;s own view" in shown.content.decode()
    assert embedded_page(shown)["adjudication"]["previous_url"] is None

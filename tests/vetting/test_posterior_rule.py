"""The consensus rule "Dawid-Skene posterior above p": decided through the label service when an item's votes
are in, from the experts' confusion matrices the campaign's gold anchors; p refused outside (0.5, 1) and the
rule refused with one vote per item (the model needs two experts on a same candidate) on the form, the admin
and the API; an item whose campaign's votes make no fit disputed; p kept by a backup."""

import json

import pytest
from django.core.management import call_command

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.adjudication import adjudicate
from hcvvet.vetting.backup import vetting_clear
from hcvvet.vetting.campaigns import campaign_create, campaign_update
from hcvvet.vetting.errors import InvalidInput
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Campaign, ConsensusRule, ConsensusState
from tests.conftest import page_client, token_client
from tests.factories import CandidateFactory
from tests.vetting.campaign_helpers import active_campaign

AGREED, DISPUTED, OPEN = ConsensusState.AGREED, ConsensusState.DISPUTED, ConsensusState.OPEN
# gold items: (known class, ada's vote, bob's vote). Ada is right every time; bob calls every high-confidence
# variable an artifact (his confusion: true 1 -> voted 4) and is right on the other classes.
GOLD = [(1, 1, 4)] * 8 + [(2, 2, 2)] * 4 + [(4, 4, 4)] * 4


@pytest.fixture
def experts(make_user):
    return [make_user(name, Role.EXPERT) for name in ("ada", "bob", "cy")]


def _posterior_campaign(experts, n_open: int):
    """A two-vote campaign under the posterior rule (p = 0.9) with the gold items voted as `GOLD` says, and
    `n_open` more items without votes (returned)."""
    gold = [CandidateFactory(max_mad=0.9 - 0.01 * i) for i in range(len(GOLD))]
    others = [CandidateFactory(max_mad=0.1 - 0.001 * i) for i in range(n_open)]
    campaign = active_campaign(
        experts=experts,
        candidates=[*gold, *others],
        votes_needed=2,
        rule=ConsensusRule.POSTERIOR,
        gold={star.pk: known for star, (known, _, _) in zip(gold, GOLD, strict=True)},
    )
    campaign.rule_posterior = 0.9
    campaign.save(update_fields=["rule_posterior"])
    ada, bob, _ = experts
    for star, (_, by_ada, by_bob) in zip(gold, GOLD, strict=True):
        _vote(campaign, star, [(ada, by_ada), (bob, by_bob)])
    return campaign, others


def _vote(campaign, candidate, pairs):
    for expert, expert_class in pairs:
        label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=expert_class)
    return campaign.items.get(candidate=candidate)


def test_the_posterior_rule_decides_from_the_experts_confusion_when_the_votes_are_in(experts):
    ada, bob, cy = experts
    campaign, (known_bias, conflict, pending) = _posterior_campaign(experts, 3)

    # one vote of two: open, whatever the model says
    item = _vote(campaign, known_bias, [(ada, 1)])
    assert (item.consensus, item.consensus_class) == (OPEN, None)
    # bob's "artifact" is what he says of high-confidence variables: ada's 1 stands (a majority of 2 would
    # have disputed it)
    item = _vote(campaign, known_bias, [(bob, 4)])
    assert (item.consensus, item.consensus_class) == (AGREED, 1)
    assert Candidate.objects.get(pk=known_bias.pk).expert_class == 1

    # ada says 2, bob (right on 2 and 4) says 4: no class reaches p
    item = _vote(campaign, conflict, [(ada, 2), (bob, 4)])
    assert (item.consensus, item.consensus_class) == (DISPUTED, None)
    assert Candidate.objects.get(pk=conflict.pk).expert_class is None

    # a skip is no vote: the item stays open until a second class comes in
    label_skip(campaign=campaign, candidate=pending, expert=cy)
    item = _vote(campaign, pending, [(ada, 2)])
    assert item.consensus == OPEN
    item = _vote(campaign, pending, [(bob, 2)])
    assert (item.consensus, item.consensus_class) == (AGREED, 2)


def test_a_changed_vote_decides_the_item_again_and_a_curator_settles_it(experts, curator):
    ada, bob, _ = experts
    campaign, (star,) = _posterior_campaign(experts, 1)
    assert _vote(campaign, star, [(ada, 1), (bob, 4)]).consensus == AGREED
    item = _vote(campaign, star, [(ada, 2)])
    assert (item.consensus, item.consensus_class) == (DISPUTED, None)
    decision = adjudicate(item=item, adjudicator=curator, decided_class=2)
    assert decision.rule == "posterior(p=0.9), 2 votes"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"rule": ConsensusRule.POSTERIOR}, "needs p"),
        ({"rule": ConsensusRule.POSTERIOR, "rule_posterior": 0.5}, "above 0.5 and below 1"),
        ({"rule": ConsensusRule.POSTERIOR, "rule_posterior": 1.0}, "above 0.5 and below 1"),
        ({"rule_posterior": 1.2}, "above 0.5 and below 1"),
        ({"rule_posterior": "high"}, "above 0.5 and below 1"),
    ],
)
def test_the_service_refuses_p_outside_the_open_interval(curator, settings, message):
    with pytest.raises(InvalidInput, match=message) as error:
        campaign_create(user=curator, name="bad", **settings)
    assert error.value.field == "rule_posterior"


def test_the_service_refuses_the_rule_with_one_vote_per_item_on_votes_needed(curator):
    one_vote = "needs votes_needed of 2 or more: the model needs at least two experts who voted on the same"
    for settings in ({}, {"votes_needed": 1}):
        with pytest.raises(InvalidInput, match=one_vote) as error:
            campaign_create(
                user=curator, name="solo", rule=ConsensusRule.POSTERIOR, rule_posterior=0.8, **settings
            )
        assert error.value.field == "votes_needed"
    draft = campaign_create(user=curator, name="draft", votes_needed=1)
    with pytest.raises(InvalidInput, match=one_vote):
        campaign_update(campaign=draft, user=curator, rule=ConsensusRule.POSTERIOR, rule_posterior=0.8)
    draft = campaign_update(
        campaign=draft, user=curator, rule=ConsensusRule.POSTERIOR, rule_posterior=0.8, votes_needed=2
    )
    with pytest.raises(InvalidInput, match=one_vote):
        campaign_update(campaign=draft, user=curator, votes_needed=1)
    assert Campaign.objects.get(pk=draft.pk).votes_needed == 2


def test_an_item_whose_campaign_votes_make_no_fit_is_disputed_not_decided_on_an_artefact(experts, curator):
    """A campaign saved past the service, posterior rule with one vote per item: while no candidate has votes
    from two experts (one expert, then a second on other candidates) every item goes to a curator."""
    ada, bob, cy = experts
    stars = [CandidateFactory(max_mad=0.5 - 0.01 * i) for i in range(8)]
    campaign = active_campaign(
        experts=[ada, bob], candidates=stars, votes_needed=1, rule=ConsensusRule.POSTERIOR
    )
    Campaign.objects.filter(pk=campaign.pk).update(rule_posterior=0.6)
    campaign.refresh_from_db()
    votes = [(ada, 2), (ada, 4), (ada, 1), (ada, 1), (ada, 2), (bob, 2), (bob, 1), (bob, 4)]
    for star, (expert, vote) in zip(stars, votes, strict=True):
        item = _vote(campaign, star, [(expert, vote)])
        assert (item.consensus, item.consensus_class) == (DISPUTED, None), (expert.username, vote)
        assert Candidate.objects.get(pk=star.pk).expert_class is None
    # the campaign keeps its other settings editable: the rule's check binds a draft only
    campaign_update(campaign=campaign, user=curator, experts=[ada, bob, cy])
    assert campaign.experts.count() == 3


FORM = {"votes_needed": 2, "blind": "on", "rule": "posterior", "rule_k": 2, "order": "mad", "seed": 0}
FORM |= {"audit_share": 0.1, "model_display": "never", "auto_class": ["1", "2"]}
FORM |= {"include_without_light_curve": "on"}


@pytest.mark.parametrize("url", ["/campaigns/new/", "/admin/vetting/campaign/add/"])
def test_the_builder_and_the_admin_show_a_bad_p_or_one_vote_per_item_on_its_field(curator, url):
    CandidateFactory(auto_class=1)
    client = page_client(curator)
    for p, error in (("1", "above 0.5 and below 1"), ("0.3", "above 0.5 and below 1"), ("", "needs p")):
        page = client.post(url, {**FORM, "name": f"p {p}", "rule_posterior": p})
        assert page.status_code == 200
        form = page.context["form"] if "form" in page.context else page.context["adminform"].form
        assert error in " ".join(form.errors.get("rule_posterior", [])), form.errors
        assert error in page.content.decode()
    assert not Campaign.objects.exists()
    made = client.post(url, {**FORM, "name": "fine", "rule_posterior": "0.8"})
    assert made.status_code == 302, made.content.decode()[:2000]
    assert Campaign.objects.get(name="fine").rule_posterior == 0.8
    solo = client.post(url, {**FORM, "votes_needed": 1, "name": "solo", "rule_posterior": "0.8"})
    assert solo.status_code == 200
    form = solo.context["form"] if "form" in solo.context else solo.context["adminform"].form
    one_vote = "of 2 or more: the model needs at least two experts who voted on the same candidates"
    assert one_vote in " ".join(form.errors.get("votes_needed", [])), form.errors
    assert not Campaign.objects.filter(name="solo").exists()


def test_the_api_names_a_bad_p(curator):
    api = token_client(curator)
    posterior = {"rule": "posterior", "votes_needed": 2, "selection": {"auto_class": [1]}}
    bad = api.post("/api/campaigns/", {"name": "bad", **posterior, "rule_posterior": 1.5}, format="json")
    assert bad.status_code == 400
    assert "rule_posterior" in bad.json()
    solo = {**posterior, "votes_needed": 1, "rule_posterior": 0.75}
    refused = api.post("/api/campaigns/", {"name": "solo", **solo}, format="json")
    assert refused.status_code == 400
    assert "at least two experts who voted on the same candidates" in refused.json()["votes_needed"][0]
    made = api.post("/api/campaigns/", {"name": "ok", **posterior, "rule_posterior": 0.75}, format="json")
    assert made.status_code == 201, made.content
    assert api.get(f"/api/campaigns/{made.json()['id']}/").json()["rule_posterior"] == 0.75


def test_a_backup_keeps_p(curator, tmp_path):
    campaign_create(
        user=curator, name="Posterior", rule=ConsensusRule.POSTERIOR, rule_posterior=0.85, votes_needed=2
    )
    path = tmp_path / "vetting.json"
    call_command("backup_vetting", str(path))
    (record,) = (c for c in json.loads(path.read_text())["campaigns"] if c["name"] == "Posterior")
    assert (record["rule"], record["rule_posterior"]) == ("posterior", 0.85)
    vetting_clear()
    call_command("restore_vetting", str(path))
    restored = Campaign.objects.get(name="Posterior")
    assert (restored.rule, restored.rule_posterior) == (ConsensusRule.POSTERIOR, 0.85)

"""Model-ranked queue orders and early retirement (vetting's side): the audit sample drawn at random within
strata of MAD and magnitude at start, exactly its share and spread through the queue; the ranking the model
writes through `campaign_reorder`; retired candidates out of every queue, with no class, never audit or
gold."""

from collections import Counter

import numpy as np
import pytest

from hcvvet.catalog.models import Candidate
from hcvvet.reports.selectors import ReportFilters, class_counts
from hcvvet.vetting.campaigns import (
    Retirement,
    audit_size,
    campaign_create,
    campaign_reorder,
    campaign_start,
    campaign_update,
)
from hcvvet.vetting.errors import Conflict, InvalidInput
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, ConsensusState, QueueOrder
from hcvvet.vetting.queues import next_item, pending_candidates, queue_progress
from tests.conftest import page_client, token_client
from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory

N = 83


@pytest.fixture
def field(db):
    """N candidates of group 5 whose MAD and magnitude vary independently (every stratum filled)."""
    rng = np.random.default_rng(11)
    group = GroupFactory(group_id=5)
    stars = []
    for mad, mag in zip(rng.uniform(0.01, 0.3, N), rng.uniform(19, 25, N), strict=True):
        star = CandidateFactory(group=group, max_mad=float(mad))
        FilterStatFactory(candidate=star, mad=float(mad), mean_mag=float(mag))
        stars.append(star)
    return stars


def _started(curator, experts=(), *, gold: int = 0, **settings):
    """The field's campaign, started; with `gold` candidates of known class (the first of the field) drawn
    as gold."""
    if gold:
        Candidate.objects.filter(pk__in=[c.pk for c in Candidate.objects.order_by("pk")[: gold + 2]]).update(
            hcv_expert_class=4
        )
    selection = {"group_ids": [5], **({"gold_count": gold} if gold else {})}
    campaign = campaign_create(
        user=curator, name="ranked", experts=experts, selection=selection, seed=3, **settings
    )
    return campaign_start(campaign=campaign, user=curator)


def _queue(campaign) -> list[CampaignCandidate]:
    return list(CampaignCandidate.objects.filter(campaign=campaign).order_by("position"))


@pytest.mark.parametrize("order", [QueueOrder.UNCERTAINTY, QueueOrder.ARTIFACT_FIRST])
def test_audit_sample_is_its_exact_share_drawn_within_every_stratum(field, curator, order):
    campaign = _started(curator, order=order, audit_share=0.25)
    items = _queue(campaign)
    audit = [i for i in items if i.in_audit]
    assert len(audit) == audit_size(0.25, N) == 21
    size = Counter(i.stratum for i in items)
    drawn = Counter(i.stratum for i in audit)
    assert len(size) >= 12  # MAD x magnitude quartiles
    for stratum, n in size.items():
        assert abs(drawn[stratum] - 0.25 * n) <= 1, (stratum, drawn[stratum], n)
    # spread through the queue: every prefix holds its share of audit candidates, within one
    in_audit = np.cumsum([i.in_audit for i in items])
    for k in range(1, len(items) + 1):
        assert abs(in_audit[k - 1] - 0.25 * k) <= 1, k


def test_other_orders_draw_no_audit_sample(field, curator):
    campaign = _started(curator, order=QueueOrder.STRATIFIED, audit_share=0.25)
    assert not CampaignCandidate.objects.filter(campaign=campaign, in_audit=True).exists()


def test_the_model_ranks_the_queue_around_the_audit_sample_and_gold(field, curator):
    campaign = _started(curator, gold=3, order=QueueOrder.UNCERTAINTY, audit_share=0.2)
    before = {i.candidate_id: i.position for i in _queue(campaign) if i.in_audit or i.is_gold}
    rng = np.random.default_rng(0)
    scores = {s.pk: float(rng.uniform()) for s in field[:-5]}  # five candidates have no prediction

    done = campaign_reorder(campaign=campaign, model_version=1, priorities=scores)

    items = _queue(campaign)
    assert {i.candidate_id: i.position for i in items if i.in_audit or i.is_gold} == before
    ranked = [i for i in items if not (i.in_audit or i.is_gold)]
    expected = sorted((m for m in scores if m in {i.candidate_id for i in ranked}), key=lambda m: -scores[m])
    assert [i.candidate_id for i in ranked][: len(expected)] == expected
    assert {i.candidate_id for i in ranked[len(expected) :]} == {s.pk for s in field[-5:]} - set(before)
    assert done.ranked == len(expected)
    assert sorted(i.position for i in items) == list(range(N))


def test_retired_candidates_leave_every_queue_and_never_get_a_class(field, curator, expert, other_expert):
    campaign = _started(
        curator,
        experts=(expert, other_expert),
        votes_needed=2,
        order=QueueOrder.ARTIFACT_FIRST,
        audit_share=0.1,
        retire_confidence=0.9,
    )
    items = _queue(campaign)
    audit = next(i for i in items if i.in_audit)
    voted, confident, unsure = [i for i in items if not i.in_audit][:3]
    label_submit(campaign=campaign, candidate=voted.candidate, expert=other_expert, expert_class=2)
    verdicts = {
        audit.candidate_id: Retirement(4, 0.99),
        voted.candidate_id: Retirement(4, 0.99),
        confident.candidate_id: Retirement(4, 0.95),
        unsure.candidate_id: Retirement(1, 0.6),
    }

    done = campaign_reorder(campaign=campaign, model_version=3, priorities={}, retire=verdicts)

    assert done.retired == 1
    retired = CampaignCandidate.objects.get(consensus=ConsensusState.RETIRED)
    assert (retired.candidate_id, retired.retired_class, retired.retired_model) == (
        confident.candidate_id,
        4,
        3,
    )
    assert (retired.consensus_class, retired.in_audit, retired.is_gold) == (None, False, False)
    for who in (expert, other_expert):
        assert confident.candidate_id not in set(
            pending_candidates(campaign=campaign, expert=who).values_list("pk", flat=True)
        )
    served = set()
    while (item := next_item(expert=expert, campaign=campaign)) is not None:
        served.add(item.candidate_id)
        label_submit(campaign=campaign, candidate=item.candidate, expert=expert, expert_class=1)
    assert confident.candidate_id not in served
    assert len(served) == N - 1
    assert queue_progress(expert=expert, campaign=campaign) == (N - 1, N - 1)
    with pytest.raises(Conflict, match="retired by the model"):
        label_submit(campaign=campaign, candidate=confident.candidate, expert=expert, expert_class=4)
    retired.refresh_from_db()
    assert (retired.consensus, retired.consensus_class, retired.vote_count) == ("retired", None, 0)
    assert Candidate.objects.get(pk=confident.candidate_id).expert_class is None
    # reports keep the model's verdict apart: the retired candidate counts as without an hcvvet class
    counts = class_counts(ReportFilters(source="labels", campaign="ranked"), campaign)
    assert sum(n for (_, label), n in counts.items() if label == 4) == 0
    assert sum(counts.values()) == N


def test_gold_is_never_retired(field, curator):
    campaign = _started(curator, gold=4, order=QueueOrder.UNCERTAINTY, retire_confidence=0.8)
    verdicts = {s.pk: Retirement(1, 0.99) for s in field}

    done = campaign_reorder(campaign=campaign, model_version=1, priorities={}, retire=verdicts)

    items = _queue(campaign)
    assert done.retired == sum(not (i.is_gold or i.in_audit) for i in items)
    assert {i.consensus for i in items if i.is_gold or i.in_audit} == {ConsensusState.OPEN}


@pytest.mark.parametrize(
    ("settings", "field_name"),
    [
        ({"order": QueueOrder.UNCERTAINTY, "selection": {"auto_class": [1], "live": True}}, "order"),
        ({"retire_confidence": 0.9, "selection": {"auto_class": [1], "live": True}}, "retire_confidence"),
        ({"retire_confidence": 0.4}, "retire_confidence"),
        ({"retire_confidence": "high"}, "retire_confidence"),
        ({"audit_share": 1.5}, "audit_share"),
        ({"model_display": "sometimes"}, "model_display"),
        ({"retrain_after": 0}, "retrain_after"),
    ],
)
def test_bad_model_settings_name_their_field(field, curator, settings, field_name):
    with pytest.raises(InvalidInput) as error:
        campaign_create(user=curator, name="bad", **({"selection": {"group_ids": [5]}} | settings))
    assert error.value.field == field_name


def test_model_settings_are_frozen_once_started(field, curator):
    campaign = _started(curator, order=QueueOrder.UNCERTAINTY)
    with pytest.raises(Conflict) as error:
        campaign_update(campaign=campaign, user=curator, retire_confidence=0.9)
    assert error.value.field == "retire_confidence"


def test_the_api_and_the_builder_take_the_model_settings(field, curator):
    api = token_client(curator)
    settings = {
        "order": "uncertainty",
        "audit_share": 0.2,
        "model_display": "after",
        "retire_confidence": 0.95,
    }
    made = api.post(
        "/api/campaigns/", {"name": "via api", "selection": {"group_ids": [5]}, **settings}, format="json"
    )
    assert made.status_code == 201, made.content
    assert api.post(f"/api/campaigns/{made.json()['id']}/start/").status_code == 200
    shown = api.get(f"/api/campaigns/{made.json()['id']}/").json()
    assert {k: shown[k] for k in settings} == settings
    assert (shown["retrain_after"], shown["retired"]) == (None, 0)
    bad = api.post("/api/campaigns/", {"name": "bad", "retire_confidence": 0.2}, format="json")
    assert bad.status_code == 400
    assert "retire_confidence" in bad.json()

    builder = page_client(curator).post(
        "/campaigns/new/",
        {
            "name": "via builder",
            "group_ids": "5",
            "auto_class": ["1", "2"],
            "votes_needed": 1,
            "rule": "majority",
        }
        | {"rule_k": 2, "order": "artifact_first", "seed": 0, "audit_share": 0.3, "model_display": "before"}
        | {"retire_confidence": "", "retrain_after": 40, "blind": "on", "include_without_light_curve": "on"},
    )
    assert builder.status_code == 302
    stored = Campaign.objects.get(name="via builder")
    assert (stored.order, stored.audit_share, stored.model_display, stored.retrain_after) == (
        "artifact_first",
        0.3,
        "before",
        40,
    )
    assert stored.retire_confidence is None

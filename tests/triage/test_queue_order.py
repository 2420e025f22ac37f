"""Triage ranks the model-ordered campaigns from the active model's predictions and retires what it is
confident about (`queue_order`), and the beat check ranks a campaign started since the last refresh."""

import numpy as np
import pytest
from django.utils import timezone

from hcvvet.catalog.models import Candidate
from hcvvet.triage.models import ModelState, Prediction, TriageModel
from hcvvet.triage.ppi import sampling_weights
from hcvvet.triage.queue_order import campaigns_waiting_for_order, queue_orders_refresh
from hcvvet.triage.tasks import retrain_if_due
from hcvvet.vetting.campaigns import campaign_create, campaign_start, sampling_uniforms
from hcvvet.vetting.errors import InvalidInput
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import CampaignCandidate, QueueOrder
from hcvvet.vetting.queues import next_item
from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory

pytestmark = pytest.mark.django_db
N = 40


@pytest.fixture
def predicted(db):
    """N candidates in group 9, each predicted by the active model with a seeded P(artifact)."""
    rng = np.random.default_rng(5)
    group = GroupFactory(group_id=9)
    model = TriageModel.objects.create(state=ModelState.READY, is_active=True, feature_set_version="t")
    p_artifact = {}
    for i in range(N):
        star = CandidateFactory(group=group, max_mad=0.01 * (i + 1))
        FilterStatFactory(candidate=star, mad=0.01 * (i + 1), mean_mag=float(rng.uniform(19, 25)))
        p4 = float(rng.uniform(0, 1))
        p_artifact[star.pk] = p4
        Prediction.objects.create(
            candidate=star,
            model=model,
            p_high_confidence=(1 - p4) / 2,
            p_probable=(1 - p4) / 2,
            p_artifact=p4,
            created_at=timezone.now(),
        )
    return model, p_artifact


def _start(curator, experts=(), gold=0, **settings):
    selection = {"group_ids": [9], **({"gold_count": gold} if gold else {})}
    campaign = campaign_create(
        user=curator, name="ranked", experts=experts, selection=selection, seed=1, **settings
    )
    return campaign_start(campaign=campaign, user=curator)


def _ranked(campaign) -> list[int]:
    """The queue's MatchIDs outside the audit sample, in queue order."""
    items = CampaignCandidate.objects.filter(campaign=campaign, in_audit=False).order_by("position")
    return list(items.values_list("candidate_id", flat=True))


@pytest.mark.parametrize(
    ("order", "score"),
    [
        (QueueOrder.UNCERTAINTY, lambda p: p * (1 - p)),
        (QueueOrder.ARTIFACT_FIRST, lambda p: p),
    ],
)
def test_model_orders_rank_the_queue_by_the_active_models_predictions(predicted, curator, order, score):
    _, p_artifact = predicted
    campaign = _start(curator, order=order, audit_share=0.1)
    audit_before = list(
        CampaignCandidate.objects.filter(campaign=campaign, in_audit=True)
        .order_by("position")
        .values_list("candidate_id", "position")
    )
    assert campaigns_waiting_for_order()

    done = queue_orders_refresh()

    ranked = _ranked(campaign)
    assert ranked == sorted(ranked, key=lambda m: -score(p_artifact[m]))
    assert done[campaign.pk].ranked == N - len(audit_before) == 36
    assert (
        list(
            CampaignCandidate.objects.filter(campaign=campaign, in_audit=True)
            .order_by("position")
            .values_list("candidate_id", "position")
        )
        == audit_before
    )
    assert not campaigns_waiting_for_order()


def test_a_confident_model_retires_candidates_but_never_the_audit_sample(predicted, curator):
    _, p_artifact = predicted
    campaign = _start(curator, order=QueueOrder.ARTIFACT_FIRST, audit_share=0.25, retire_confidence=0.8)

    queue_orders_refresh()

    items = CampaignCandidate.objects.filter(campaign=campaign)
    audit = set(items.filter(in_audit=True).values_list("candidate_id", flat=True))
    confident = {m for m, p in p_artifact.items() if p >= 0.8}  # P(1) = P(2) <= 0.5: only artifacts qualify
    retired = set(items.filter(consensus="retired").values_list("candidate_id", flat=True))
    assert retired == confident - audit
    assert retired
    assert audit & confident  # the audit sample holds confident ones, and keeps them
    assert set(items.filter(consensus="retired").values_list("retired_class", flat=True)) == {4}


def test_no_active_model_changes_nothing(predicted, curator):
    model, _ = predicted
    TriageModel.objects.filter(pk=model.pk).update(is_active=False)
    campaign = _start(curator, order=QueueOrder.UNCERTAINTY)
    before = _ranked(campaign)
    assert queue_orders_refresh() == {}
    assert _ranked(campaign) == before


def test_the_beat_check_ranks_a_new_campaign_without_retraining(predicted, curator, settings):
    settings.HCVVET_TRIAGE_RETRAIN_EVERY = 0
    _, p_artifact = predicted
    campaign = _start(curator, order=QueueOrder.ARTIFACT_FIRST)

    assert retrain_if_due() is None

    ranked = _ranked(campaign)
    assert ranked == sorted(ranked, key=lambda m: -p_artifact[m])
    assert TriageModel.objects.count() == 1


def _queue(campaign) -> list[int]:
    """The queue's MatchIDs outside gold, in queue order."""
    items = CampaignCandidate.objects.filter(campaign=campaign, is_gold=False).order_by("position")
    return list(items.values_list("candidate_id", flat=True))


def test_the_sampled_order_ranks_every_item_by_its_weight_over_its_stable_uniform(predicted, curator):
    _, p_artifact = predicted
    Candidate.objects.filter(pk__in=sorted(p_artifact)[:5]).update(hcv_expert_class=1)
    campaign = _start(
        curator, experts=(curator,), gold=2, order=QueueOrder.UNCERTAINTY_SAMPLED, audit_share=0.2
    )
    match_ids = _queue(campaign)
    assert len(match_ids) == N - 2
    u = dict(zip(match_ids, sampling_uniforms(campaign, match_ids), strict=True))
    # no separate audit sample; until the model ranks, ascending u: a uniform random order
    assert not CampaignCandidate.objects.filter(campaign=campaign, in_audit=True).exists()
    assert match_ids == sorted(match_ids, key=u.__getitem__)
    first = next_item(expert=curator, campaign=campaign)
    label_submit(candidate=first.candidate, expert=curator, campaign=campaign, expert_class=4)
    assert campaigns_waiting_for_order()

    done = queue_orders_refresh()

    # the weights are the design's over the candidates outside gold
    w = dict(zip(match_ids, sampling_weights([p_artifact[m] for m in match_ids], 0.2), strict=True))
    assert done[campaign.pk].ranked == N - 2
    assert _queue(campaign) == sorted(match_ids, key=lambda m: -w[m] / u[m])
    # what the estimate needs comes back from the queue: w = priority x u
    priorities = dict(
        CampaignCandidate.objects.filter(campaign=campaign, is_gold=False).values_list(
            "candidate_id", "priority"
        )
    )
    assert [priorities[m] * u[m] for m in match_ids] == pytest.approx([w[m] for m in match_ids])
    # the expert is served the open item of highest w / u
    served = next_item(expert=curator, campaign=campaign)
    while served.is_gold:  # gold candidates keep their random places
        label_submit(candidate=served.candidate, expert=curator, campaign=campaign, expert_class=1)
        served = next_item(expert=curator, campaign=campaign)
    assert served.candidate_id == max(set(match_ids) - {first.candidate_id}, key=lambda m: w[m] / u[m])
    # ranking again by the same model moves nothing
    before = _queue(campaign)
    queue_orders_refresh()
    assert _queue(campaign) == before


def test_the_sampled_order_is_ranked_once_and_keeps_the_design_its_labels_were_drawn_with(predicted, curator):
    model, p_artifact = predicted
    campaign = _start(curator, experts=(curator,), order=QueueOrder.UNCERTAINTY_SAMPLED, audit_share=0.2)
    for _ in range(3):  # served in the starting (uniform) order, before any ranking
        served = next_item(expert=curator, campaign=campaign)
        label_submit(candidate=served.candidate, expert=curator, campaign=campaign, expert_class=1)

    queue_orders_refresh()

    campaign.refresh_from_db()
    assert (campaign.sampling_model, campaign.sampling_uniform_served) == (model.pk, 3)
    stored = dict(
        CampaignCandidate.objects.filter(campaign=campaign).values_list("candidate_id", "sampling_p_artifact")
    )
    assert stored == pytest.approx(p_artifact)
    ranked, priorities = _queue(campaign), _priorities(campaign)
    assert not campaigns_waiting_for_order()
    # a new model that sees it all the other way round (a retraining) ranks the campaign no more
    TriageModel.objects.filter(pk=model.pk).update(is_active=False)
    newer = TriageModel.objects.create(state=ModelState.READY, is_active=True, feature_set_version="t")
    for match_id, p4 in p_artifact.items():
        Prediction.objects.create(
            candidate_id=match_id,
            model=newer,
            p_high_confidence=p4 / 2,
            p_probable=p4 / 2,
            p_artifact=1 - p4,
            created_at=timezone.now(),
        )
    assert queue_orders_refresh()[campaign.pk].ranked == 0
    campaign.refresh_from_db()
    assert (campaign.sampling_model, _queue(campaign), _priorities(campaign)) == (
        model.pk,
        ranked,
        priorities,
    )
    assert not campaigns_waiting_for_order()


def _priorities(campaign) -> dict[int, float]:
    return dict(CampaignCandidate.objects.filter(campaign=campaign).values_list("candidate_id", "priority"))


@pytest.mark.parametrize(
    ("settings", "field"),
    [({"retire_confidence": 0.9}, "retire_confidence"), ({"audit_share": 0.0}, "audit_share")],
)
def test_the_sampled_order_keeps_every_candidate_a_chance(curator, settings, field):
    """Retiring, or an audit share of 0, would leave candidates no chance of a label."""
    with pytest.raises(InvalidInput) as refused:
        campaign_create(
            user=curator,
            name="s",
            selection={"group_ids": [9]},
            order=QueueOrder.UNCERTAINTY_SAMPLED,
            **settings,
        )
    assert refused.value.field == field


def _one_waiting_item(campaign) -> None:
    """Every item of `campaign` ranked but one, so that the one alone decides whether the campaign waits."""
    items = CampaignCandidate.objects.filter(campaign=campaign)
    waiting = items.filter(in_audit=False, is_gold=False).order_by("position").first()
    items.exclude(pk=waiting.pk).update(priority=1.0)


# Each way an item stops waiting for the beat's ranking, applied to the one unranked item of a started
# uncertainty-first campaign (or to its campaign, or to the model that predicted it).
NOT_WAITING = {
    "campaign closed": lambda c, m: type(c).objects.filter(pk=c.pk).update(state="closed"),
    "campaign back to draft": lambda c, m: type(c).objects.filter(pk=c.pk).update(state="draft"),
    "campaign ordered at random": lambda c, m: type(c).objects.filter(pk=c.pk).update(order="random"),
    "campaign ordered by MAD": lambda c, m: type(c).objects.filter(pk=c.pk).update(order="mad"),
    "item ranked": lambda c, m: c.items.update(priority=0.5),
    "item decided": lambda c, m: c.items.filter(priority__isnull=True).update(consensus="agreed"),
    "item disputed": lambda c, m: c.items.filter(priority__isnull=True).update(consensus="disputed"),
    "item gold": lambda c, m: c.items.filter(priority__isnull=True).update(is_gold=True),
    "item in the audit sample": lambda c, m: c.items.filter(priority__isnull=True).update(in_audit=True),
    "model no longer active": lambda c, m: TriageModel.objects.filter(pk=m.pk).update(is_active=False),
    "sampled campaign already ranked once": lambda c, m: type(c)
    .objects.filter(pk=c.pk)
    .update(order=QueueOrder.UNCERTAINTY_SAMPLED, sampling_model=m.pk),
}
STILL_WAITING = {
    "as started": lambda c, m: None,
    "artifact first": lambda c, m: type(c).objects.filter(pk=c.pk).update(order=QueueOrder.ARTIFACT_FIRST),
    "sampled, not ranked yet": lambda c, m: type(c)
    .objects.filter(pk=c.pk)
    .update(order=QueueOrder.UNCERTAINTY_SAMPLED),
}


@pytest.mark.parametrize(
    ("change", "waits"),
    [(name, False) for name in NOT_WAITING] + [(name, True) for name in STILL_WAITING],
)
def test_the_beat_check_waits_exactly_for_an_open_unranked_item_the_active_model_predicted(
    predicted, curator, change, waits
):
    model, _ = predicted
    campaign = _start(curator, order=QueueOrder.UNCERTAINTY)
    _one_waiting_item(campaign)
    assert campaigns_waiting_for_order()

    {**NOT_WAITING, **STILL_WAITING}[change](campaign, model)

    assert campaigns_waiting_for_order() is waits

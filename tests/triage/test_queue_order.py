"""Triage ranks the model-ordered campaigns from the active model's predictions and retires what it is
confident about (`queue_order`), and the beat check ranks a campaign started since the last refresh."""

import numpy as np
import pytest
from django.utils import timezone

from hcvvet.triage.models import ModelState, Prediction, TriageModel
from hcvvet.triage.queue_order import campaigns_waiting_for_order, queue_orders_refresh
from hcvvet.triage.tasks import retrain_if_due
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.models import CampaignCandidate, QueueOrder
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


def _start(curator, **settings):
    campaign = campaign_create(user=curator, name="ranked", selection={"group_ids": [9]}, seed=1, **settings)
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

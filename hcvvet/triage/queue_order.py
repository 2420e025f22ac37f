"""The model in the queue: ranks the active campaigns with a model-ranked order and retires what the model
is confident about, after each prediction refresh, through vetting's `campaign_reorder`.

Scores (the higher, the sooner served):
- uncertainty first: P(artifact) x (1 - P(artifact)), the variance of the artifact label under the model,
  largest where the model is least sure, which is where a label tells the catalogue estimate most;
- model says artifact, confirm: P(artifact);
- uncertainty first, sampled: w / u, w the candidate's inclusion weight (`ppi.sampling_weights`: mostly
  sqrt(P(artifact) (1 - P(artifact))), a uniform audit share mixed in) and u its stable uniform
  (`vetting.campaigns.sampling_uniforms`). Serving in descending w / u is sequential Poisson sampling: the
  first n served are a random sample with known inclusion probabilities (`ppi.inclusion_probabilities`),
  from which `ppi.sampled_prediction_powered_mean` estimates the catalogue without bias. The weights sum to 1
  over the campaign's predicted candidates outside gold, so w = priority x u recovers them from the queue.
  It is ranked once, by the first model (`campaign_reorder`), which keeps every label's probability.
Retirement: the model's class and its probability; vetting retires only what the campaign's rule allows.
"""

import numpy as np
from django.db.models import Q

from hcvvet.vetting.campaigns import Reordered, Retirement, campaign_reorder, sampling_uniforms
from hcvvet.vetting.models import (
    MODEL_ORDERS,
    Campaign,
    CampaignCandidate,
    CampaignState,
    ConsensusState,
    QueueOrder,
)

from .models import Prediction, TriageModel
from .ppi import sampling_weights

EXPERT_CLASSES = np.array([1, 2, 4])


def scores(campaign: Campaign, match_ids: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """Each row's score under `campaign`'s order from its MatchID and (P1, P2, P4) row."""
    p_artifact = probabilities[:, 2]
    if campaign.order == QueueOrder.UNCERTAINTY:
        return p_artifact * (1.0 - p_artifact)
    if campaign.order == QueueOrder.ARTIFACT_FIRST:
        return p_artifact.copy()
    if campaign.order == QueueOrder.UNCERTAINTY_SAMPLED:
        weights = sampling_weights(p_artifact, campaign.audit_share)
        return weights / sampling_uniforms(campaign, match_ids.tolist())
    raise ValueError(f"{campaign.order!r} is not a model-ranked order")


def campaigns_to_order() -> list[Campaign]:
    """Active campaigns the model ranks or retires in (frozen selections only: vetting checks it)."""
    return list(
        Campaign.objects.filter(state=CampaignState.ACTIVE)
        .filter(Q(order__in=MODEL_ORDERS) | Q(retire_confidence__isnull=False))
        .order_by("pk")
    )


def campaign_order_refresh(campaign: Campaign, model: TriageModel) -> Reordered:
    """Rank and retire `campaign`'s items by `model`'s predictions (one query to read them; gold candidates
    are neither ranked nor retired). A sampled campaign already ranked keeps its ranking
    (`campaign_reorder`)."""
    if campaign.order == QueueOrder.UNCERTAINTY_SAMPLED and campaign.sampling_model is not None:
        return Reordered(ranked=0, retired=0)
    items = CampaignCandidate.objects.filter(campaign=campaign, is_gold=False)
    rows = np.array(
        list(
            Prediction.objects.filter(model=model, candidate_id__in=items.values("candidate_id"))
            .order_by("candidate_id")
            .values_list("candidate_id", "p_high_confidence", "p_probable", "p_artifact")
        ),
        dtype=float,
    ).reshape(-1, 4)
    match_ids = rows[:, 0].astype(np.int64)
    probabilities = rows[:, 1:]
    priorities: dict[int, float] = {}
    if campaign.order in MODEL_ORDERS:
        priorities = dict(
            zip(match_ids.tolist(), scores(campaign, match_ids, probabilities).tolist(), strict=True)
        )
    retire: dict[int, Retirement] = {}
    if campaign.retire_confidence is not None and match_ids.size:
        best = np.argmax(probabilities, axis=1)
        confidence = probabilities[np.arange(best.size), best]
        confident = confidence >= campaign.retire_confidence
        retire = {
            int(m): Retirement(expert_class=int(EXPERT_CLASSES[b]), probability=float(p))
            for m, b, p in zip(match_ids[confident], best[confident], confidence[confident], strict=True)
        }
    return campaign_reorder(
        campaign=campaign,
        model_version=model.pk,
        priorities=priorities,
        retire=retire,
        p_artifact=dict(zip(match_ids.tolist(), probabilities[:, 2].tolist(), strict=True)),
    )


def queue_orders_refresh(model: TriageModel | None = None) -> dict[int, Reordered]:
    """Rank and retire in every campaign that asks for it by `model` (the active one by default); nothing
    without an active model. Returns what each campaign got, by campaign id."""
    model = model or TriageModel.objects.filter(is_active=True).first()
    if model is None or not model.is_active:
        return {}
    return {campaign.pk: campaign_order_refresh(campaign, model) for campaign in campaigns_to_order()}


def campaigns_waiting_for_order() -> bool:
    """Whether an active model-ranked campaign has open items the active model predicted but has not ranked
    (a campaign started since the last refresh; a sampled campaign counts only until its one ranking): the
    beat schedule then ranks them without waiting for a retraining."""
    return (
        CampaignCandidate.objects.filter(
            campaign__state=CampaignState.ACTIVE,
            campaign__order__in=MODEL_ORDERS,
            consensus=ConsensusState.OPEN,
            is_gold=False,
            in_audit=False,
            priority__isnull=True,
            candidate__triage_predictions__model__is_active=True,
        )
        .exclude(campaign__order=QueueOrder.UNCERTAINTY_SAMPLED, campaign__sampling_model__isnull=False)
        .exists()
    )

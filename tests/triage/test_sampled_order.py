"""The "uncertainty first, sampled" order as the queue computes it (`queue_order.scores` over the campaign's
stable uniforms): over many campaigns each candidate is among the first n served as often as its inclusion
probability says, and a campaign's ranking is reproducible, moved by a new model only through the weights."""

import numpy as np
import pytest

from hcvvet.triage.ppi import inclusion_probabilities, sampling_weights
from hcvvet.triage.queue_order import scores
from hcvvet.vetting.campaigns import sampling_uniforms
from hcvvet.vetting.models import Campaign, QueueOrder

ITEMS = 200
SERVED = 20
CAMPAIGNS = 3000
AUDIT_SHARE = 0.2


def _model(seed):
    """(P1, P2, P4) rows of a model that is sure of most candidates, unsure of some."""
    p_artifact = np.random.default_rng(seed).beta(0.4, 1.2, ITEMS)
    return np.column_stack(((1 - p_artifact) / 2, (1 - p_artifact) / 2, p_artifact))


def _campaign(pk, seed=0):
    return Campaign(pk=pk, seed=seed, order=QueueOrder.UNCERTAINTY_SAMPLED, audit_share=AUDIT_SHARE)


MATCH_IDS = np.arange(1000, 1000 + 7 * ITEMS, 7)


def test_candidates_are_served_first_as_often_as_their_inclusion_probability():
    probabilities = _model(1)
    pi = inclusion_probabilities(sampling_weights(probabilities[:, 2], AUDIT_SHARE), SERVED)
    served = np.zeros(ITEMS)
    for pk in range(1, CAMPAIGNS + 1):
        served[np.argsort(-scores(_campaign(pk), MATCH_IDS, probabilities))[:SERVED]] += 1
    frequency = served / CAMPAIGNS
    assert pi.max() > 5 * pi.min()  # a skewed design
    # by decile of pi (each decile's expected count is in the hundreds): within 5 % of what pi says
    deciles = np.array_split(np.argsort(pi), 10)
    assert [frequency[d].sum() for d in deciles] == pytest.approx([pi[d].sum() for d in deciles], rel=0.05)
    # and item by item, within four binomial standard errors and the fixed-size approximation
    assert (np.abs(frequency - pi) <= 4 * np.sqrt(pi * (1 - pi) / CAMPAIGNS) + 0.01).all()


def test_candidates_served_before_the_ranking_raise_the_small_probabilities_to_the_floor():
    """A campaign that served some candidates before a model ranked it (ascending u: its starting order)
    and the rest by w / u afterwards: each candidate is among the first n as often as
    `inclusion_probabilities(w, n, floor=served before / N)` says, and the floorless pi misses it."""
    probabilities = _model(1)
    weights = sampling_weights(probabilities[:, 2], AUDIT_SHARE)
    before = 8
    served = np.zeros(ITEMS)
    for pk in range(1, CAMPAIGNS + 1):
        first = np.argsort(sampling_uniforms(_campaign(pk), MATCH_IDS.tolist()))[:before]
        ranked = np.argsort(-scores(_campaign(pk), MATCH_IDS, probabilities))
        served[first] += 1
        served[ranked[~np.isin(ranked, first)][: SERVED - before]] += 1
    frequency = served / CAMPAIGNS
    pi = inclusion_probabilities(weights, SERVED, floor=before / ITEMS)
    assert pi.sum() == pytest.approx(SERVED)
    assert pi.min() == pytest.approx(before / ITEMS)
    assert (np.abs(frequency - pi) <= 4 * np.sqrt(pi * (1 - pi) / CAMPAIGNS) + 0.01).all()
    floorless = inclusion_probabilities(weights, SERVED)
    assert not (
        np.abs(frequency - floorless) <= 4 * np.sqrt(floorless * (1 - floorless) / CAMPAIGNS) + 0.01
    ).all()


def test_a_campaigns_uniforms_are_stable_uniform_and_its_own():
    u = sampling_uniforms(_campaign(3), MATCH_IDS)
    assert (u == sampling_uniforms(_campaign(3), MATCH_IDS)).all()
    assert not np.isin(u, sampling_uniforms(_campaign(4), MATCH_IDS)).any()
    assert not np.isin(u, sampling_uniforms(_campaign(3, seed=1), MATCH_IDS)).any()
    many = np.concatenate([sampling_uniforms(_campaign(pk), MATCH_IDS) for pk in range(50)])
    assert ((many > 0) & (many < 1)).all()
    assert np.histogram(many, bins=10, range=(0, 1))[0] == pytest.approx([many.size / 10] * 10, rel=0.1)


def test_a_new_model_moves_the_ranking_through_the_weights_only():
    """Re-ranking after a retraining keeps each candidate's uniform: w / priority is the same u."""
    campaign = _campaign(5)
    before, after = _model(1), _model(2)
    u_before = sampling_weights(before[:, 2], AUDIT_SHARE) / scores(campaign, MATCH_IDS, before)
    u_after = sampling_weights(after[:, 2], AUDIT_SHARE) / scores(campaign, MATCH_IDS, after)
    assert u_after == pytest.approx(u_before)
    assert u_before == pytest.approx(sampling_uniforms(campaign, MATCH_IDS))
    assert (scores(campaign, MATCH_IDS, before) == scores(_campaign(5), MATCH_IDS, before)).all()

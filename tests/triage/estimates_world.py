"""A mixed database for the catalogue estimates (`triage.estimates`), built through the services: 60
candidates in two AutoClasses and three instrument sets over a range of MAD, an active model's predictions
(a few candidates without one), and four campaigns over them, each with gold candidates, undecided, disputed
and skipped items:

- "Random sweep": random order, blind, two votes (majority): agreed items, a disputed one adjudicated, a
  disputed one left open, skips, votes on gold;
- "Uncertainty audit": uncertainty first with a 30 % audit share, ranked by the model, votes on audit and on
  ranked items (the latter are no random sample);
- "Sampled": uncertainty first, sampled, a few labels in its starting order, then ranked once by the model
  and labelled in queue order;
- "By MAD": highest MAD first (no estimate).

Experts label as a hidden truth says, of which the model is a calibrated but uncertain forecast.

`build_unpredicted_world` builds campaigns of candidates of their own that no model has predicted: a random
one with decided labels (labels-only estimates alone) and an unranked "uncertainty first, sampled" one.
"""

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from hcvvet.catalog.models import Candidate
from hcvvet.triage.models import TriageModel
from hcvvet.triage.queue_order import campaign_order_refresh
from hcvvet.vetting.adjudication import adjudicate
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, ConsensusState
from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory

from .predictions import active_model, predict

N_CANDIDATES = 60
INSTRUMENT_SETS = (("ACS_F814W",), ("WFC3_F160W", "WFC3_F555W"), ("ACS_F606W", "WFC3_F814W"))
WITHOUT_PREDICTION = 3  # the last candidates: no prediction of the model


@dataclass
class EstimatesWorld:
    candidates: list[Candidate]
    model: TriageModel
    p_artifact: dict[int, float]  # the model's, by MatchID
    truth: dict[int, int]  # the class experts give, by MatchID
    random: Campaign
    uncertainty: Campaign
    sampled: Campaign
    by_mad: Campaign


def _catalogue(rng: np.random.Generator) -> list[Candidate]:
    group = GroupFactory(group_id=70400, target_name="NGC 4000")
    candidates = []
    for i in range(N_CANDIDATES):
        mad = float(10 ** rng.uniform(np.log10(0.008), np.log10(1.5)))
        candidate = CandidateFactory(
            group=group,
            auto_class=2 if i % 3 == 0 else 1,
            hcv_expert_class=(1, 4)[i % 2] if i < 6 else 0,  # known classes for gold
            max_mad=None if i == 7 else mad,
        )
        for name in INSTRUMENT_SETS[i % len(INSTRUMENT_SETS)]:
            FilterStatFactory(candidate=candidate, filter=name, mad=mad)
        candidates.append(candidate)
    return candidates


def _vote(campaign: Campaign, candidate: Candidate, *votes) -> None:
    for expert, expert_class in votes:
        label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=expert_class)


def _queue(campaign: Campaign) -> list[CampaignCandidate]:
    """The campaign's non-gold items in queue order."""
    return list(campaign.items.filter(is_gold=False).select_related("candidate").order_by("position"))


def _start(curator, name: str, candidates, experts, **fields) -> Campaign:
    campaign = campaign_create(
        user=curator,
        name=name,
        experts=experts,
        selection={
            "match_ids": [c.match_id for c in candidates],
            "gold_match_ids": [candidates[0].match_id, candidates[1].match_id],
        },
        **fields,
    )
    return campaign_start(campaign=campaign, user=curator)


def _random_sweep(curator, expert, other_expert, candidates, truth) -> Campaign:
    campaign = _start(
        curator,
        "Random sweep",
        candidates,
        (expert, other_expert),
        order="random",
        votes_needed=2,
        blind=True,
    )
    queue = _queue(campaign)
    for item in queue[:14]:
        cls = truth[item.candidate_id]
        _vote(campaign, item.candidate, (expert, cls), (other_expert, cls))
    disputed = queue[14:16]
    for item in disputed:
        _vote(campaign, item.candidate, (expert, 1), (other_expert, 4))
    disputed[0].refresh_from_db()
    adjudicate(item=disputed[0], adjudicator=curator, decided_class=4)
    for item in queue[16:19]:
        label_skip(campaign=campaign, candidate=item.candidate, expert=expert)
    _vote(campaign, queue[19].candidate, (expert, 4))  # one vote of two: open
    for gold in campaign.items.filter(is_gold=True).select_related("candidate"):
        _vote(campaign, gold.candidate, (expert, 4), (other_expert, 4))
    return campaign


def _uncertainty(curator, expert, candidates, truth, model) -> Campaign:
    campaign = _start(
        curator, "Uncertainty audit", candidates, (expert,), order="uncertainty", audit_share=0.3, blind=False
    )
    campaign_order_refresh(campaign, model)
    queue = _queue(campaign)
    audit = [item for item in queue if item.in_audit]
    ranked = [item for item in queue if not item.in_audit]
    for item in audit[:12] + ranked[:15]:
        _vote(campaign, item.candidate, (expert, truth[item.candidate_id]))
    label_skip(campaign=campaign, candidate=audit[12].candidate, expert=expert)
    return campaign


def _sampled(curator, expert, candidates, truth, model) -> Campaign:
    campaign = _start(
        curator,
        "Sampled",
        candidates,
        (expert,),
        order="uncertainty_sampled",
        audit_share=0.2,
        blind=False,
    )
    for item in _queue(campaign)[:8]:  # served in the starting order, before the model ranked the queue
        _vote(campaign, item.candidate, (expert, truth[item.candidate_id]))
    campaign_order_refresh(campaign, model)
    open_items = [item for item in _queue(campaign) if item.consensus == ConsensusState.OPEN]
    for item in open_items[:13]:
        _vote(campaign, item.candidate, (expert, truth[item.candidate_id]))
    label_skip(campaign=campaign, candidate=open_items[13].candidate, expert=expert)
    campaign.refresh_from_db()
    return campaign


def build_estimates_world(curator, expert, other_expert, *, seed: int = 7) -> EstimatesWorld:
    rng = np.random.default_rng(seed)
    candidates = _catalogue(rng)
    model = active_model()
    p_artifact = {}
    for candidate in candidates[:-WITHOUT_PREDICTION]:
        p = float(rng.beta(0.4, 0.8))
        predict(candidate, model, ((1 - p) * 0.6, (1 - p) * 0.4, p))
        p_artifact[candidate.match_id] = p
    truth = {
        c.match_id: 4 if rng.uniform() < p_artifact.get(c.match_id, 0.3) else int(rng.choice([1, 2]))
        for c in candidates
    }
    by_mad = _start(curator, "By MAD", candidates, (expert,), order="mad", blind=False)
    _vote(by_mad, _queue(by_mad)[0].candidate, (expert, 4))
    return EstimatesWorld(
        candidates=candidates,
        model=model,
        p_artifact=p_artifact,
        truth=truth,
        random=_random_sweep(curator, expert, other_expert, candidates, truth),
        uncertainty=_uncertainty(curator, expert, candidates, truth, model),
        sampled=_sampled(curator, expert, candidates, truth, model),
        by_mad=by_mad,
    )


@dataclass
class UnpredictedWorld:
    """Candidates no model has predicted, with what a test needs to compute the estimates on its own: each
    candidate's largest MAD, AutoClass and instruments as built, and the class decided for each one."""

    candidates: list[Candidate]
    max_mad: dict[int, float | None]
    auto_class: dict[int, int]
    instruments: dict[int, str]  # "ACS", "WFC3" or "ACS+WFC3", by MatchID
    decided: dict[int, int]  # decided class of the random campaign's non-gold items, by MatchID
    gold: list[int]
    random: Campaign
    sampled: Campaign


def build_unpredicted_world(curator, expert, other_expert, *, seed: int = 11) -> UnpredictedWorld:
    """40 candidates of their own group, none predicted, in two campaigns started before any model: "Before
    any model", random order, two votes: 24 agreed items, one disputed and adjudicated, one disputed left
    open, one half-voted, skips and votes on gold; "Sampled, unranked", uncertainty first, sampled, with a few
    labels in its starting order and never ranked."""
    rng = np.random.default_rng(seed)
    group = GroupFactory(group_id=70500, target_name="NGC 4100")
    candidates, max_mad, auto_class, instruments = [], {}, {}, {}
    for i in range(40):
        mad = None if i == 5 else float(10 ** rng.uniform(np.log10(0.008), np.log10(1.5)))
        candidate = CandidateFactory(
            group=group, auto_class=2 if i % 4 == 0 else 1, hcv_expert_class=4 if i < 2 else 0, max_mad=mad
        )
        names = INSTRUMENT_SETS[i % len(INSTRUMENT_SETS)]
        for name in names:
            FilterStatFactory(candidate=candidate, filter=name, mad=mad or 0.01)
        candidates.append(candidate)
        max_mad[candidate.match_id] = mad
        auto_class[candidate.match_id] = candidate.auto_class
        instruments[candidate.match_id] = "+".join(sorted({name.split("_")[0] for name in names}))
    truth = {c.match_id: 4 if rng.uniform() < 0.35 else int(rng.choice([1, 2])) for c in candidates}

    random = _start(
        curator, "Before any model", candidates, (expert, other_expert), order="random", votes_needed=2
    )
    queue = _queue(random)
    decided = {}
    for item in queue[:24]:
        cls = truth[item.candidate_id]
        _vote(random, item.candidate, (expert, cls), (other_expert, cls))
        decided[item.candidate_id] = cls
    adjudicated, disputed = queue[24], queue[25]
    for item in (adjudicated, disputed):
        _vote(random, item.candidate, (expert, 1), (other_expert, 4))
    adjudicated.refresh_from_db()
    adjudicate(item=adjudicated, adjudicator=curator, decided_class=4)
    decided[adjudicated.candidate_id] = 4
    _vote(random, queue[26].candidate, (expert, 4))  # one vote of two: open
    for item in queue[27:30]:
        label_skip(campaign=random, candidate=item.candidate, expert=expert)
    gold = list(random.items.filter(is_gold=True).values_list("candidate_id", flat=True))
    for candidate in candidates:
        if candidate.match_id in gold:
            _vote(random, candidate, (expert, 4), (other_expert, 4))

    sampled = _start(
        curator, "Sampled, unranked", candidates, (expert,), order="uncertainty_sampled", audit_share=0.2
    )
    for item in _queue(sampled)[:6]:  # served in its starting order: no model has ranked it
        _vote(sampled, item.candidate, (expert, truth[item.candidate_id]))
    return UnpredictedWorld(
        candidates=candidates,
        max_mad=max_mad,
        auto_class=auto_class,
        instruments=instruments,
        decided=decided,
        gold=gold,
        random=random,
        sampled=sampled,
    )


# the artifact-fraction report's 29 MAD bins, written out
MAD_EDGES = 7.0e-3 * (2.0 / 7.0e-3) ** np.linspace(0.0, 1.0, 30)


def wilson_by_hand(k: int, n: int) -> tuple[float, float, float]:
    """k / n and its 95 % Wilson score interval, written out: centre (k + z^2 / 2) / (n + z^2), half-width
    z sqrt(k (n - k) / n + z^2 / 4) / (n + z^2)."""
    z = norm.ppf(0.975)
    centre = (k + z**2 / 2) / (n + z**2)
    half = z * np.sqrt(k * (n - k) / n + z**2 / 4) / (n + z**2)
    return k / n, centre - half, centre + half


def labels_only_by_hand(world: UnpredictedWorld) -> dict[tuple[str, str], tuple[int, int, int, tuple | None]]:
    """(group, key) -> (candidates, labels, artifacts, Wilson estimate or None without labels) of the random
    campaign's non-gold candidates, from what `build_unpredicted_world` built and decided."""
    population = [c.match_id for c in world.candidates if c.match_id not in world.gold]
    groups: dict[tuple[str, str], list[int]] = {("all", ""): population}
    for m in population:
        mad = world.max_mad[m]  # 0.008 to 1.5 mag when set: inside the bins, never on the last edge
        for b in range(MAD_EDGES.size - 1):
            if mad is not None and MAD_EDGES[b] <= mad < MAD_EDGES[b + 1]:
                groups.setdefault(("mad", str(b)), []).append(m)
        groups.setdefault(("auto_class", str(world.auto_class[m])), []).append(m)
        groups.setdefault(("instrument", world.instruments[m]), []).append(m)
    expected = {}
    for key, members in groups.items():
        labels = [world.decided[m] for m in members if m in world.decided]
        k = labels.count(4)
        expected[key] = (len(members), len(labels), k, wilson_by_hand(k, len(labels)) if labels else None)
    return expected

"""Campaign services: create, update, start (freeze the selection into ordered items, mix in gold), close."""

import copy
import hashlib
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from hcvvet.accounts.models import Role, User
from hcvvet.catalog.models import Candidate
from hcvvet.catalog.versioning import LABELS, data_version_bump

from .errors import Conflict, InvalidInput, NotAllowed
from .models import (
    AUDITED_ORDERS,
    MODEL_ORDERS,
    Campaign,
    CampaignCandidate,
    CampaignState,
    ConsensusRule,
    ConsensusState,
    EventKind,
    Label,
    LabelEvent,
    Lease,
    ModelDisplay,
    QueueOrder,
)
from .selection import Selection

EDITABLE_WHEN_ACTIVE = {"name", "description", "experts"}
SETTINGS = frozenset(Campaign.SETTINGS)
STRATA_PER_AXIS = 4
BATCH = 2000


def _require_curator(user: User) -> None:
    if not (user.is_authenticated and user.is_curator):
        raise NotAllowed("only curators manage campaigns")


def expert_accounts() -> QuerySet[User]:
    """The accounts that may be a campaign's experts: active ones that `User.is_expert` holds, that is with
    the expert or curator role (curators are experts too) or superusers. Others could never sign in to the
    review page."""
    with_role = User.objects.filter(groups__name__in=(Role.EXPERT, Role.CURATOR)).values("pk")
    return User.objects.filter(Q(is_superuser=True) | Q(pk__in=with_role), is_active=True)


def _experts(accounts: Sequence[User]) -> tuple[User, ...]:
    accounts = tuple(accounts)
    allowed = set(expert_accounts().filter(pk__in=[a.pk for a in accounts]).values_list("pk", flat=True))
    inactive = sorted(a.username for a in accounts if a.pk not in allowed and not a.is_active)
    refused = sorted(a.username for a in accounts if a.pk not in allowed and a.is_active)
    if refused:
        who = f"{refused[0]} has" if len(refused) == 1 else f"{', '.join(refused)} have"
        raise InvalidInput(
            f"{who} no expert role: only experts and curators can be a campaign's experts", field="experts"
        )
    if inactive:
        who = (
            f"{inactive[0]}'s account is"
            if len(inactive) == 1
            else f"the accounts of {', '.join(inactive)} are"
        )
        raise InvalidInput(
            f"{who} deactivated: a deactivated account cannot sign in to review", field="experts"
        )
    return accounts


def experts_short(campaign: Campaign) -> str | None:
    """Why no item of `campaign` can complete, when it has fewer experts than the votes each item needs (a
    warning for curators, not an error: experts may be added after the start); None otherwise."""
    if campaign.is_default or campaign.state == CampaignState.CLOSED:
        return None
    experts = campaign.experts.count()
    if experts >= campaign.votes_needed:
        return None
    have = "no experts" if experts == 0 else f"only {experts} expert{'' if experts == 1 else 's'}"
    return (
        f"Campaign {campaign.name!r} has {have} but needs {campaign.votes_needed} votes per candidate: no "
        f"candidate can reach a consensus until it has at least {campaign.votes_needed} experts."
    )


def _validate(fields: dict[str, Any]) -> dict[str, Any]:
    if "name" in fields and not str(fields["name"]).strip():
        raise InvalidInput("name must not be empty", field="name")
    if "selection" in fields:
        fields["selection"] = Selection.parse(fields["selection"]).to_json()
    if "rule" in fields and fields["rule"] not in ConsensusRule.values:
        raise InvalidInput(f"rule must be one of {ConsensusRule.values}", field="rule")
    if "order" in fields and fields["order"] not in QueueOrder.values:
        raise InvalidInput(f"order must be one of {QueueOrder.values}", field="order")
    for key in ("votes_needed", "rule_k"):
        if key in fields and (not isinstance(fields[key], int) or not 1 <= fields[key] <= 50):
            raise InvalidInput(f"{key} must be an integer from 1 to 50", field=key)
    if "model_display" in fields and fields["model_display"] not in ModelDisplay.values:
        raise InvalidInput(f"model_display must be one of {ModelDisplay.values}", field="model_display")
    if "audit_share" in fields and not (
        _is_number(fields["audit_share"]) and 0 <= fields["audit_share"] <= 1
    ):
        raise InvalidInput("audit_share must be a number from 0 to 1", field="audit_share")
    confidence = fields.get("retire_confidence")
    if confidence is not None and not (_is_number(confidence) and 0.5 < confidence <= 1):
        raise InvalidInput(
            "retire_confidence must be empty or a probability above 0.5 and at most 1",
            field="retire_confidence",
        )
    posterior = fields.get("rule_posterior")
    if posterior is not None and not (_is_number(posterior) and 0.5 < posterior < 1):
        raise InvalidInput(
            "rule_posterior must be empty or a probability above 0.5 and below 1", field="rule_posterior"
        )
    retrain_after = fields.get("retrain_after")
    if retrain_after is not None and (
        isinstance(retrain_after, bool) or not isinstance(retrain_after, int) or retrain_after < 1
    ):
        raise InvalidInput("retrain_after must be empty or a positive integer", field="retrain_after")
    return fields


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_rule(campaign: Campaign) -> None:
    if campaign.rule == ConsensusRule.FIRST_K and campaign.rule_k > campaign.votes_needed:
        raise InvalidInput(
            "rule_k cannot exceed votes_needed: K agreeing votes could never be collected", field="rule_k"
        )
    if campaign.rule == ConsensusRule.POSTERIOR and campaign.rule_posterior is None:
        raise InvalidInput(
            "the rule 'Dawid-Skene posterior above p' needs p (rule_posterior)", field="rule_posterior"
        )
    if (
        campaign.rule == ConsensusRule.POSTERIOR
        and campaign.votes_needed < 2
        and campaign.state == CampaignState.DRAFT
    ):
        # an item's own votes then come from two experts, which the fit needs (vetting.posterior); a campaign
        # started otherwise (saved by hand) can no longer change either, and still gets its name or experts
        raise InvalidInput(
            "the rule 'Dawid-Skene posterior above p' needs votes_needed of 2 or more: the model needs at "
            "least two experts who voted on the same candidates",
            field="votes_needed",
        )
    if Selection.of(campaign).is_live:
        # A live selection has no frozen items to rank, audit or retire.
        if campaign.order in MODEL_ORDERS:
            raise InvalidInput("a model-ranked order needs a frozen selection, not a live one", field="order")
        if campaign.retire_confidence is not None:
            raise InvalidInput(
                "retiring by the model needs a frozen selection, not a live one", field="retire_confidence"
            )
    if campaign.order == QueueOrder.UNCERTAINTY_SAMPLED:
        # The sampled order's catalogue estimate needs every candidate's chance of a label to stay positive.
        if campaign.retire_confidence is not None:
            raise InvalidInput(
                "the sampled order retires nothing: a retired candidate could never be labelled, and the "
                "catalogue estimate would lose its unbiasedness",
                field="retire_confidence",
            )
        if campaign.audit_share <= 0:
            raise InvalidInput(
                "the sampled order needs an audit share above 0: it keeps every candidate's chance of a "
                "label positive",
                field="audit_share",
            )


def _check_frozen(campaign: Campaign, fields: dict[str, Any]) -> None:
    frozen = sorted(set(fields) - EDITABLE_WHEN_ACTIVE)
    if campaign.state != CampaignState.DRAFT and frozen:
        raise Conflict(f"{', '.join(frozen)} cannot change after the campaign started", field=frozen[0])


def campaign_validate(*, campaign: Campaign | None = None, **fields: Any) -> dict[str, Any]:
    """Check the settings of a new campaign (`campaign` None) or the changes to `campaign` as campaign_create
    and campaign_update do, without writing, so that a form shows the error on its field with the input kept.

    Returns the fields as the services store them; raises InvalidInput or Conflict naming the field. The
    services call it too, and repeat the state check under the campaign's row lock (it may have started
    since).
    """
    unknown = set(fields) - SETTINGS
    if unknown:
        raise InvalidInput(f"unknown campaign fields: {sorted(unknown)}", field=sorted(unknown)[0])
    fields = _validate(fields)
    if "experts" in fields:
        fields["experts"] = _experts(fields["experts"])
    if "name" in fields:
        others = Campaign.objects.filter(name=fields["name"])
        if campaign is not None:
            others = others.exclude(pk=campaign.pk)
        if others.exists():
            raise InvalidInput(f"a campaign named {fields['name']!r} exists already", field="name")
    if campaign is None:
        changed = Campaign(**{key: value for key, value in fields.items() if key != "experts"})
    else:
        _check_frozen(campaign, fields)
        changed = copy.copy(campaign)
        for key, value in fields.items():
            if key != "experts":
                setattr(changed, key, value)
    _check_rule(changed)
    return fields


def _event(campaign: Campaign, user: User, before: dict | None, after: dict) -> None:
    LabelEvent.objects.create(
        kind=EventKind.CAMPAIGN, actor=user, campaign=campaign, before=before, after=after
    )


def _settings_of(campaign: Campaign) -> dict[str, Any]:
    return {
        "name": campaign.name,
        "state": campaign.state,
        "selection": Selection.of(campaign).to_json(),
        "votes_needed": campaign.votes_needed,
        "blind": campaign.blind,
        "rule": campaign.rule,
        "rule_k": campaign.rule_k,
        "rule_posterior": campaign.rule_posterior,
        "order": campaign.order,
        "audit_share": campaign.audit_share,
        "model_display": campaign.model_display,
        "retire_confidence": campaign.retire_confidence,
        "retrain_after": campaign.retrain_after,
        "experts": sorted(campaign.experts.values_list("username", flat=True)),
    }


def campaign_create(*, user: User, name: str, experts: tuple[User, ...] = (), **fields: Any) -> Campaign:
    """A draft campaign.

    `experts` are among `expert_accounts()`; `fields` are any of description, selection, votes_needed, blind,
    rule, rule_k, rule_posterior, order, seed, audit_share, model_display, retire_confidence, retrain_after.
    """
    _require_curator(user)
    fields = campaign_validate(name=name, experts=experts, **fields)
    experts = fields.pop("experts")
    campaign = Campaign(created_by=user, **fields)
    with transaction.atomic():
        campaign.save()
        campaign.experts.set(experts)
        _event(campaign, user, None, _settings_of(campaign))
        data_version_bump(LABELS)
    return campaign


def campaign_update(*, campaign: Campaign, user: User, **fields: Any) -> Campaign:
    """Change a campaign's settings; once started only its name, description and experts change. The experts
    given (all of them, as they will be) are among `expert_accounts()`."""
    _require_curator(user)
    fields = campaign_validate(campaign=campaign, **fields)
    experts = fields.pop("experts", None)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _check_frozen(campaign, fields)
        before = _settings_of(campaign)
        for key, value in fields.items():
            setattr(campaign, key, value)
        _check_rule(campaign)
        if fields:
            campaign.save(update_fields=list(fields))
        if experts is not None:
            campaign.experts.set(experts)
        _event(campaign, user, before, _settings_of(campaign))
        data_version_bump(LABELS)
    return campaign


def campaign_start(*, campaign: Campaign, user: User) -> Campaign:
    """Freeze the selection into ordered CampaignCandidate rows (gold mixed in) and open the queues.

    A live selection is not frozen: its candidates join the queue as they are ingested.
    """
    _require_curator(user)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != CampaignState.DRAFT:
            raise Conflict(f"campaign {campaign.name!r} is {campaign.state}, not a draft", field="state")
        before = _settings_of(campaign)
        if not Selection.of(campaign).is_live:
            _freeze(campaign)
        campaign.state = CampaignState.ACTIVE
        campaign.started_at = timezone.now()
        campaign.save(update_fields=["state", "started_at"])
        _event(campaign, user, before, _settings_of(campaign) | {"items": campaign.items.count()})
        data_version_bump(LABELS)
    return campaign


def campaign_close(*, campaign: Campaign, user: User) -> Campaign:
    """Close the queues; labels and consensus stay, and blind labels become visible to viewers.

    Idempotent: closing a closed campaign changes nothing and writes no event.
    """
    _require_curator(user)
    if campaign.is_default:
        raise Conflict("the default campaign stays open", field="state")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.state == CampaignState.CLOSED:
            campaign.state = locked.state
            return campaign
        before = _settings_of(locked)
        locked.state = CampaignState.CLOSED
        locked.save(update_fields=["state"])
        _event(locked, user, before, _settings_of(locked))
        data_version_bump(LABELS)
    campaign.state = CampaignState.CLOSED
    return campaign


def _freeze(campaign: Campaign) -> None:
    selection = Selection.of(campaign)
    rows = list(
        selection.candidates()
        .annotate(mag=Min("filter_stats__mean_corr_mag"))
        .order_by("match_id")
        .values_list("match_id", "max_mad", "mag")
    )
    if not rows:
        raise InvalidInput("the selection picks no candidate", field="selection")
    rng = np.random.default_rng(campaign.seed)
    ordered, strata = _order(campaign, rows, rng)
    gold = _gold(selection, among=ordered, rng=rng)
    ordered = [match_id for match_id in ordered if match_id not in gold]
    audit: set[int] = set()
    if campaign.order in AUDITED_ORDERS:
        # The stratified order holds every stratum in proportion in each of its prefixes: its first
        # round(share * n) candidates are a random sample within strata of MAD and magnitude.
        audit = set(ordered[: audit_size(campaign.audit_share, len(ordered))])
        ordered = _interleave(
            [m for m in ordered if m in audit], [m for m in ordered if m not in audit], campaign.audit_share
        )
    # Gold candidates are selected candidates, at random places: experts cannot tell them from the others.
    slots = (
        sorted(rng.choice(len(ordered) + len(gold), size=len(gold), replace=False).tolist()) if gold else []
    )
    items: list[CampaignCandidate] = []
    queue = iter(ordered)
    gold_iter = iter(gold.items())
    for position in range(len(ordered) + len(gold)):
        if slots and position == slots[0]:
            slots.pop(0)
            match_id, gold_class = next(gold_iter)
            items.append(
                CampaignCandidate(
                    campaign=campaign,
                    candidate_id=match_id,
                    position=position,
                    is_gold=True,
                    gold_class=gold_class,
                )
            )
        else:
            match_id = next(queue)
            items.append(
                CampaignCandidate(
                    campaign=campaign,
                    candidate_id=match_id,
                    position=position,
                    stratum=strata.get(match_id, ""),
                    in_audit=match_id in audit,
                )
            )
    CampaignCandidate.objects.bulk_create(items, batch_size=BATCH)


def _order(
    campaign: Campaign, rows: list[tuple], rng: np.random.Generator
) -> tuple[list[int], dict[int, str]]:
    """MatchIDs in queue order, and each one's stratum for the stratified order."""
    order = campaign.order
    ids = [r[0] for r in rows]
    if order == QueueOrder.RANDOM:
        return [ids[i] for i in rng.permutation(len(ids))], {}
    if order == QueueOrder.UNCERTAINTY_SAMPLED:
        # until the model ranks them, every candidate weighs the same: ascending u is a uniform random order
        return [ids[i] for i in np.argsort(sampling_uniforms(campaign, ids), kind="stable")], {}
    if order in (QueueOrder.STRATIFIED, *AUDITED_ORDERS):
        return _stratified(rows, rng)
    by_mad = sorted(rows, key=lambda r: (r[1] is None, -(r[1] or 0.0), r[0]))
    if order == QueueOrder.DISAGREEMENT:
        score = _disagreement(ids)
        by_mad.sort(key=lambda r: -score.get(r[0], 0))  # stable: MAD order within equal disagreement
    return [r[0] for r in by_mad], {}


def _quantile_bin(values: np.ndarray) -> np.ndarray:
    """Bin index 0..STRATA_PER_AXIS-1 by quantile; missing values get their own bin."""
    finite = np.isfinite(values)
    bins = np.full(values.shape, STRATA_PER_AXIS, dtype=int)
    if finite.any():
        edges = np.quantile(values[finite], np.linspace(0, 1, STRATA_PER_AXIS + 1)[1:-1])
        bins[finite] = np.searchsorted(edges, values[finite], side="right")
    return bins


def _stratified(rows: list[tuple], rng: np.random.Generator) -> tuple[list[int], dict[int, str]]:
    """Random order within MAD x magnitude quantile bins, interleaved so that every prefix of the queue holds
    each stratum in proportion to its size (the queue position of the k-th of n in a stratum is near
    (k + u) / n).
    """
    mad = np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=float)
    mag = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float)
    mad_bin, mag_bin = _quantile_bin(mad), _quantile_bin(mag)
    members: dict[str, list[int]] = defaultdict(list)
    strata: dict[int, str] = {}
    for row, i, j in zip(rows, mad_bin, mag_bin, strict=True):
        name = f"mad{i}-mag{j}"
        members[name].append(row[0])
        strata[row[0]] = name
    keyed = []
    for name in sorted(members):
        ids = [members[name][i] for i in rng.permutation(len(members[name]))]
        keyed += [((k + rng.uniform()) / len(ids), match_id) for k, match_id in enumerate(ids)]
    return [match_id for _, match_id in sorted(keyed)], strata


def _disagreement(match_ids: list[int]) -> dict[int, int]:
    """How much is disputed about each candidate: distinct classes experts gave it so far, plus one when
    hcvvet's outcome differs from the catalogue's ExpertClass."""
    score: dict[int, int] = defaultdict(int)
    for match_id, distinct in (
        Label.objects.filter(candidate_id__in=match_ids, expert_class__isnull=False)
        .values("candidate_id")
        .annotate(n=Count("expert_class", distinct=True))
        .values_list("candidate_id", "n")
    ):
        score[match_id] += distinct - 1
    for match_id in (
        Candidate.objects.filter(Q(pk__in=match_ids), ~Q(hcv_expert_class=0), Q(expert_class__isnull=False))
        .exclude(expert_class=F("hcv_expert_class"))
        .values_list("pk", flat=True)
    ):
        score[match_id] += 1
    return score


def _gold(selection: Selection, *, among: list[int], rng: np.random.Generator) -> dict[int, int]:
    """Gold MatchID -> known class: a curator's decision (expert_class), else the catalogue's ExpertClass.

    Gold candidates are taken from the selection's candidates (`among`), named or drawn: one from elsewhere
    (another field, another class of object) would stand out from the queue around it.
    """
    known = Candidate.objects.filter(Q(expert_class__isnull=False) | Q(hcv_expert_class__in=[1, 2, 4]))
    gold: dict[int, int] = {}
    named = selection.gold_match_ids or ()
    outside = sorted(set(named) - set(among))
    if outside:
        raise InvalidInput(
            f"gold candidates must be among the selected candidates, so that experts cannot tell them "
            f"apart; not selected: {outside[:10]}",
            field="gold_match_ids",
        )
    for match_id, expert_class, hcv_class in known.filter(pk__in=named).values_list(
        "pk", "expert_class", "hcv_expert_class"
    ):
        gold[match_id] = expert_class or hcv_class
    missing = sorted(set(named) - set(gold))
    if missing:
        raise InvalidInput(f"gold candidates without a known class: {missing[:10]}", field="gold_match_ids")
    count = selection.gold_count or 0
    if count:
        pool = list(
            known.filter(pk__in=among)
            .exclude(pk__in=list(gold))
            .order_by("pk")
            .values_list("pk", "expert_class", "hcv_expert_class")
        )
        if len(pool) < count:
            raise InvalidInput(
                f"only {len(pool)} selected candidates have a known class for gold", field="gold_count"
            )
        for i in sorted(rng.choice(len(pool), size=count, replace=False).tolist()):
            match_id, expert_class, hcv_class = pool[i]
            gold[match_id] = expert_class or hcv_class
    return gold


# --- Model-ranked orders ------------------------------------------------------------------------------------


def audit_size(share: float, n: int) -> int:
    """How many of `n` (non-gold) candidates form the audit sample: round(share * n), at least one when the
    share is positive and there are candidates."""
    if share <= 0 or n == 0:
        return 0
    return min(n, max(1, round(share * n)))


def sampling_uniforms(campaign: Campaign, match_ids: Sequence[int]) -> np.ndarray:
    """A uniform in (0, 1) for each candidate of the "uncertainty first, sampled" order, stable for a
    campaign (its id and seed) and candidate: the queue serves in descending w / u (sequential Poisson
    sampling, `triage.ppi.inclusion_probabilities`), and the same u through every re-ranking makes each
    ranking reproducible and a retraining move only what the new weights move. Hashed, not drawn, so that
    nothing needs storing: w = priority x u."""
    key = f"{campaign.pk}:{campaign.seed}:"
    return np.array(
        [
            (int.from_bytes(hashlib.blake2b(f"{key}{m}".encode(), digest_size=8).digest(), "big") + 0.5)
            / 2.0**64
            for m in match_ids
        ]
    )


def _interleave(audit: list[int], ranked: list[int], share: float) -> list[int]:
    """`audit` spread evenly through `ranked`, so that every prefix of the queue holds about `share` audit
    candidates (the first one first): the audit sample is labelled at the pace of the rest."""
    merged: list[int] = []
    a = r = 0
    while a < len(audit) or r < len(ranked):
        if a < len(audit) and (r >= len(ranked) or a < share * (len(merged) + 1)):
            merged.append(audit[a])
            a += 1
        else:
            merged.append(ranked[r])
            r += 1
    return merged


@dataclass(frozen=True)
class Retirement:
    """The model's verdict on an item it is confident about: its class and that class's probability."""

    expert_class: int
    probability: float


@dataclass(frozen=True)
class Reordered:
    ranked: int
    retired: int


def campaign_reorder(
    *,
    campaign: Campaign,
    model_version: int,
    priorities: Mapping[int, float],
    retire: Mapping[int, Retirement] = {},
    p_artifact: Mapping[int, float] = {},
) -> Reordered:
    """Rank a model-ordered campaign's queue by `priorities` (MatchID -> score, highest first) and retire
    the items the model is confident about, as the triage model computed them (`triage/queue_order.py`).

    The audit sample keeps its random stratified order, spread evenly through the queue (the sampled order
    has none: every item is ranked, by its w / u); gold candidates keep their random places; items without
    a score follow the ranked ones in their earlier order. Only an open item without votes, live leases,
    gold or audit status is retired, and for good: it leaves every queue and never gets an expert class or a
    consensus. A campaign that is not active and model-ranked (or retiring) is left alone.

    The sampled order is ranked once: the first ranking stores the model version (`sampling_model`), how
    many candidates its starting order had served (`sampling_uniform_served`: those with a label) and each
    item's P(artifact) (`p_artifact`, MatchID -> probability) beside its w / u, and later rankings leave it
    as it is. Its catalogue estimate weighs every label by the probability it was drawn with,
    which a re-ranking by a model trained on those labels would change after the fact.
    """
    ranked_order = campaign.order in MODEL_ORDERS
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != CampaignState.ACTIVE or Selection.of(campaign).is_live:
            return Reordered(ranked=0, retired=0)
        sampled = campaign.order == QueueOrder.UNCERTAINTY_SAMPLED
        if sampled and campaign.sampling_model is not None:
            return Reordered(ranked=0, retired=0)
        retired = _retire(campaign, model_version, retire) if campaign.retire_confidence is not None else 0
        if not ranked_order:
            if retired:
                data_version_bump(LABELS)
            return Reordered(ranked=0, retired=retired)
        items = list(campaign.items.order_by("position", "pk"))
        slots = [item.position for item in items if not item.is_gold]
        rest = [item for item in items if not item.is_gold]
        for item in rest:
            item.priority = priorities.get(item.candidate_id)
            if sampled:
                item.sampling_p_artifact = p_artifact.get(item.candidate_id)
        audit = [item for item in rest if item.in_audit]
        scored = sorted(
            (item for item in rest if not item.in_audit and item.priority is not None),
            key=lambda item: (-(item.priority or 0.0), item.candidate_id),
        )
        unscored = [item for item in rest if not item.in_audit and item.priority is None]
        by_id = {item.candidate_id: item for item in rest}
        merged = _interleave(
            [item.candidate_id for item in audit],
            [item.candidate_id for item in (*scored, *unscored)],
            campaign.audit_share,
        )
        for position, match_id in zip(slots, merged, strict=True):
            by_id[match_id].position = position
        CampaignCandidate.objects.bulk_update(
            rest, ["position", "priority", "sampling_p_artifact"], batch_size=BATCH
        )
        if sampled and scored:
            campaign.sampling_model = model_version
            campaign.sampling_uniform_served = (
                Label.objects.filter(campaign=campaign, candidate_id__in=by_id)
                .values("candidate_id")
                .distinct()
                .count()
            )
            campaign.save(update_fields=["sampling_model", "sampling_uniform_served"])
        data_version_bump(LABELS)
    return Reordered(ranked=len(scored), retired=retired)


def _retire(campaign: Campaign, model_version: int, retire: Mapping[int, Retirement]) -> int:
    """Retire the items of `retire` the campaign's rule allows (see `campaign_reorder`). Caller holds the
    campaign's row lock."""
    threshold = campaign.retire_confidence
    if threshold is None:
        return 0
    wanted = [m for m, verdict in retire.items() if verdict.probability >= threshold]
    if not wanted:
        return 0
    now = timezone.now()
    leased = Lease.objects.filter(item__campaign=campaign, expires_at__gt=now).values("item")
    items = list(
        CampaignCandidate.objects.select_for_update()
        .filter(
            campaign=campaign,
            candidate_id__in=wanted,
            consensus=ConsensusState.OPEN,
            vote_count=0,
            is_gold=False,
            in_audit=False,
        )
        .exclude(pk__in=leased)
        .exclude(Exists(Label.objects.filter(campaign=campaign, candidate=OuterRef("candidate_id"))))
    )
    for item in items:
        verdict = retire[item.candidate_id]
        item.consensus = ConsensusState.RETIRED
        item.retired_at = now
        item.retired_model = model_version
        item.retired_class = verdict.expert_class
        item.retired_probability = verdict.probability
    CampaignCandidate.objects.bulk_update(
        items,
        ["consensus", "retired_at", "retired_model", "retired_class", "retired_probability"],
        batch_size=BATCH,
    )
    return len(items)

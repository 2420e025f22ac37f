"""The consensus rule "Dawid-Skene posterior above p" (p: `Campaign.rule_posterior`).

Once an item has `votes_needed` votes, the Dawid-Skene model (`dawid_skene`) is fitted over every vote of its
campaign, the campaign's gold items fixed to their known class; the item is AGREED with the class whose
posterior reaches p (p > 0.5: at most one can), DISPUTED if none does. Before that it is OPEN.

When decisions are made: an item is decided when its own votes are in, and decided again whenever one of its
own votes changes (a change, a skip, an undo) with the confusion matrices of that moment. Votes on other items
later change the confusion matrices, but they do not reopen or redecide items already decided: an AGREED or
DISPUTED item keeps the class it was given from the votes and matrices of its last decision. The agreement
report shows the posteriors of the current fit (how many candidates it would class differently).

Cost: one query for the campaign's votes, one for its gold items, and one fit, only on the save that completes
an item's votes (or changes a vote of a complete item); the other saves pay nothing. Measured on the 2-core
development machine under load: the fit takes about 15 ms over 3,000 votes and 95 to 140 ms over 30,000
(query included, a completing label save then takes 85 to 140 ms): well within the label-save goal (p95 under
100 ms) for campaigns of a few thousand votes, at its edge for 30,000.
"""

from __future__ import annotations

import numpy as np

from hcvvet.catalog.classes import LABEL_CODES

from .dawid_skene import dawid_skene
from .models import Campaign, CampaignCandidate, ConsensusState, Label

# the fit stops when no posterior moves by more than this: far finer than any p a campaign chooses
TOLERANCE = 1e-4


def decide_posterior(posterior: dict[int, float], p: float) -> tuple[str, int | None]:
    """(AGREED, the class) if one class's posterior reaches `p`, else (DISPUTED, None)."""
    best = max(posterior, key=lambda code: posterior[code])
    if posterior[best] >= p:
        return ConsensusState.AGREED, best
    return ConsensusState.DISPUTED, None


def item_posterior(campaign: Campaign, candidate_id: int) -> dict[int, float]:
    """Class -> posterior probability of one candidate of `campaign`, from the Dawid-Skene fit over all the
    campaign's votes with its gold items fixed. Two queries."""
    votes = np.array(
        Label.objects.filter(campaign=campaign, expert_class__isnull=False).values_list(
            "candidate_id", "expert_id", "expert_class"
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    gold_items = CampaignCandidate.objects.filter(campaign=campaign, is_gold=True, gold_class__isnull=False)
    gold = np.array(gold_items.values_list("candidate_id", "gold_class"), dtype=np.int64).reshape(-1, 2)
    # only voted gold anchors the confusion matrices (unvoted gold would only move the class prior), as in
    # the agreement report's and the labelled export's fit (`reports.statistics.skill`)
    gold = gold[np.isin(gold[:, 0], votes[:, 0])]
    result = dawid_skene(
        subjects=votes[:, 0],
        raters=votes[:, 1],
        votes=votes[:, 2],
        classes=LABEL_CODES,
        gold_subjects=gold[:, 0],
        gold_classes=gold[:, 1],
        tolerance=TOLERANCE,
    )
    # the item has votes (the caller decides only items whose votes are in): it is one of the subjects
    row = int(np.searchsorted(result.subjects, candidate_id))
    return {int(code): float(p) for code, p in zip(result.classes, result.posterior[row], strict=True)}

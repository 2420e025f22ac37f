"""The consensus rule "Dawid-Skene posterior above p" (p: `Campaign.rule_posterior`), and the campaign's fit.

Once an item has `votes_needed` votes, the Dawid-Skene model is fitted over every vote of its campaign, the
campaign's voted gold items fixed to their known class (`campaign_fit`, through `dawid_skene.fit_votes`); the
item is AGREED with the class whose posterior reaches p (p > 0.5: at most one can), DISPUTED if none does.
Before that it is OPEN. `campaign_fit` is the one campaign fit: the labelled export's PosteriorClass and
PosteriorProb are read from it, and the agreement report fits its selection through `fit_votes` too.

The fit needs two experts who voted on a same candidate (`fit_votes` makes none otherwise: one expert's votes
do not identify the model). The campaign service therefore refuses the rule with `votes_needed` below 2: an
item's own votes then come from two experts. An item of a campaign saved otherwise (in the database, by hand)
whose campaign's votes make no fit is DISPUTED, for a curator to decide: the model cannot tell.

When decisions are made: an item is decided when its own votes are in, and decided again whenever one of its
own votes changes (a change, a skip, an undo) with the confusion matrices of that moment. Votes on other items
later change the confusion matrices, but they do not reopen or redecide items already decided: an AGREED or
DISPUTED item keeps the class it was given from the votes and matrices of its last decision. The agreement
report shows the posteriors of the current fit (how many candidates it would class differently).

Cost: two queries (the campaign's votes, its gold items) and one fit, only on the save that completes an
item's votes (or changes a vote of a complete item); the other saves pay nothing. Measured on the 2-core
development machine shared with other jobs (load average 4 to 7), medians of 25 saves: the fit with its
queries takes 10 to 15 ms over 3,000 votes and 60 to 115 ms over 30,000 (the fit itself about 20 ms of it,
the votes' query most of the rest), and a label save that completes an item 20 to 45 ms and 90 to 135 ms:
well within the label-save goal (p95 under 100 ms) for campaigns of a few thousand votes, at its edge for
30,000.
"""

from __future__ import annotations

from itertools import chain

import numpy as np

from .dawid_skene import VotesFit, fit_votes
from .models import Campaign, CampaignCandidate, ConsensusState, Label


def campaign_fit(campaign: Campaign) -> VotesFit | None:
    """The fit over every vote of `campaign` (subjects: MatchIDs, raters: expert ids), its voted gold items
    fixed to their known class; None unless two experts voted on a same candidate (`fit_votes`), as without
    a vote. Two queries (one without a vote): the votes, the gold items."""
    # unordered: the model's default order (latest first) would sort every vote for nothing
    rows = (
        Label.objects.filter(campaign=campaign, expert_class__isnull=False)
        .order_by()
        .values_list("candidate_id", "expert_id", "expert_class")
    )
    # straight from the rows into one flat array: numpy's conversion of a list of tuples takes twice as long
    votes = np.fromiter(chain.from_iterable(rows), dtype=np.int64).reshape(-1, 3)
    if votes.size == 0:
        return None
    gold_items = CampaignCandidate.objects.filter(campaign=campaign, is_gold=True, gold_class__isnull=False)
    gold = {
        match_id: known
        for match_id, known in gold_items.values_list("candidate_id", "gold_class")
        if known is not None  # always, by the filter: the narrowing the type checker needs
    }
    return fit_votes(votes[:, 0], votes[:, 1], votes[:, 2], gold)


def decide_posterior(posterior: dict[int, float] | None, p: float) -> tuple[str, int | None]:
    """(AGREED, the class) if one class's posterior reaches `p`, else (DISPUTED, None); DISPUTED too without
    a posterior (`posterior` None: no fit)."""
    if posterior is None:
        return ConsensusState.DISPUTED, None
    best = max(posterior, key=lambda code: posterior[code])
    if posterior[best] >= p:
        return ConsensusState.AGREED, best
    return ConsensusState.DISPUTED, None


def item_posterior(campaign: Campaign, candidate_id: int) -> dict[int, float] | None:
    """Class -> posterior probability of one candidate of `campaign`, from the campaign's fit
    (`campaign_fit`); None when the campaign's votes make no fit. Precondition: the candidate has a vote in
    the campaign (the caller decides only items whose votes are in). Two queries."""
    fit = campaign_fit(campaign)
    return None if fit is None else fit.posterior(candidate_id)

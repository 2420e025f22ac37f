"""The labelled candidate table (one row per object and filter, consensus and every vote): export, and an
import that reads such a file back into a campaign through the vetting service (or only compares it)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from astropy.table import Table
from django.db import transaction

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.errors import NotAllowed, VettingError
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState, Label
from hcvvet.vetting.queues import is_campaign_expert, is_live

from . import exports, selectors
from .selectors import ReportFilters
from .services import ReportError, campaign_for, report_provenance

LOOKUP_BATCH = 5000  # MatchIDs per IN (...) query, below SQLite's variable limit


def _latest_votes(filters: ReportFilters, campaign) -> dict[int, dict[str, int]]:
    """MatchID -> {username: class}; across campaigns an expert's latest vote wins."""
    votes = selectors.votes(filters, campaign, latest_last=True)
    by_object: dict[int, dict[str, int]] = {}
    for match_id, username, expert_class in zip(
        votes["candidate_id"].tolist(),
        votes["username"].tolist(),
        votes["expert_class"].tolist(),
        strict=True,
    ):
        by_object.setdefault(match_id, {})[username] = expert_class
    return by_object


def labelled_candidates_build(filters: ReportFilters) -> Table:
    """The labelled candidate table of the selection; ReportError for an unknown campaign. Two queries (plus
    one for the campaign): the filter rows, and the votes."""
    campaign = campaign_for(filters)
    columns: dict = selectors.labelled_rows(filters, campaign)
    votes = _latest_votes(filters, campaign)
    match_ids = columns["MatchID"]
    for name in ("MeanMag", "MeanCorrMag", "MAD", "Chi2"):
        columns[name] = np.ma.masked_invalid(np.array(columns[name], dtype=float))
    consensus = np.array(columns["ConsensusClass"], dtype=np.int16)
    columns["ConsensusClass"] = np.ma.masked_equal(consensus, 0)
    columns["NumVotes"] = [len(votes.get(m, {})) for m in match_ids]
    experts = sorted({username for per_object in votes.values() for username in per_object})
    for username in experts:
        cast = [votes.get(m, {}).get(username, 0) for m in match_ids]
        columns[exports.VOTE_PREFIX + username] = np.ma.masked_equal(np.array(cast, dtype=np.int16), 0)
    labels_filters = ReportFilters(**{**vars(filters), "source": "labels"})
    provenance = report_provenance(exports.LABELLED_CANDIDATES, labels_filters, campaign)
    return exports.labelled_candidates_table(columns, provenance)


@dataclass(frozen=True)
class ImportSummary:
    """An imported labelled candidate table against one campaign's votes: what was (or would be) written."""

    n_rows: int
    n_objects: int
    experts: list[str]
    n_votes: int  # votes in the file, one per expert and object
    n_votes_stored: int  # the campaign already holds that class for that expert and object
    n_votes_differing: int  # the campaign holds another class for that expert and object
    n_votes_new: int  # no such vote in the campaign
    campaign: str  # the campaign imported into (or compared with)
    file_campaign: str  # the campaign the file was exported from ("" for all campaigns)
    written: bool  # False for a comparison only
    provenance: dict = field(default_factory=dict)

    @property
    def n_written(self) -> int:
        """Votes added or changed by the import (0 for a comparison)."""
        return self.n_votes_new + self.n_votes_differing if self.written else 0

    @property
    def is_round_trip(self) -> bool:
        """Every vote of the file is already in the campaign: importing it changes nothing."""
        return self.n_votes_stored == self.n_votes


@dataclass(frozen=True)
class _Vote:
    match_id: int
    username: str
    expert_class: int


def _file_votes(table: Table) -> list[_Vote]:
    """Every vote in the file, once per object and expert, in MatchID order."""
    seen: dict[tuple[int, str], int] = {}
    match_ids = table["MatchID"].tolist()
    for name in table.colnames:
        if not name.startswith(exports.VOTE_PREFIX):
            continue
        column = table[name]
        mask = np.ma.getmaskarray(column)
        username = name[len(exports.VOTE_PREFIX) :]
        for match_id, vote, missing in zip(
            match_ids, np.asarray(column).tolist(), mask.tolist(), strict=True
        ):
            if not missing:
                seen[match_id, username] = vote
    return [_Vote(m, u, c) for (m, u), c in sorted(seen.items())]


def _batches(values: list[int]):
    for start in range(0, len(values), LOOKUP_BATCH):
        yield values[start : start + LOOKUP_BATCH]


def _listed(values: list, limit: int = 20) -> str:
    shown = ", ".join(str(v) for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def labelled_candidates_read(data: bytes, fmt: str) -> Table:
    """The table of a labelled candidate export; ReportError (user-facing) for any other file."""
    try:
        return exports.read_labelled_candidates(data, fmt)
    except (ValueError, KeyError, UnicodeDecodeError, OSError, TypeError) as error:
        raise ReportError(f"not a readable labelled candidate {fmt.upper()} export: {error}") from None


def _stored_labels(campaign: Campaign, match_ids: list[int]) -> dict[tuple[int, str], Label]:
    """(MatchID, username) -> the campaign's label with a class, in batches of `LOOKUP_BATCH` objects."""
    stored: dict[tuple[int, str], Label] = {}
    for batch in _batches(match_ids):
        labels = Label.objects.filter(
            campaign=campaign, candidate_id__in=batch, expert_class__isnull=False
        ).select_related("expert")
        stored.update({(label.candidate_id, label.expert.username): label for label in labels})
    return stored


def _check_importable(campaign: Campaign, votes: list[_Vote], match_ids: list[int]) -> dict[str, User]:
    """The file's experts by username; ReportError naming every unknown user, non-expert of the campaign,
    object outside the catalogue or the campaign, before anything is written."""
    if campaign.state != CampaignState.ACTIVE:
        raise ReportError(f"campaign {campaign.name!r} is {campaign.state}; votes go only into an active one")
    usernames = sorted({v.username for v in votes})
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    unknown = [name for name in usernames if name not in users]
    if unknown:
        raise ReportError(f"unknown users in the Vote_ columns: {_listed(unknown)}; nothing was written")
    outsiders = [name for name in usernames if not is_campaign_expert(campaign, users[name])]
    if outsiders:
        raise ReportError(
            f"not experts of campaign {campaign.name!r}: {_listed(outsiders)}; add them to the campaign "
            "first. Nothing was written"
        )
    voted = sorted({v.match_id for v in votes})
    known: set[int] = set()
    items: set[int] = set()
    for batch in _batches(voted):
        known.update(Candidate.objects.filter(match_id__in=batch).values_list("match_id", flat=True))
        items.update(
            CampaignCandidate.objects.filter(campaign=campaign, candidate_id__in=batch).values_list(
                "candidate_id", flat=True
            )
        )
    missing = [m for m in voted if m not in known]
    if missing:
        raise ReportError(f"MatchIDs not in the catalogue: {_listed(missing)}; nothing was written")
    outside = [] if is_live(campaign) else [m for m in voted if m not in items]
    if outside:
        raise ReportError(
            f"MatchIDs not in campaign {campaign.name!r}: {_listed(outside)}; nothing was written"
        )
    return users


def labelled_candidates_import(
    data: bytes, fmt: str, *, campaign: Campaign, user: User, write: bool = True
) -> ImportSummary:
    """Read an export made by `labelled_candidates_build` and write its votes into `campaign` as its experts'
    votes (through `label_submit`, so consensus and history follow); with `write=False` only compare.

    Preconditions: `user` is a curator (NotAllowed otherwise). All or nothing: ReportError (a user-facing
    message) for a file that is not such an export, unknown users, users who are not experts of the campaign,
    objects outside the catalogue or the campaign, or a vote the campaign refuses; nothing is written then.
    Idempotent: votes the campaign already holds are left alone, so re-importing a file writes nothing.
    A changed vote keeps the label's reason codes and comment (the export does not carry them).
    """
    if not (user.is_authenticated and user.is_curator):
        raise NotAllowed("only curators import labels")
    table = labelled_candidates_read(data, fmt)
    votes = _file_votes(table)
    match_ids = sorted(set(table["MatchID"].tolist()))
    stored = _stored_labels(campaign, match_ids)
    pending = [
        v
        for v in votes
        if getattr(stored.get((v.match_id, v.username)), "expert_class", None) != v.expert_class
    ]
    differing = sum(1 for v in pending if (v.match_id, v.username) in stored)
    if write and pending:
        users = _check_importable(campaign, pending, match_ids)
        candidates = Candidate.objects.in_bulk(sorted({v.match_id for v in pending}))
        try:
            with transaction.atomic():
                for vote in pending:
                    label = stored.get((vote.match_id, vote.username))
                    label_submit(
                        campaign=campaign,
                        candidate=candidates[vote.match_id],
                        expert=users[vote.username],
                        expert_class=vote.expert_class,
                        reasons=label.reasons if label else (),
                        comment=label.comment if label else "",
                    )
        except VettingError as error:
            raise ReportError(
                f"MatchID {vote.match_id}, vote of {vote.username}: {error.message}; nothing was written"
            ) from None
    return ImportSummary(
        n_rows=len(table),
        n_objects=len(match_ids),
        experts=sorted({v.username for v in votes}),
        n_votes=len(votes),
        n_votes_stored=len(votes) - len(pending),
        n_votes_differing=differing,
        n_votes_new=len(pending) - differing,
        campaign=campaign.name,
        file_campaign=str(table.meta.get("campaign", "")),
        written=write,
        provenance=dict(table.meta),
    )

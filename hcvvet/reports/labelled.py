"""The labelled candidate table (one row per object and filter, consensus and every vote): export, and an
import that reads such a file back into a campaign through the vetting service (or only compares it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from astropy.table import Table
from django.db import transaction

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.errors import InvalidInput, NotAllowed, VettingError
from hcvvet.vetting.labels import label_import
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState, Label
from hcvvet.vetting.queues import is_campaign_expert, is_live

from . import exports, labelled_votes, selectors
from .labelled_votes import Vote
from .selectors import ReportFilters
from .services import ReportError, campaign_for, campaign_skill, report_provenance

LOOKUP_BATCH = 5000  # MatchIDs per IN (...) query, below SQLite's variable limit


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _masked(values: list, filler) -> np.ma.MaskedArray:
    """`values` with None masked (`filler` underneath)."""
    return np.ma.array([filler if v is None else v for v in values], mask=[v is None for v in values])


_EXPERT_VALUES: dict[str, tuple[Callable[[Vote], Any], Any]] = {
    # column prefix -> the vote's value, and the filler where there is no vote
    exports.VOTE_PREFIX: (lambda vote: vote.expert_class, 0),
    exports.REASONS_PREFIX: (lambda vote: exports.REASON_SEPARATOR.join(vote.reasons), ""),
    exports.COMMENT_PREFIX: (lambda vote: vote.comment, ""),
    exports.SECONDS_PREFIX: (lambda vote: vote.seconds_spent, 0.0),
    exports.VOTED_AT_PREFIX: (lambda vote: _iso_utc(vote.voted_at), ""),
}


def _expert_columns(match_ids: list[int], votes: dict[int, dict[str, Vote]]) -> dict[str, np.ma.MaskedArray]:
    """The `exports.EXPERT_COLUMNS` of every expert who voted, expert by expert, each masked where the
    expert did not vote on the row's object."""
    columns: dict[str, np.ma.MaskedArray] = {}
    for username in sorted({username for per_object in votes.values() for username in per_object}):
        cast = [votes.get(m, {}).get(username) for m in match_ids]
        for prefix, (value, filler) in _EXPERT_VALUES.items():
            columns[prefix + username] = _masked([None if v is None else value(v) for v in cast], filler)
    return columns


def _campaign_columns(match_ids: list[int], campaign: Campaign) -> dict[str, np.ndarray]:
    """IsGold, GoldClass, the `exports.ADJUDICATION_COLUMNS` and the `exports.POSTERIOR_COLUMNS` of a
    campaign's rows."""
    outcomes = labelled_votes.campaign_outcomes(campaign)
    rows = [outcomes.get(m, labelled_votes.NO_OUTCOME) for m in match_ids]
    skill = campaign_skill(campaign)
    no_vote = [None] * len(match_ids)  # the campaign has no vote at all (skill None): no posterior
    posterior_class, probability = (
        skill.posterior_class(match_ids) if skill else (_masked(no_vote, 0), _masked(no_vote, 0.0))
    )
    return {
        "IsGold": np.array([row.is_gold for row in rows], dtype=bool),
        "GoldClass": _masked([row.gold_class if row.is_gold else None for row in rows], 0),
        "AdjudicatedClass": _masked([row.adjudicated_class for row in rows], 0),
        "AdjudicatedBy": _masked([row.adjudicated_by for row in rows], ""),
        "AdjudicationNote": _masked([row.adjudication_note for row in rows], ""),
        "AdjudicatedAt": _masked([row.adjudicated_at and _iso_utc(row.adjudicated_at) for row in rows], ""),
        "PosteriorClass": posterior_class,
        "PosteriorProb": probability,
    }


def labelled_candidates_build(filters: ReportFilters) -> Table:
    """The labelled candidate table of the selection; ReportError for an unknown campaign.

    Queries: one for the campaign (if named), one for the filter rows, one for the votes with what the experts
    entered and, for one campaign, one for its gold candidates and adjudications and two for the consensus
    rule's Dawid-Skene fit of `PosteriorClass` and `PosteriorProb` (`services.campaign_skill`: every vote of
    the campaign, its gold; `IsGold`, `GoldClass`, the adjudication and the posterior columns exist only
    then). Across campaigns each expert's latest vote is shown.
    """
    campaign = campaign_for(filters)
    columns: dict = selectors.labelled_rows(filters, campaign)
    votes = labelled_votes.vote_details(filters, campaign)
    match_ids = columns["MatchID"]
    for name in ("MeanMag", "MeanCorrMag", "MAD", "Chi2"):
        columns[name] = np.ma.masked_invalid(np.array(columns[name], dtype=float))
    consensus = np.array(columns["ConsensusClass"], dtype=np.int16)
    columns["ConsensusClass"] = np.ma.masked_equal(consensus, 0)
    columns["NumVotes"] = [len(votes.get(m, {})) for m in match_ids]
    if campaign is not None:
        columns |= _campaign_columns(match_ids, campaign)
    columns |= _expert_columns(match_ids, votes)
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
    n_votes_stored: int  # the campaign holds that vote: class, and reasons and comment if in the file
    n_votes_differing: int  # the campaign holds another vote of that expert on that object
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
class _FileVote:
    """One vote of the file; `reasons`, `comment` and `seconds_spent` are None when the file has no such
    column (an export from before they existed)."""

    match_id: int
    username: str
    expert_class: int
    reasons: tuple[str, ...] | None = None
    comment: str | None = None
    seconds_spent: float | None = None

    def is_held_by(self, label: Label | None) -> bool:
        """The label already is this vote: the same class, and the same reasons and comment where the file has
        them. Time spent is not compared: it only adds up."""
        if label is None or label.expert_class != self.expert_class:
            return False
        if self.reasons is not None and tuple(sorted(set(label.reasons))) != self.reasons:
            return False
        return self.comment is None or label.comment == self.comment

    def submission(self, label: Label | None) -> dict:
        """`label_submit` arguments writing this vote over `label` (None if there is none): the file's reasons
        and comment, else the label's own; the label's time spent grows to the file's, never shrinks.
        InvalidInput for a comment with a NUL character (PostgreSQL cannot store it; label_submit lets it
        pass)."""
        if self.comment is not None and "\x00" in self.comment:
            raise InvalidInput("comment holds a NUL character, which cannot be stored", field="comment")
        held = label.seconds_spent if label else 0.0
        if self.seconds_spent is None:
            seconds = 0.0
        elif self.seconds_spent >= 0:
            seconds = max(self.seconds_spent - held, 0.0)
        else:
            seconds = self.seconds_spent  # negative or NaN: label_submit refuses it, naming the vote
        return {
            "expert_class": self.expert_class,
            "reasons": self.reasons if self.reasons is not None else (label.reasons if label else ()),
            "comment": self.comment if self.comment is not None else (label.comment if label else ""),
            "seconds_spent": seconds,
        }


def _reason_codes(text: str) -> tuple[str, ...]:
    return tuple(sorted({code.strip() for code in text.split(exports.REASON_SEPARATOR) if code.strip()}))


_ENTERED = {
    # file column prefix -> _FileVote field and the conversion of the column's value
    exports.REASONS_PREFIX: ("reasons", _reason_codes),
    exports.COMMENT_PREFIX: ("comment", exports.text_unescape),
    exports.SECONDS_PREFIX: ("seconds_spent", float),
}


def _values(table: Table, name: str) -> list:
    """The column's values, None where masked."""
    column = table[name]
    missing = np.ma.getmaskarray(column).tolist()
    return [
        None if gap else value for value, gap in zip(np.ma.getdata(column).tolist(), missing, strict=True)
    ]


def _file_votes(table: Table) -> list[_FileVote]:
    """Every vote in the file with what the expert entered, once per object and expert (the object's votes
    repeat on its filter rows; the last row wins), in MatchID order."""
    seen: dict[tuple[int, str], _FileVote] = {}
    match_ids = table["MatchID"].tolist()
    for name in table.colnames:
        per_expert = exports.expert_column(name)
        if per_expert is None or per_expert[0] != exports.VOTE_PREFIX:
            continue
        username = per_expert[1]
        entered = {
            field_name: (convert, _values(table, prefix + username))
            for prefix, (field_name, convert) in _ENTERED.items()
            if prefix + username in table.colnames
        }
        for row, (match_id, vote) in enumerate(zip(match_ids, _values(table, name), strict=True)):
            if vote is None:
                continue
            fields = {
                field_name: None if values[row] is None else convert(values[row])
                for field_name, (convert, values) in entered.items()
            }
            seen[match_id, username] = _FileVote(match_id, username, vote, **fields)
    return [seen[key] for key in sorted(seen)]


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
    """(MatchID, username) -> the campaign's label (with a class, or withdrawn or skipped), in batches of
    `LOOKUP_BATCH` objects."""
    stored: dict[tuple[int, str], Label] = {}
    for batch in _batches(match_ids):
        labels = Label.objects.filter(campaign=campaign, candidate_id__in=batch).select_related("expert")
        stored.update({(label.candidate_id, label.expert.username): label for label in labels})
    return stored


def _check_importable(campaign: Campaign, votes: list[_FileVote], match_ids: list[int]) -> dict[str, User]:
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
    """Read an export made by `labelled_candidates_build` and write its votes into `campaign` (through
    `label_import`, so consensus and history follow); with `write=False` only compare. Only the importing
    curator's own votes are written: another expert's vote the campaign does not hold is refused.

    Preconditions: `user` is a curator (NotAllowed otherwise). All or nothing: ReportError (a user-facing
    message) for a file that is not such an export, unknown users, users who are not experts of the campaign,
    objects outside the catalogue or the campaign, or a vote the campaign refuses; nothing is written then.
    Idempotent: votes the campaign already holds are left alone, so re-importing a file writes nothing.
    Each vote is written with the file's reason codes, comment and time spent (`_FileVote.submission`); a file
    from before those columns existed leaves a changed vote's reasons and comment as they are. The gold and
    adjudication columns are not imported: gold candidates are chosen, and disputes settled, in the campaign;
    nor are the Dawid-Skene posterior columns, which the campaign's votes give.
    """
    if not (user.is_authenticated and user.is_curator):
        raise NotAllowed("only curators import labels")
    table = labelled_candidates_read(data, fmt)
    votes = _file_votes(table)
    match_ids = sorted(set(table["MatchID"].tolist()))
    stored = _stored_labels(campaign, match_ids)
    pending = [v for v in votes if not v.is_held_by(stored.get((v.match_id, v.username)))]
    differing = sum(
        1 for v in pending if getattr(stored.get((v.match_id, v.username)), "expert_class", None) is not None
    )
    if write and pending:
        users = _check_importable(campaign, pending, match_ids)
        candidates = Candidate.objects.in_bulk(sorted({v.match_id for v in pending}))
        try:
            with transaction.atomic():
                for vote in pending:
                    label_import(
                        campaign=campaign,
                        candidate=candidates[vote.match_id],
                        curator=user,
                        expert=users[vote.username],
                        **vote.submission(stored.get((vote.match_id, vote.username))),
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

"""The labelled candidate table (one row per object and filter, consensus and every vote): export, and an
import that reads such a file back and compares it with the database, writing nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from astropy.table import Table

from hcvvet.catalog.models import Candidate
from hcvvet.vetting.models import Label

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
    """What an imported labelled candidate table holds compared with the database. Nothing is written."""

    n_rows: int
    n_objects: int
    unknown_match_ids: list[int]  # objects not in the catalogue (first few)
    n_unknown: int
    experts: list[str]
    n_votes: int
    n_votes_stored: int  # the same expert, object, campaign and class are in the database
    n_votes_differing: int  # the database holds another class for that expert, object and campaign
    n_votes_new: int  # no such vote in the database
    campaign: str
    provenance: dict = field(default_factory=dict)

    @property
    def is_round_trip(self) -> bool:
        """Every object is known and every vote is already stored: re-importing changes nothing."""
        return self.n_unknown == 0 and self.n_votes_stored == self.n_votes


def _file_votes(table: Table) -> list[tuple[int, str, int]]:
    """(MatchID, username, class) of every vote in the file, once per object."""
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
    return [(match_id, username, vote) for (match_id, username), vote in seen.items()]


def _batches(values: list[int]):
    for start in range(0, len(values), LOOKUP_BATCH):
        yield values[start : start + LOOKUP_BATCH]


def labelled_candidates_import(data: bytes, fmt: str) -> ImportSummary:
    """Read an export made by `labelled_candidates_build` and compare it with the database; ReportError with a
    user-facing message if the file is not such an export. Queries grow with the file only in batches of
    `LOOKUP_BATCH` objects."""
    try:
        table = exports.read_labelled_candidates(data, fmt)
    except (ValueError, KeyError, UnicodeDecodeError, OSError) as error:
        raise ReportError(f"not a readable labelled candidate {fmt.upper()} export: {error}") from None
    campaign_name = str(table.meta.get("campaign", ""))
    match_ids = sorted(set(table["MatchID"].tolist()))
    known: set[int] = set()
    stored: dict[tuple[int, str], int] = {}
    for batch in _batches(match_ids):
        known.update(Candidate.objects.filter(match_id__in=batch).values_list("match_id", flat=True))
        labels = Label.objects.filter(candidate_id__in=batch, expert_class__isnull=False)
        if campaign_name:
            labels = labels.filter(campaign__name=campaign_name)
        for match_id, username, expert_class in labels.values_list(
            "candidate_id", "expert__username", "expert_class"
        ).order_by("updated_at"):
            stored[match_id, username] = expert_class
    file_votes = _file_votes(table)
    same = sum(1 for m, u, c in file_votes if stored.get((m, u)) == c)
    new = sum(1 for m, u, _ in file_votes if (m, u) not in stored)
    unknown = [m for m in match_ids if m not in known]
    return ImportSummary(
        n_rows=len(table),
        n_objects=len(match_ids),
        unknown_match_ids=unknown[:20],
        n_unknown=len(unknown),
        experts=sorted({u for _, u, _ in file_votes}),
        n_votes=len(file_votes),
        n_votes_stored=same,
        n_votes_differing=len(file_votes) - same - new,
        n_votes_new=new,
        campaign=campaign_name,
        provenance=dict(table.meta),
    )

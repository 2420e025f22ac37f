"""Bulk upsert of summary rows: groups, candidates (constant objects too), filter rows, job members.

Rows are sorted by their natural keys before each statement, so two jobs upserting overlapping rows take
row locks in the same order and cannot deadlock each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import transaction

from hcvvet.catalog.models import Candidate, FilterStat, Group
from hcvvet.ingest.models import IngestJob, IngestJobMember

from .summary import SummaryRow

CHUNK_ROWS = 5000
CANDIDATE_FIELDS = [
    "group",
    "sub_group_id",
    "ra_deg",
    "dec_deg",
    "auto_class",
    "hcv_expert_class",
    "num_filters",
]
FILTER_FIELDS = ["filter_det_flag", "var_qual_flag", "num_lc", "mean_mag", "mean_corr_mag", "mad", "chi2"]


def chunks(rows: Iterable, size: int) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def upsert_summary_chunk(job: IngestJob, rows: list[SummaryRow]) -> None:
    """Upsert one chunk of summary rows in one transaction. Safe to repeat."""
    groups = {r.group_id: r.target_name for r in rows}
    candidates = {r.match_id: r for r in rows}
    with transaction.atomic():
        existing = set(Group.objects.filter(pk__in=groups).values_list("pk", flat=True))
        Group.objects.bulk_create(
            [Group(group_id=g, target_name=groups[g]) for g in sorted(groups) if g not in existing],
            ignore_conflicts=True,
        )
        Candidate.objects.bulk_create(
            [
                Candidate(
                    match_id=m,
                    group_id=r.group_id,
                    sub_group_id=r.sub_group_id,
                    ra_deg=r.ra_deg,
                    dec_deg=r.dec_deg,
                    auto_class=r.auto_class,
                    hcv_expert_class=r.expert_class,
                    num_filters=r.num_filters,
                )
                for m, r in sorted(candidates.items())
            ],
            update_conflicts=True,
            unique_fields=["match_id"],
            update_fields=CANDIDATE_FIELDS,
        )
        FilterStat.objects.bulk_create(
            [
                FilterStat(
                    candidate_id=r.match_id,
                    filter=r.filter,
                    filter_det_flag=r.filter_det_flag,
                    var_qual_flag=r.var_qual_flag,
                    num_lc=r.num_lc,
                    mean_mag=r.mean_mag,
                    mean_corr_mag=r.mean_corr_mag,
                    mad=r.mad,
                    chi2=r.chi2,
                )
                for r in sorted(rows, key=lambda r: (r.match_id, r.filter))
            ],
            update_conflicts=True,
            unique_fields=["candidate", "filter"],
            update_fields=FILTER_FIELDS,
        )
        IngestJobMember.objects.bulk_create(
            [IngestJobMember(job=job, candidate_id=m) for m in sorted(candidates)], ignore_conflicts=True
        )

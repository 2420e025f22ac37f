"""Load the synthetic validation tables into the catalogue with one COPY (PostgreSQL) or executemany per
table: model instances for 31k rows would cost seconds in every test run that loads them."""

from collections.abc import Iterable

import numpy as np
from django.db import connection
from django.utils import timezone

from hcvvet.catalog.models import Candidate, FilterStat, Group

from .synthetic import ValidationTable

FILTERS = ("ACS_F475W", "ACS_F814W", "ACS_F606W", "WFC3_F160W", "WFC3_F110W", "WFPC2_F555W")


def filter_names(match_id: np.ndarray) -> np.ndarray:
    """A distinct filter for each row of an object: its rank among the object's rows picks from FILTERS, then
    from made-up WFC3 filters."""
    order = np.argsort(match_id, kind="stable")
    sorted_ids = match_id[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    rank_sorted = np.arange(len(match_id)) - np.repeat(starts, np.diff(np.r_[starts, len(match_id)]))
    rank = np.empty_like(rank_sorted)
    rank[order] = rank_sorted
    spare = np.char.add(np.char.add("WFC3_F", (300 + rank).astype(str)), "W")
    return np.where(rank < len(FILTERS), np.array(FILTERS)[np.minimum(rank, len(FILTERS) - 1)], spare)


def insert_rows(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """Bulk insert of `columns` (field names): COPY on PostgreSQL, executemany elsewhere."""
    names = ", ".join(model._meta.get_field(c).column for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({marks})", list(rows))


def insert_filter_stats(
    match_id: np.ndarray, filters: np.ndarray, filter_det_flag: np.ndarray, mad: np.ndarray, mag: np.ndarray
) -> None:
    """One FilterStat per row, the catalogue's other statistics alike on every row (VarQualFlag AAAAA,
    12 epochs, Chi2 5; MeanMag and MeanCorrMag both `mag`)."""
    insert_rows(
        FilterStat,
        ["candidate_id", *FilterStat.HCV_COLUMNS, "lc_mismatch"],
        (
            (int(m), str(f), int(d), "AAAAA", 12, float(g), float(g), float(x), 5.0, False)
            for m, f, d, x, g in zip(match_id, filters, filter_det_flag, mad, mag, strict=True)
        ),
    )


def load_table(table: ValidationTable, *, group_id: int = 1045904, as_hcv: bool = True) -> None:
    """One Candidate per MatchID and one FilterStat per row. The table's expert class goes to the catalogue
    ExpertClass (`as_hcv`) or to hcvvet's own outcome `Candidate.expert_class`."""
    group, _ = Group.objects.get_or_create(group_id=group_id, defaults={"target_name": "M31"})
    _, first = np.unique(table.match_id, return_index=True)
    names = filter_names(table.match_id)
    n_filters = dict(zip(*np.unique(table.match_id, return_counts=True), strict=True))
    rng = np.random.default_rng(0)
    now = timezone.now()
    candidate_columns = ["match_id", "group", "sub_group_id", "ra_deg", "dec_deg", "auto_class",
                         "hcv_expert_class", "expert_class", "num_filters", "stats_mismatch", "needs_review",
                         "has_light_curve", "updated_at"]  # fmt: skip
    insert_rows(
        Candidate,
        candidate_columns,
        [
            (
                int(table.match_id[i]),
                group.pk,
                -5,
                float(10.0 + rng.random()),
                float(41.0 + rng.random()),
                int(table.auto_class[i]),
                int(table.expert_class[i]) if as_hcv else 0,
                None if as_hcv or table.expert_class[i] == 0 else int(table.expert_class[i]),
                int(n_filters[table.match_id[i]]),
                False,
                False,
                False,
                now,
            )
            for i in first
        ],
    )
    mags = rng.uniform(19, 26, len(table.match_id))
    insert_filter_stats(table.match_id, names, table.filter_det_flag, table.mad, mags)

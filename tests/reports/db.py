"""Load the synthetic validation tables into the catalogue with bulk inserts (fast enough for tests)."""

import numpy as np

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


def load_table(table: ValidationTable, *, group_id: int = 1045904, as_hcv: bool = True) -> None:
    """One Candidate per MatchID and one FilterStat per row. The table's expert class goes to the catalogue
    ExpertClass (`as_hcv`) or to hcvvet's own outcome `Candidate.expert_class`."""
    group, _ = Group.objects.get_or_create(group_id=group_id, defaults={"target_name": "M31"})
    _, first = np.unique(table.match_id, return_index=True)
    names = filter_names(table.match_id)
    n_filters = dict(zip(*np.unique(table.match_id, return_counts=True), strict=True))
    rng = np.random.default_rng(0)
    Candidate.objects.bulk_create(
        Candidate(
            match_id=int(table.match_id[i]),
            group=group,
            sub_group_id=-5,
            ra_deg=float(10.0 + rng.random()),
            dec_deg=float(41.0 + rng.random()),
            auto_class=int(table.auto_class[i]),
            hcv_expert_class=int(table.expert_class[i]) if as_hcv else 0,
            expert_class=None if as_hcv or table.expert_class[i] == 0 else int(table.expert_class[i]),
            num_filters=int(n_filters[table.match_id[i]]),
        )
        for i in first
    )
    mags = rng.uniform(19, 26, len(table.match_id))
    FilterStat.objects.bulk_create(
        (
            FilterStat(
                candidate_id=int(m),
                filter=str(f),
                filter_det_flag=int(d),
                var_qual_flag="AAAAA",
                num_lc=12,
                mean_mag=float(mag),
                mean_corr_mag=float(mag),
                mad=float(mad),
                chi2=5.0,
            )
            for m, f, d, mad, mag in zip(
                table.match_id, names, table.filter_det_flag, table.mad, mags, strict=True
            )
        ),
        batch_size=5000,
    )

"""Realistic mixed data for the report tests: the sandbox's demo universe as a database holds it after an
ingest of every expert-validated object (the notebook's cell 13 selection) and of one unvalidated field
(M31: 20,000 objects, hundreds of them candidates no expert classified).

The summary rows (HCVmatch x HCVfilter) are copied from the universe's SQLite file as they are, with one bulk
insert per table (tests/reports/db.py): the light curves are not needed by the reports, and running the whole
ingest of 1.3 million measurements would cost minutes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.utils import timezone

from hcvvet.catalog.models import Candidate, FilterStat, Group
from hcvvet.catalog.versioning import CATALOG, data_version_bump
from hcvvet.sandbox.universe.build import build_universe

from .db import insert_rows

UNVALIDATED_FIELD = 1045904  # M31: no object of the field carries an ExpertClass


@dataclass(frozen=True)
class MixedRows:
    """The object-filter rows loaded, aligned arrays (one element per row) as the notebook's `tab` holds
    them."""

    match_id: np.ndarray
    group_id: np.ndarray
    auto_class: np.ndarray
    expert_class: np.ndarray  # the catalogue's ExpertClass
    filter_det_flag: np.ndarray
    mad: np.ndarray  # NaN where the catalogue has none

    def where(self, mask: np.ndarray) -> MixedRows:
        return MixedRows(*(getattr(self, name)[mask] for name in self.__dataclass_fields__))


def build_demo_universe(directory: Path) -> Path:
    path = directory / "demo.sqlite"
    build_universe(path, scale="demo", seed=1)
    return path


def load_mixed(universe: Path) -> MixedRows:
    """Insert every object with ExpertClass > 0 and every object of the unvalidated field, with all their
    filter rows; return those rows."""
    selected = f"(m.ExpertClass > 0 OR m.GroupID = {UNVALIDATED_FIELD})"
    with sqlite3.connect(universe) as source:
        groups = source.execute(
            f"SELECT DISTINCT g.GroupID, g.TargetName FROM Groups g JOIN HCVmatch m USING (GroupID) "
            f"WHERE {selected}"
        ).fetchall()
        objects = source.execute(
            "SELECT MatchID, GroupID, SubGroupID, RA, Dec, AutoClass, ExpertClass, NumFilters "
            f"FROM HCVmatch m WHERE {selected}"
        ).fetchall()
        filters = source.execute(
            "SELECT f.MatchID, f.Filter, f.FilterDetFlag, f.VarQualFlag, f.NumLC, f.MeanMag, f.MeanCorrMag, "
            f"f.MAD, f.Chi2, m.GroupID, m.AutoClass, m.ExpertClass FROM HCVfilter f JOIN HCVmatch m "
            f"USING (MatchID) WHERE {selected} ORDER BY f.MatchID, f.Filter"
        ).fetchall()
    Group.objects.bulk_create([Group(group_id=g, target_name=name) for g, name in groups])
    now = timezone.now()
    candidate_columns = ["match_id", "group", "sub_group_id", "ra_deg", "dec_deg", "auto_class",
                         "hcv_expert_class", "num_filters", "stats_mismatch", "needs_review",
                         "has_light_curve", "updated_at"]  # fmt: skip
    insert_rows(Candidate, candidate_columns, [(*row, False, False, False, now) for row in objects])
    insert_rows(
        FilterStat,
        ["candidate_id", *FilterStat.HCV_COLUMNS, "lc_mismatch"],
        [(*row[:9], False) for row in filters],
    )
    data_version_bump(CATALOG)
    columns = list(zip(*filters, strict=True))
    return MixedRows(
        match_id=np.array(columns[0], dtype=np.int64),
        group_id=np.array(columns[9], dtype=np.int64),
        auto_class=np.array(columns[10], dtype=np.int64),
        expert_class=np.array(columns[11], dtype=np.int64),
        filter_det_flag=np.array(columns[2], dtype=np.int64),
        mad=np.array([np.nan if v is None else v for v in columns[7]], dtype=float),
    )

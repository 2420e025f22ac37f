import json

import numpy as np

from hcvvet.reports.statistics import autoclass_vs_expert, one_row_per_object

from .notebook_reference import notebook_counts
from .synthetic import REAL_CROSSTAB, REAL_ROWS, real_count_table


def test_real_hcv_validation_counts_and_fractions_are_reproduced():
    table = real_count_table()
    assert len(table.match_id) == REAL_ROWS
    crosstab = autoclass_vs_expert(table.match_id, table.auto_class, table.expert_class)
    got = {(r.auto_class, r.expert_class): (r.count, round(r.fraction, 3)) for r in crosstab.rows}
    assert got == REAL_CROSSTAB
    assert crosstab.totals() == {1: 8139, 2: 5394}


def test_crosstab_matches_notebook_cell_14():
    table = real_count_table(seed=5)
    first = one_row_per_object(table.match_id)
    sfcount, mfcount, sfrat, mfrat = notebook_counts(table.auto_class[first], table.expert_class[first])
    rows = {
        (r.auto_class, r.expert_class): r
        for r in autoclass_vs_expert(table.match_id, table.auto_class, table.expert_class).rows
    }
    for expert in (1, 2, 4):
        assert rows[1, expert].count == sfcount[expert]
        assert rows[2, expert].count == mfcount[expert]
        assert rows[1, expert].fraction == sfrat[expert]
        assert rows[2, expert].fraction == mfrat[expert]


def test_each_object_counts_once_and_unvetted_objects_are_left_out():
    # object 10 has three filter rows, object 13 is unvetted (ExpertClass 0), object 14 is constant
    match_id = np.array([10, 10, 10, 11, 12, 12, 13, 14])
    auto = np.array([1, 1, 1, 1, 2, 2, 1, 0])
    expert = np.array([4, 4, 4, 1, 2, 2, 0, 1])
    crosstab = autoclass_vs_expert(match_id, auto, expert)
    got = {(r.auto_class, r.expert_class): (r.count, r.fraction) for r in crosstab.rows}
    assert got == {
        (1, 1): (1, 0.5),
        (1, 2): (0, 0.0),
        (1, 4): (1, 0.5),
        (2, 1): (0, 0.0),
        (2, 2): (1, 1.0),
        (2, 4): (0, 0.0),
    }
    assert crosstab.n_unclassified == 1  # object 13; object 14 is of no counted AutoClass


def test_json_shape_is_rows_with_named_fields_and_no_row_for_an_autoclass_with_no_class():
    crosstab = autoclass_vs_expert(np.array([1, 2, 3]), np.array([1, 1, 2]), np.array([1, 4, 0]))
    document = json.loads(json.dumps(crosstab.to_dict()))
    assert document["rows"][0] == {"auto_class": 1, "expert_class": 1, "count": 1, "fraction": 0.5}
    assert [set(row) for row in document["rows"]] == [{"auto_class", "expert_class", "count", "fraction"}] * 3
    assert {row["auto_class"] for row in document["rows"]} == {1}  # MFVC: 0 of 0 is no fraction
    assert document["n_unclassified"] == 1


def test_the_classes_asked_for_are_the_rows_and_columns_counted():
    # AutoClass 0 (constant) objects an expert classified count when AutoClass 0 is asked for, and an expert
    # class left out of `expert_classes` leaves every denominator.
    match_id = np.array([1, 2, 3, 4])
    auto = np.array([0, 0, 1, 1])
    expert = np.array([1, 4, 2, 4])
    everything = autoclass_vs_expert(match_id, auto, expert, auto_classes=(0, 1))
    got = {(r.auto_class, r.expert_class): (r.count, r.fraction) for r in everything.rows}
    assert (got[0, 1], got[0, 4], got[1, 2]) == ((1, 0.5), (1, 0.5), (1, 0.5))
    no_artifacts = autoclass_vs_expert(match_id, auto, expert, auto_classes=(1,), expert_classes=(1, 2))
    assert {(r.auto_class, r.expert_class): r.fraction for r in no_artifacts.rows} == {
        (1, 1): 0.0,
        (1, 2): 1.0,
    }

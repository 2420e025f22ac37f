import json

import numpy as np
import pytest

from hcvvet.reports import figures
from hcvvet.reports.statistics import artifact_fraction, wilson_interval

from .notebook_reference import notebook_artifact_fraction
from .synthetic import realistic_table, with_unclassified_field


def test_bins_agree_with_the_notebook_except_its_top_edge_merge():
    table = realistic_table()
    columns = (table.mad, table.expert_class, table.filter_det_flag)
    lo, hi, n, n_artifact, frac, _ = notebook_artifact_fraction(*columns)
    bins = artifact_fraction(*columns).bins

    assert len(bins) == len(n)
    assert bins[0].mad_hi > bins[0].mad_lo * (2.0 / 0.007) ** (1 / 29) * 1.01, "the low edge should be merged"
    np.testing.assert_array_equal([b.mad_lo for b in bins], lo)
    np.testing.assert_array_equal([b.mad_hi for b in bins], hi)
    np.testing.assert_array_equal([b.n for b in bins], n)
    below_top = slice(0, -1)
    np.testing.assert_array_equal([b.n_artifact for b in bins][below_top], n_artifact[below_top])
    np.testing.assert_array_equal([b.fraction for b in bins][below_top], frac[below_top])

    # the top bin: the notebook keeps only the artifacts of the bins merged into it, hcvvet counts them all
    top = bins[-1]
    in_top = (table.filter_det_flag > 0) & (table.mad >= top.mad_lo) & (table.mad <= top.mad_hi)
    assert top.n == in_top.sum()
    assert top.n_artifact == (in_top & (table.expert_class == 4)).sum() == 3
    assert n_artifact[-1] == 0


def test_hand_checked_merging_of_sparse_edges():
    edges = np.array([0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28])
    # rows per bin: 3, 0 (dropped), 9, 20, 30, 25, 20 ; artifacts: 1, -, 2, 5, 3, 4, 6
    mad = np.repeat([0.015, 0.03, 0.05, 0.1, 0.2, 0.4, 0.8], [3, 0, 9, 20, 30, 25, 20])
    per_bin = [(3, 1), (9, 2), (20, 5), (30, 3), (25, 4), (20, 6)]
    expert = np.concatenate([[4] * k + [1] * (n - k) for n, k in per_bin])
    bins = artifact_fraction(mad, expert, np.ones(len(mad)), edges=edges, low_min=10, high_min=40).bins
    # low edge: 3, 3+9=12 > 10 -> one bin 0.01-0.08; high edge: 20, 20+25=45 > 40 -> one bin 0.32-1.28
    assert [(b.mad_lo, b.mad_hi, b.n, b.n_artifact) for b in bins] == [
        (0.01, 0.08, 12, 3),
        (0.08, 0.16, 20, 5),
        (0.16, 0.32, 30, 3),
        (0.32, 1.28, 45, 10),
    ]
    assert bins[-1].fraction == pytest.approx(10 / 45)


def test_thresholds_are_options_and_everything_merges_when_sparse():
    mad = np.array([0.01, 0.1, 0.1, 1.0])
    expert = np.array([4, 1, 4, 1])
    flags = np.ones(4)
    unmerged = artifact_fraction(mad, expert, flags, low_min=0, high_min=0).bins
    assert [(b.n, b.n_artifact) for b in unmerged] == [(1, 1), (2, 1), (1, 0)]
    [merged] = artifact_fraction(mad, expert, flags).bins  # 4 rows never exceed the 10-row threshold
    assert (merged.n, merged.n_artifact) == (4, 2)
    assert merged.mad_lo < 0.01 < 1.0 < merged.mad_hi
    with pytest.raises(IndexError):
        notebook_artifact_fraction(mad, expert, flags)
    assert artifact_fraction(mad, expert, np.zeros(4)).bins == []


def test_wilson_intervals_stay_inside_0_1_and_are_not_zero_width_at_the_extremes():
    mad = np.full(30, 0.1)
    none = artifact_fraction(mad, np.ones(30), np.ones(30), low_min=0, high_min=0).bins[0]
    everything = artifact_fraction(mad, np.full(30, 4), np.ones(30), low_min=0, high_min=0).bins[0]
    assert (none.fraction, none.ci_lo) == (0.0, 0.0)
    assert 0.0 < none.ci_hi < 0.1
    assert (everything.fraction, everything.ci_hi) == (1.0, 1.0)
    assert 0.9 < everything.ci_lo < 1.0
    # 1-sigma Wilson upper bound for 0 of n is z^2 / (n + z^2) = 1 / (n + 1)
    lower, upper = wilson_interval(np.array([0, 10]), np.array([10, 10]))
    np.testing.assert_allclose([lower[0], upper[0], lower[1], upper[1]], [0.0, 1 / 11, 10 / 11, 1.0])


def test_json_shape_has_the_documented_bin_fields():
    table = realistic_table(n_rows=500)
    result = artifact_fraction(table.mad, table.expert_class, table.filter_det_flag)
    document = json.loads(json.dumps(result.to_dict()))
    assert set(document["bins"][0]) == {"mad_lo", "mad_hi", "n", "n_artifact", "fraction", "ci_lo", "ci_hi"}


@pytest.mark.parametrize("n", [3, 13, 50])
def test_wilson_bounds_are_exactly_0_and_1_at_no_and_all_artifacts(n):
    # astropy's formula gives a lower bound of ~1e-17 at k = 0 for these n, above the fraction 0
    lower, upper = wilson_interval(np.array([0, n]), np.array([n, n]))
    assert lower[0] == 0.0
    assert upper[1] == 1.0
    result = artifact_fraction(np.full(n, 0.05), np.ones(n), np.ones(n), low_min=0, high_min=0)
    assert [(b.fraction, b.ci_lo) for b in result.bins] == [(0.0, 0.0)]
    figures.render(figures.artifact_fraction_figure(result), "png")  # error bars must not be negative


def test_unclassified_rows_enter_no_denominator_and_are_counted_apart():
    table = realistic_table()
    mad, classes, flags, field = with_unclassified_field(table)
    mixed = artifact_fraction(mad, classes, flags)
    lo, hi, n, n_artifact, frac, _ = notebook_artifact_fraction(
        table.mad, table.expert_class, table.filter_det_flag, top_bin_fixed=True
    )
    assert [(b.mad_lo, b.mad_hi, b.n, b.n_artifact, b.fraction) for b in mixed.bins] == list(
        zip(lo, hi, n, n_artifact, frac, strict=True)
    )
    assert mixed.n_unclassified == (field.filter_det_flag > 0).sum()
    nobody = artifact_fraction(field.mad, np.zeros_like(field.expert_class), field.filter_det_flag)
    assert nobody.bins == []  # no bin of 0.000 with an upper bound
    assert nobody.n_unclassified == (field.filter_det_flag > 0).sum()


def test_sparse_edge_bins_merge_exactly_at_the_notebooks_thresholds():
    # Four bins holding 11, 5, 50 and 41 classified rows. The notebook merges from the low edge until a bin
    # holds more than 10 rows, and from the top until it holds more than 40: 11 and 41 stand alone, and one
    # row fewer in either would merge it with its neighbour.
    edges = np.array([0.01, 0.02, 0.04, 0.08, 0.16])
    centres = np.sqrt(edges[:-1] * edges[1:])

    def fraction(counts):
        mad = np.repeat(centres, counts)
        return artifact_fraction(mad, np.ones(mad.size, dtype=int), np.ones(mad.size, dtype=int), edges=edges)

    assert [b.n for b in fraction([11, 5, 50, 41]).bins] == [11, 5, 50, 41]
    assert [b.n for b in fraction([10, 5, 50, 41]).bins] == [15, 50, 41]
    assert [b.n for b in fraction([11, 5, 50, 40]).bins] == [11, 5, 90]

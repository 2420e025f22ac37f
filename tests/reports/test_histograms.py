import numpy as np

from hcvvet.reports.statistics import log_bins, mad_histograms

from .notebook_reference import assert_notebook_histograms, notebook_histograms
from .synthetic import realistic_table, with_unclassified_field


def test_default_edges_are_the_notebooks_and_counts_match_cells_15_and_16():
    table = realistic_table()
    columns = (table.mad, table.expert_class, table.filter_det_flag)
    assert_notebook_histograms(mad_histograms(*columns), notebook_histograms(*columns))


def test_only_variable_filters_inside_the_edges_are_counted():
    mad = np.array([0.02, 0.05, 0.2, 0.5, 0.03, 5.0, 0.001])
    expert = np.array([1, 4, 2, 4, 1, 1, 1])
    flag = np.array([1, 1, 1, 1, 0, 1, 1])  # 0.03 not flagged; 5.0 and 0.001 outside the edges
    hist = mad_histograms(mad, expert, flag, edges=np.array([0.01, 0.1, 1.0]))
    assert hist.all_counts.tolist() == [2, 2]
    assert {k: v.tolist() for k, v in hist.class_counts.items()} == {1: [1, 0], 2: [0, 1], 4: [1, 1]}
    assert {k: v.tolist() for k, v in hist.stacked().items()} == {1: [1, 0], 2: [1, 1], 4: [2, 2]}


def test_log_bins_are_evenly_spaced_in_log():
    edges = log_bins(4, 0.01, 100.0)
    np.testing.assert_allclose(edges, [0.01, 0.1, 1.0, 10.0, 100.0])


def test_unclassified_rows_are_in_no_bin_not_even_all_and_are_counted_apart():
    table = realistic_table()
    mad, classes, flags, field = with_unclassified_field(table)
    hist = mad_histograms(mad, classes, flags)
    _, all_counts, _, _ = notebook_histograms(table.mad, table.expert_class, table.filter_det_flag)
    np.testing.assert_array_equal(hist.all_counts, all_counts)
    assert hist.n_unclassified == (field.filter_det_flag > 0).sum()

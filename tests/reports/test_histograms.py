import numpy as np

from hcvvet.reports.statistics import log_bins, mad_histograms

from .notebook_reference import notebook_histograms
from .synthetic import realistic_table


def test_default_edges_are_the_notebooks_and_counts_match_cells_15_and_16():
    table = realistic_table()
    columns = (table.mad, table.expert_class, table.filter_det_flag)
    edges, all_counts, separate, stacked = notebook_histograms(*columns)
    hist = mad_histograms(*columns)
    np.testing.assert_array_equal(hist.edges, edges)
    np.testing.assert_array_equal(hist.all_counts, all_counts)
    for expert_class, counts in separate.items():
        np.testing.assert_array_equal(hist.class_counts[expert_class], counts)
    layers = hist.stacked()
    np.testing.assert_array_equal(layers[1], stacked["Confident Variable"])
    np.testing.assert_array_equal(layers[2], stacked["Likely Variable"])
    np.testing.assert_array_equal(layers[4], stacked["Artifact"])


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
    field = realistic_table(n_rows=3000, seed=8)  # a field no expert classified
    mad = np.concatenate([table.mad, field.mad])
    classes = np.concatenate([table.expert_class, np.zeros_like(field.expert_class)])
    flags = np.concatenate([table.filter_det_flag, field.filter_det_flag])
    hist = mad_histograms(mad, classes, flags)
    _, all_counts, _, _ = notebook_histograms(table.mad, table.expert_class, table.filter_det_flag)
    np.testing.assert_array_equal(hist.all_counts, all_counts)
    assert hist.n_unclassified == (field.filter_det_flag > 0).sum()

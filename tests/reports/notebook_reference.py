"""The seed notebook's own computations (cells 14 to 17), transcribed line by line, pylab calls removed.

Kept verbatim on purpose, bugs included: the tests compare hcvvet's statistics with these.
"""

import numpy as np


def notebook_counts(utab_auto_class, utab_expert_class):
    """Cell 14 on a one-row-per-object table."""
    sfcount = np.bincount(utab_expert_class[utab_auto_class == 1])
    mfcount = np.bincount(utab_expert_class[utab_auto_class == 2])
    return sfcount, mfcount, sfcount / sfcount.sum(), mfcount / mfcount.sum()


def notebook_histograms(tab_mad, tab_expert_class, tab_filter_det_flag):
    """Cells 15 and 16: per-class and stacked histograms (what pylab.hist draws)."""
    w = np.where(tab_filter_det_flag > 0)[0]
    mad = tab_mad[w]
    e = tab_expert_class[w]
    xrange = [7.0e-3, 2.0]
    bins = xrange[0] * (xrange[1] / xrange[0]) ** np.linspace(0.0, 1.0, 50)
    separate = {c: np.histogram(mad[e == c], bins=bins)[0] for c in (1, 2, 4)}
    stacked = {
        "Artifact": np.histogram(mad, bins=bins)[0],
        "Likely Variable": np.histogram(mad[e < 4], bins=bins)[0],
        "Confident Variable": np.histogram(mad[e == 1], bins=bins)[0],
    }
    return bins, np.histogram(mad, bins=bins)[0], separate, stacked


def notebook_artifact_fraction(tab_mad, tab_expert_class, tab_filter_det_flag, *, top_bin_fixed=False):
    """Cell 17: returns (bin_lo, bin_hi, all_count, artifact_count, frac, ferr). `top_bin_fixed`: the one
    line hcvvet deliberately changes, the merged top bin's artifacts added rather than assigned."""
    w = np.where(tab_filter_det_flag > 0)[0]
    mad = tab_mad[w]
    e = tab_expert_class[w]

    xrange = [7.0e-3, 2.0]
    bins = xrange[0] * (xrange[1] / xrange[0]) ** np.linspace(0.0, 1.0, 30)

    all_count, bin_edges = np.histogram(mad, bins=bins)
    artifact_count, bin_edges = np.histogram(mad[e == 4], bins=bins)
    wnz = np.where(all_count > 0)[0]
    nnz = len(wnz)

    artifact_count = artifact_count[wnz]
    all_count = all_count[wnz]
    xerr = np.empty((2, nnz), dtype=float)
    xerr[0] = bin_edges[wnz]
    xerr[1] = bin_edges[wnz + 1]

    iz = np.where(all_count.cumsum() > 10)[0][0]
    if iz > 0:
        all_count[iz] += all_count[:iz].sum()
        artifact_count[iz] += artifact_count[:iz].sum()
        xerr[0, iz] = xerr[0, 0]
        all_count = all_count[iz:]
        artifact_count = artifact_count[iz:]
        xerr = xerr[:, iz:]
    iz = np.where(all_count[::-1].cumsum() > 40)[0][0]
    if iz > 0:
        all_count[-iz - 1] += all_count[-iz:].sum()
        if top_bin_fixed:  # hcvvet: the artifacts of the bin the tail merges into are kept
            artifact_count[-iz - 1] += artifact_count[-iz:].sum()
        else:  # the notebook: assigned, so that bin's own artifacts are lost
            artifact_count[-iz - 1] = artifact_count[-iz:].sum()
        xerr[1, -iz - 1] = xerr[1, -1]
        all_count = all_count[:-iz]
        artifact_count = artifact_count[:-iz]
        xerr = xerr[:, :-iz]

    frac = artifact_count / all_count
    ferr = np.sqrt(frac * (1 - frac) / all_count)
    return xerr[0], xerr[1], all_count, artifact_count, frac, ferr


def assert_notebook_histograms(hist, notebook) -> None:
    """`hist` (hcvvet's MAD histograms) draws exactly what `notebook_histograms` returned."""
    edges, all_counts, separate, stacked = notebook
    np.testing.assert_array_equal(hist.edges, edges)
    np.testing.assert_array_equal(hist.all_counts, all_counts)
    for expert_class, counts in separate.items():
        np.testing.assert_array_equal(hist.class_counts[expert_class], counts)
    layers = hist.stacked()
    np.testing.assert_array_equal(layers[1], stacked["Confident Variable"])
    np.testing.assert_array_equal(layers[2], stacked["Likely Variable"])
    np.testing.assert_array_equal(layers[4], stacked["Artifact"])

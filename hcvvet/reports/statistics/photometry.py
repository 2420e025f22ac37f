"""Pairing of two filters per object, for colour-magnitude diagrams (notebook cells 6 and 9)."""

from __future__ import annotations

import numpy as np


def filter_pairs(
    match_id: np.ndarray, filter_name: np.ndarray, blue: str, red: str
) -> tuple[np.ndarray, np.ndarray]:
    """Row indices (blue_rows, red_rows) of the objects measured in both filters, aligned by object.

    Arrays hold one row per object and filter, at most one row per (MatchID, filter). Any per-object column
    can then be taken at `blue_rows`; colour is `mag[blue_rows] - mag[red_rows]`.
    """
    match_id = np.asarray(match_id)
    filter_name = np.asarray(filter_name)
    blue_rows = np.flatnonzero(filter_name == blue)
    red_rows = np.flatnonzero(filter_name == red)
    _, in_blue, in_red = np.intersect1d(match_id[blue_rows], match_id[red_rows], return_indices=True)
    return blue_rows[in_blue], red_rows[in_red]

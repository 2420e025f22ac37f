"""Binomial confidence intervals that stay honest at fractions near 0 and 1."""

import numpy as np
from astropy.stats import binom_conf_interval

ONE_SIGMA = 0.682689492137086  # the notebook's error bars are 1-sigma


def wilson_interval(
    k: np.ndarray | int, n: np.ndarray | int, confidence_level: float = ONE_SIGMA
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (lower, upper) of k successes in n > 0 trials, within [0, 1]."""
    bounds = binom_conf_interval(k, n, confidence_level=confidence_level, interval="wilson")
    # rounding can put a bound a hair outside [0, 1], or past k/n, at k = 0 or k = n (e.g. a lower bound of
    # 3e-17 at k = 0): the interval is exactly [0, ...] and [..., 1] there
    lower, upper = np.clip(bounds, 0.0, 1.0)
    lower = np.where(np.asarray(k) == 0, 0.0, lower)
    upper = np.where(np.asarray(k) == np.asarray(n), 1.0, upper)
    return lower, upper

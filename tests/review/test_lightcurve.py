"""The candidate page's light-curve science (pure functions, no database)."""

import numpy as np

from hcvvet.review import lightcurve


def _epochs(band: str, mjd, mags, *, err: float = 0.01, rejected=()) -> list[dict]:
    return [
        {"filter": band, "mjd": float(t), "mag": float(m), "err": err, "rejected": i in rejected}
        for i, (t, m) in enumerate(zip(mjd, mags, strict=True))
    ]


def test_deviates_needs_both_three_robust_sigmas_and_three_error_bars():
    # MAD 0.01 mag -> 3 robust sigmas = 0.0445 mag; error 0.02 mag -> 3 error bars = 0.06 mag
    assert list(lightcurve.deviates(np.array([0.04, 0.05, 0.07]), 0.01, 0.0)) == [False, True, True]
    assert list(lightcurve.deviates(np.array([0.04, 0.05, 0.07]), 0.01, 0.02)) == [False, False, True]


def test_outliers_skip_rejected_epochs_and_find_the_jump():
    mags = [20.0, 20.01, 19.99, 20.0, 21.5, 20.01, 25.0]
    epochs = _epochs("ACS_F606W", range(7), mags, rejected={6})
    assert lightcurve.outliers(epochs, ["ACS_F606W"]) == [4]
    assert lightcurve.initial_epoch(epochs, [4]) == 4
    assert lightcurve.initial_epoch(epochs, []) == 0


def test_without_an_outlier_the_page_opens_on_the_first_epoch_of_the_filter_flagged_variable():
    epochs = _epochs("ACS_F475W", range(3), [21.0, 21.0, 21.0]) + _epochs(
        "ACS_F814W", range(3, 6), [20, 20, 20]
    )
    assert lightcurve.initial_epoch(epochs, [], ["ACS_F814W"]) == 3
    assert lightcurve.initial_epoch(epochs, [], ["WFC3_F110W", "ACS_F814W"]) == 3  # the first with epochs
    assert lightcurve.initial_epoch(epochs, [1], ["ACS_F814W"]) == 1  # an outlier first
    assert lightcurve.initial_epoch(epochs, [], []) == 0


def test_highlights_brightest_median_faintest_or_every_epoch_of_a_short_curve():
    long_curve = _epochs("ACS_F814W", range(7), [20.3, 20.0, 20.6, 20.1, 20.5, 20.2, 20.4])
    assert lightcurve.highlights(long_curve, ["ACS_F814W"]) == [
        {"epoch": 1, "role": "ACS_F814W brightest"},
        {"epoch": 0, "role": "ACS_F814W median"},
        {"epoch": 2, "role": "ACS_F814W faintest"},
    ]
    short_curve = _epochs("ACS_F475W", range(3), [20.3, 20.0, 20.6])
    assert [h["role"] for h in lightcurve.highlights(short_curve, ["ACS_F475W"])] == [
        "ACS_F475W #1",
        "ACS_F475W #2",
        "ACS_F475W #3",
    ]


def test_period_search_uses_the_best_sampled_filter_and_folds_a_clear_period():
    rng = np.random.default_rng(1)
    mjd = np.sort(rng.uniform(55000.0, 55030.0, 60))
    mags = 20.0 + 0.3 * np.sin(2 * np.pi * mjd / 2.5)
    epochs = _epochs("ACS_F606W", mjd, mags) + _epochs("ACS_F814W", mjd[:4], mags[:4])
    found = lightcurve.period_search(epochs, ["ACS_F606W", "ACS_F814W"])
    assert found["filter"] == "ACS_F606W"
    assert found["fold"]
    assert abs(found["period_days"] - 2.5) < 0.01
    assert len(found["periodogram"]["x"]) <= lightcurve.PERIODOGRAM_POINTS_MAX
    assert max(found["periodogram"]["y"]) > found["significant_power"]
    short = lightcurve.period_search(epochs[:4], ["ACS_F606W"])
    assert not short["fold"]
    assert short["reason"] == "too few visits for a period search (4 independent visits; 8 needed)"


def test_cmd_uses_the_blue_magnitude_against_blue_minus_red():
    rows = [(1, "ACS_F475W", 22.0, 0.01, 0), (1, "ACS_F814W", 20.5, 0.01, 0), (2, "ACS_F814W", 19.0, 0.02, 1)]
    assert lightcurve.colour_magnitude_table(rows, "ACS_F475W", "ACS_F814W").tolist() == [[1.5, 22.0, 0.0]]


def test_the_page_opens_on_the_most_deviant_outlier_whatever_its_filter():
    # F475W (bluer, listed first) has a small jump; F814W a large one: the large one is the most suspicious.
    blue = _epochs("ACS_F475W", range(7), [20.0, 20.01, 19.99, 20.0, 20.3, 20.01, 20.0])
    red = _epochs("ACS_F814W", range(7), [19.0, 19.01, 18.99, 19.0, 19.01, 21.0, 19.0])
    epochs = blue + red
    found = lightcurve.outliers(epochs, ["ACS_F475W", "ACS_F814W"])
    assert found == [12, 4]
    assert lightcurve.initial_epoch(epochs, found) == 12

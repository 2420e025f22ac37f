import numpy as np

from hcvvet.reports.statistics import filter_pairs


def test_filter_pairs_aligns_the_two_filters_of_each_object():
    match_id = np.array([7, 5, 7, 9, 5, 8])
    filters = np.array(["ACS_F814W", "ACS_F475W", "ACS_F475W", "ACS_F475W", "ACS_F814W", "ACS_F814W"])
    mag = np.array([22.0, 25.0, 23.5, 24.0, 24.2, 21.0])
    blue, red = filter_pairs(match_id, filters, "ACS_F475W", "ACS_F814W")
    assert match_id[blue].tolist() == match_id[red].tolist() == [5, 7]
    np.testing.assert_allclose(mag[blue] - mag[red], [0.8, 1.5])

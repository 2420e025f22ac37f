"""The catalogue's query vocabulary: filter names, wavelength order, VarQualFlag patterns, the cone's box."""

import pytest

from hcvvet.catalog.filters import (
    cone_box,
    filter_wavelength_nm,
    filter_wavelength_order,
    is_filter_name,
    normalise_filter_name,
    parse_var_qual_pattern,
    var_qual_matches,
)


@pytest.mark.parametrize("name", ["ACS_F475W", "WFC3_F160W", "WFPC2_F814W", "WFC3_F200LP", "ACS_F658N"])
def test_hcv_filter_names_are_accepted(name):
    assert is_filter_name(name)


@pytest.mark.parametrize("name", ["F814W", "ACS_814W", "ACS", "ACS_F814W;DROP", "ACS F814W", "X_F814W"])
def test_names_that_are_no_hcv_filter_are_refused(name):
    assert not is_filter_name(normalise_filter_name(name))


def test_filter_names_are_compared_in_the_catalogues_spelling():
    assert normalise_filter_name(" acs_f606w ") == "ACS_F606W"


def test_wavelength_order_is_bluest_first_with_unparsable_names_last():
    names = ["WFC3_F160W", "mystery", "ACS_F814W", "WFPC2_F336W", "ACS_F475W", "another"]
    assert sorted(names, key=filter_wavelength_order) == [
        "WFPC2_F336W",
        "ACS_F475W",
        "ACS_F814W",
        "WFC3_F160W",
        "another",
        "mystery",
    ]


def test_wavelength_ignores_digits_of_the_instrument_name():
    # WFC3 and WFPC2 carry digits; only the filter's own number is a wavelength.
    assert filter_wavelength_order("WFC3_F275W") < filter_wavelength_order("WFPC2_F300W")


def test_wfc3_infrared_filters_are_numbered_in_tens_of_nm():
    assert filter_wavelength_nm("WFC3_F160W") == 1600
    assert filter_wavelength_nm("WFC3_F275W") == 275
    assert filter_wavelength_nm("WFPC2_F160BW") == 160
    assert filter_wavelength_nm("ACS_F1042M") == 1042


@pytest.mark.parametrize(
    ("text", "pattern"), [("AABC?", "AABC?"), ("a_a", "A?A"), ("-----", "-----"), ("B", "B"), ("c?", "C?")]
)
def test_var_qual_patterns_are_grades_a_to_c_or_dash_with_wildcards(text, pattern):
    assert parse_var_qual_pattern(text) == pattern


@pytest.mark.parametrize("text", ["", "A*B", "A%", "D", "AAE", "F", "AAZ", "AAAAAA", "A.B"])
def test_var_qual_patterns_outside_the_hcv_grammar_are_refused(text):
    with pytest.raises(ValueError, match="VarQualFlag"):
        parse_var_qual_pattern(text)


def test_a_var_qual_pattern_matches_by_prefix_with_wildcards():
    assert var_qual_matches("A?C", "ABCAB")
    assert var_qual_matches("AABCA", "AABCA")
    assert not var_qual_matches("A?C", "ABBAB")
    assert var_qual_matches("--", "-----")


def test_cone_box_at_mid_declination_widens_in_ra():
    box = cone_box(187.7, 12.39, 36.0)
    assert box.dec_min == pytest.approx(12.38)
    assert box.dec_max == pytest.approx(12.40)
    ((ra_min, ra_max),) = box.ra_ranges
    assert ra_max - ra_min > 0.02


def test_cone_box_wraps_around_ra_zero_in_two_ranges():
    assert [r for r, _ in cone_box(0.0, 0.0, 36.0).ra_ranges] == [pytest.approx(359.99), 0.0]
    assert len(cone_box(359.999, 0.0, 36.0).ra_ranges) == 2


def test_cone_box_reaching_a_pole_has_no_ra_limit():
    assert cone_box(100.0, 89.99, 3600.0).ra_ranges == ()

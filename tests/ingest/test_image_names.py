"""HLA image names parse into instrument, detector, filter, proposal and visit for every instrument."""

import pytest

from hcvvet.ingest.services.loader import parse_image_name


@pytest.mark.parametrize(
    ("name", "instrument", "detector", "filter_name", "proposal", "visit"),
    [
        ("hst_10543_29_acs_wfc_f606w", "acs", "wfc", "f606w", 10543, "29"),
        ("hst_11360_01_wfc3_uvis_f555w", "wfc3", "uvis", "f555w", 11360, "01"),
        ("hst_12345_a1_wfc3_ir_f160w", "wfc3", "ir", "f160w", 12345, "a1"),
        ("hst_05370_02_wfpc2_f814w_wf", "wfpc2", "wf", "f814w", 5370, "02"),
        ("hst_08059_03_wfpc2_f606w_pc", "wfpc2", "pc", "f606w", 8059, "03"),
    ],
)
def test_image_names_of_every_instrument_parse(name, instrument, detector, filter_name, proposal, visit):
    image = parse_image_name(name)
    assert (image.instrument, image.detector, image.filter) == (instrument, detector, filter_name)
    assert (image.proposal_id, image.visit) == (proposal, visit)

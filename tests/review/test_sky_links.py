"""The review page's sky data: HLA pixel scales from image names, scale bars, and links out built from the
candidate's coordinates (never fetched by the server: they are only in the page's data)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from hcvvet.review import sky_links
from hcvvet.vetting.queues import default_campaign
from tests.e2e.review_data import build_review_field

NOVA = {"match_id": 1905457, "ra_deg": 187.716370, "dec_deg": 12.398979}


@pytest.mark.parametrize(
    ("image", "scale"),
    [
        ("hst_10543_29_acs_wfc_f606w", 0.05),
        ("hst_11360_01_wfc3_uvis_f555w", 0.04),
        ("hst_11360_02_wfc3_ir_f160w", 0.09),
        ("hst_05370_02_wfpc2_f814w_wf", 0.1),
        ("HST_10543_29_ACS_HRC_F606W", 0.025),
        ("hst_10543_29_stis_ccd_clear", None),
        ("not an image", None),
    ],
)
def test_pixel_scale_comes_from_the_hla_image_name(image, scale):
    assert sky_links.pixel_scale_arcsec(image) == scale


@pytest.mark.parametrize(
    ("size_px", "scale", "arcsec"),
    [(19, 0.05, 0.25), (101, 0.05, 2.0), (101, 0.1, 2.0), (19, 0.04, 0.25), (101, 0.04, 1.0)],
)
def test_a_scale_bar_is_the_longest_round_length_within_four_tenths_of_the_cutout(size_px, scale, arcsec):
    bar = sky_links.scale_bar(size_px, scale)
    assert bar["arcsec"] == arcsec
    assert bar["fraction"] == pytest.approx(arcsec / (size_px * scale), abs=1e-4)
    assert bar["fraction"] <= sky_links.BAR_MAX_FRACTION


def test_links_out_carry_the_candidates_coordinates():
    sky = sky_links.candidate_sky(
        **NOVA, images=["hst_10543_29_acs_wfc_f606w"] * 3, sizes_px={"inner": 19, "outer": 101}
    )
    links = {link["name"]: link["url"] for link in sky["links"]}
    simbad = parse_qs(urlsplit(links["SIMBAD"]).query)
    assert simbad["Coord"] == ["187.716370 +12.398979"]
    assert (simbad["Radius"], simbad["Radius.unit"]) == (["5"], ["arcsec"])
    assert parse_qs(urlsplit(links["ESASky"]).query)["target"] == ["187.716370 +12.398979"]
    assert parse_qs(urlsplit(links["MAST portal"]).query)["searchQuery"] == ["187.716370 +12.398979"]
    assert all(urlsplit(url).scheme == "https" for url in links.values())
    assert sky["pixel_scales"] == {"hst_10543_29_acs_wfc_f606w": 0.05}
    assert sky["bars"]["0.05"]["outer"]["arcsec"] == 2.0
    fitscut = next(link for link in sky["image_links"] if link["name"] == "fitscut")["url"]
    query = parse_qs(urlsplit(fitscut.replace(sky["image_placeholder"], "hst_x")).query)
    assert (query["red"], query["ra"], query["dec"]) == (["hst_x"], ["187.716370"], ["12.398979"])


@pytest.mark.django_db
def test_the_page_data_names_every_image_of_the_light_curve(client, expert):
    candidate = build_review_field(candidates=1, constants=5, n_points=5, cutouts=False)[0]
    client.force_login(expert)
    page = client.get(f"/review/{default_campaign().pk}/{candidate.pk}.json").json()
    assert set(page["sky"]["pixel_scales"]) == {epoch["image"] for epoch in page["epochs"]}
    simbad = next(link for link in page["sky"]["links"] if link["name"] == "SIMBAD")["url"]
    assert f"{candidate.ra_deg:.6f}" in parse_qs(urlsplit(simbad).query)["Coord"][0]

"""The catalogue estimates page (/triage/estimates/) and its downloads: both estimates side by side with
their interval widths, a clear 400 for an unknown or MAD-ordered campaign, the label reports' refusal for a
blind voter, and exports that astropy reads back with the page's numbers and the provenance every export
carries."""

import io
import json

import numpy as np
import pytest
from astropy.io import votable
from astropy.table import Table

from hcvvet.triage.estimates import campaign_estimates
from tests.conftest import page_client
from tests.triage.estimates_world import build_estimates_world

pytestmark = pytest.mark.django_db

PAGE = "/triage/estimates/"
TABLE_FORMATS = ("csv", "ecsv", "votable", "fits")
NUMBERS = ("ppi_fraction", "ppi_lo", "ppi_hi", "labels_fraction", "wilson_lo", "wilson_hi", "mean_p_artifact")


@pytest.fixture
def world(curator, expert, other_expert):
    return build_estimates_world(curator, expert, other_expert)


def _row_html(html: str, group: str, key: str) -> str:
    start = html.index(f'<tr data-group="{group}" data-key="{key}">')
    return html[start : html.index("</tr>", start)]


def test_the_page_shows_both_estimates_and_their_widths_side_by_side(world, curator):
    result = campaign_estimates(world.random)
    client = page_client(curator)
    page = client.get(PAGE, {"campaign": world.random.name})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<tr data-group=") == len(result.rows)
    every = _row_html(html, "all", "")
    for estimate in (result.rows[0].ppi, result.rows[0].labels_only):
        assert f"{estimate.estimate:.3f}" in every
        assert f"{estimate.lower:.3f} \u2013 {estimate.upper:.3f} (± {estimate.half_width:.3f})" in every
    # the gain shows: the model narrows the interval of all candidates
    assert result.rows[0].ppi.half_width < result.rows[0].labels_only.half_width
    few = next(r for r in result.rows if r.labels == 1)
    assert "too few labels" in _row_html(html, few.group, few.key)
    assert f"/triage/estimates.fits?campaign={world.random.name.replace(' ', '%20')}" in html
    # where curators find it: beside the anchoring report, and on a campaign with a random sample
    assert b'href="/triage/estimates/"' in client.get("/admin/triage/triagemodel/").content
    assert b'id="estimates-link"' in client.get(f"/admin/vetting/campaign/{world.random.pk}/change/").content
    assert (
        b'id="estimates-link"' not in client.get(f"/admin/vetting/campaign/{world.by_mad.pk}/change/").content
    )


def test_an_unknown_or_mad_ordered_campaign_is_a_clear_400(world, curator):
    client = page_client(curator)
    chooser = client.get(PAGE)
    assert chooser.status_code == 200
    assert "By MAD (highest MAD first: no estimate)" in chooser.content.decode()
    unknown = client.get(PAGE, {"campaign": "No such"})
    assert unknown.status_code == 400
    assert "No campaign is named &#x27;No such&#x27;." in unknown.content.decode()
    by_mad = client.get(PAGE, {"campaign": world.by_mad.name})
    assert by_mad.status_code == 400
    assert "not a random sample" in by_mad.content.decode()
    nul = client.get(PAGE, {"campaign": "a\x00b"})
    assert nul.status_code == 400
    assert "a name holds no null character" in nul.content.decode()
    for campaign, message in (
        ("No such", "No campaign is named"),
        (world.by_mad.name, "not a random sample"),
        ("a\x00b", "a name holds no null character"),
    ):
        download = client.get("/triage/estimates.csv", {"campaign": campaign})
        assert download.status_code == 400
        assert download.content.decode().startswith("campaign: ")
        assert message in download.content.decode()
    wrong = client.get(f"/triage/estimates.png?campaign={world.random.name}")
    assert (wrong.status_code, wrong.content) == (
        400,
        b"unknown format 'png'; expected one of csv, ecsv, votable, fits, json",
    )


def test_a_blind_voter_is_refused_the_page_and_every_export_as_the_label_report(world, expert, curator):
    name = world.random.name  # blind, under way, and ada votes in it
    report = page_client(expert).get(
        "/reports/artifact-fraction.json", {"source": "labels", "campaign": name}
    )
    assert report.status_code == 403
    page = page_client(expert).get(PAGE, {"campaign": name})
    assert page.status_code == 403
    assert "is blind and not closed" in page.content.decode()
    for fmt in (*TABLE_FORMATS, "json"):
        download = page_client(expert).get(f"/triage/estimates.{fmt}", {"campaign": name})
        assert (download.status_code, download.content) == (403, report.content)
    # a curator who does not vote in it has them
    assert page_client(curator).get(PAGE, {"campaign": name}).status_code == 200


def _read(fmt: str, body: bytes) -> Table:
    """Read with astropy alone, as a user would."""
    if fmt == "csv":
        lines = body.decode().splitlines()
        table = Table.read([line for line in lines if not line.startswith("#")], format="ascii.csv")
        table.meta = dict(
            line[len("# meta.") :].split(": ", 1) for line in lines if line.startswith("# meta.")
        )
        return table
    if fmt == "ecsv":
        return Table.read(body.decode().splitlines(), format="ascii.ecsv")
    if fmt == "votable":
        document = votable.parse(io.BytesIO(body))
        table = document.get_first_table().to_table(use_names_over_ids=True)
        table.meta = {info.name: info.value for info in document.resources[0].infos}
        return table
    table = Table.read(io.BytesIO(body), format="fits")
    table.meta = {key.lower(): value for key, value in table.meta.items()}
    return table


def _number(estimate: dict | None, index: int | None) -> float:
    if estimate is None:
        return np.nan
    return estimate["estimate"] if index is None else estimate["interval_95"][index]


def test_every_export_reads_back_with_astropy_with_the_same_numbers_and_provenance(world, curator):
    client = page_client(curator)
    for campaign in (world.random, world.sampled):
        document = json.loads(client.get("/triage/estimates.json", {"campaign": campaign.name}).content)
        assert document["rows"] == campaign_estimates(campaign).as_json()["rows"]
        assert "Bonanos et al. 2019" in document["provenance"]["citation"]
        assert document["provenance"]["campaign"] == campaign.name
        assert document["provenance"]["label_source"] == "labels"
        rows = document["rows"]
        expected = {
            "ppi_fraction": [_number(r["prediction_powered"], None) for r in rows],
            "ppi_lo": [_number(r["prediction_powered"], 0) for r in rows],
            "ppi_hi": [_number(r["prediction_powered"], 1) for r in rows],
            "labels_fraction": [_number(r["labels_only"], None) for r in rows],
            "wilson_lo": [_number(r["labels_only"], 0) for r in rows],
            "wilson_hi": [_number(r["labels_only"], 1) for r in rows],
            "mean_p_artifact": [r["mean_prediction"] for r in rows],
        }
        for fmt in TABLE_FORMATS:
            response = client.get(f"/triage/estimates.{fmt}", {"campaign": campaign.name})
            assert response.status_code == 200
            assert response["Content-Disposition"].startswith(
                'attachment; filename="hcvvet-catalogue-estimates-'
            )
            table = _read(fmt, response.content)
            assert table["n_labels"].tolist() == [r["labels"] for r in rows], fmt
            assert table["group_name"].tolist() == [r["name"] for r in rows], fmt
            for column in NUMBERS:
                got = np.ma.filled(np.ma.asarray(table[column], dtype=float), np.nan)  # masked: no value
                np.testing.assert_allclose(got, expected[column], rtol=1e-12, err_msg=f"{fmt} {column}")
            assert "Bonanos et al. 2019" in str(table.meta["citation"]), fmt
            assert str(table.meta["campaign"]) == campaign.name, fmt
            assert str(table.meta["labels_only_unbiased"]) == str(campaign != world.sampled), fmt

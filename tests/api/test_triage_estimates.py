"""`GET /api/triage/estimates/?campaign=`: a campaign's catalogue estimates as JSON, refused to a blind voter
as the artifact-fraction report from its labels is, a clear 400 for a missing, unknown or MAD-ordered
campaign, and documented in the OpenAPI schema like its neighbours."""

import numpy as np
import pytest
from astropy.stats import binom_conf_interval

from hcvvet.triage.estimates import campaign_estimates
from hcvvet.vetting.models import CampaignCandidate, ConsensusState
from tests.conftest import token_client
from tests.triage.estimates_world import build_estimates_world

pytestmark = pytest.mark.django_db

URL = "/api/triage/estimates/"


@pytest.fixture
def world(curator, expert, other_expert):
    return build_estimates_world(curator, expert, other_expert)


def test_a_curator_gets_both_estimates_of_a_campaign(world, curator):
    response = token_client(curator).get(URL, {"campaign": world.uncertainty.name})
    assert response.status_code == 200
    body = response.json()
    assert body == campaign_estimates(world.uncertainty).as_json()
    assert (body["design"], body["population"], body["without_prediction"]) == ("audit", 55, 3)
    every = body["rows"][0]
    # the labels alone: the audit sample's decided items with a prediction, and astropy's Wilson interval
    audit = CampaignCandidate.objects.filter(
        campaign=world.uncertainty,
        is_gold=False,
        in_audit=True,
        consensus__in=[ConsensusState.AGREED, ConsensusState.ADJUDICATED],
        candidate_id__in=list(world.p_artifact),
    )
    artifacts = audit.filter(consensus_class=4).count()
    assert (every["name"], every["labels"], every["artifacts"]) == (
        "all candidates",
        audit.count(),
        artifacts,
    )
    low, high = binom_conf_interval(artifacts, audit.count(), confidence_level=0.95, interval="wilson")
    assert every["labels_only"]["interval_95"] == pytest.approx([low, high], abs=1e-12)
    lower, upper = every["prediction_powered"]["interval_95"]
    assert lower < every["prediction_powered"]["estimate"] < upper
    items = CampaignCandidate.objects.filter(campaign=world.uncertainty, is_gold=False)
    predicted = [
        world.p_artifact[m] for m in items.values_list("candidate_id", flat=True) if m in world.p_artifact
    ]
    assert every["mean_prediction"] == pytest.approx(np.mean(predicted))


def test_a_blind_voter_is_refused_as_the_label_report(world, expert):
    client = token_client(expert)
    report = client.get(
        "/api/reports/artifact-fraction/", {"source": "labels", "campaign": world.random.name}
    )
    refused = client.get(URL, {"campaign": world.random.name})
    assert refused.status_code == report.status_code == 403
    assert refused.json() == report.json()
    assert "is blind and not closed" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("campaign", "message"),
    [
        ("", "give the name of a campaign"),
        ("No such", "no campaign is named 'No such'"),
        ("By MAD", "not a random sample"),
    ],
)
def test_a_missing_unknown_or_mad_ordered_campaign_is_a_400_naming_the_field(
    world, curator, campaign, message
):
    response = token_client(curator).get(URL, {"campaign": campaign} if campaign else {})
    assert response.status_code == 400
    assert list(response.json()) == ["campaign"]
    assert message in response.json()["campaign"][0]


def test_the_schema_documents_the_endpoint(world, viewer):
    schema = token_client(viewer).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"][URL]["get"]
    (parameter,) = operation["parameters"]
    assert (parameter["name"], parameter["required"]) == ("campaign", True)
    reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    assert {"rows", "design", "labels_only_unbiased", "population"} <= set(component["properties"])
    assert "Wilson" in operation["description"]

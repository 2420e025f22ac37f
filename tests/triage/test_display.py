"""The model on the review page: the campaign's `model_display` (never, after the vote, before it) in the page
JSON and the page itself; the blind rule (a prediction that may rest on a class a blind voter may not see
waits for their vote, on the page, in its JSON and in the triage API); the shown-prediction record checked
against what the page shows and saved with each label, through the review page and the API."""

import json

import pytest
from django.utils import timezone

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate, Measurement
from hcvvet.triage.models import Prediction, ShownPrediction, TriageModel
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Label, ModelDisplay
from tests.conftest import page_client, token_client
from tests.e2e.review_data import build_review_field
from tests.triage.predictions import active_model, predict
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db

# Distinct, exactly representable probabilities: what the page shows is compared to the digit.
PROBABILITIES = {"unclassified": (0.125, 0.25, 0.625), "classified": (0.5, 0.375, 0.125)}


@pytest.fixture
def field(make_user):
    """Two candidates outside the default queue (AutoClass 0), one the catalogue never classified and one it
    did, each predicted by the active model, which names an epoch of it."""
    annie = make_user("annie", Role.EXPERT)
    bert = make_user("bert", Role.EXPERT)
    unclassified, classified = build_review_field(candidates=2, constants=10, cutouts=False)
    Candidate.objects.filter(pk__in=[unclassified.pk, classified.pk]).update(auto_class=0)
    Candidate.objects.filter(pk=classified.pk).update(hcv_expert_class=4)
    model = active_model()
    for candidate, key in ((unclassified, "unclassified"), (classified, "classified")):
        epoch = Measurement.objects.filter(candidate=candidate).order_by("mjd")[3]
        reasons = tuple(f"reason {i} of {key}" for i in range(4))
        predict(candidate, model, PROBABILITIES[key], epoch=epoch, reasons=reasons)
    return {
        "annie": annie,
        "bert": bert,
        "unclassified": unclassified,
        "classified": classified,
        "model": model,
    }


def _campaign(field, display: str, *, blind: bool = True, votes_needed: int = 2):
    campaign = active_campaign(
        experts=[field["annie"], field["bert"]],
        candidates=[field["unclassified"], field["classified"]],
        votes_needed=votes_needed,
        blind=blind,
        name=f"display {display} {blind}",
    )
    campaign.model_display = display
    campaign.save(update_fields=["model_display"])
    return campaign


def _page_json(client, campaign, candidate) -> dict:
    response = client.get(f"/review/{campaign.pk}/{candidate.pk}.json")
    assert response.status_code == 200, response.content
    return response.json()


def _page_html_json(client, campaign, candidate) -> dict:
    """The page data the HTML page embeds (what review.js renders first)."""
    response = client.get(f"/review/{campaign.pk}/{candidate.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<script id="page-data" type="application/json">') + len(
        '<script id="page-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def _label(client, campaign, candidate, expert_class: int, shown) -> object:
    return client.post(
        f"/review/{campaign.pk}/{candidate.pk}/label",
        data=json.dumps({"expert_class": expert_class, "shown": shown}),
        content_type="application/json",
    )


def _claim(prediction: dict | None) -> dict | None:
    return None if prediction is None else {k: prediction[k] for k in ("model", "probabilities")}


def test_never_shows_no_prediction_before_or_after_the_vote(field):
    campaign = _campaign(field, ModelDisplay.NEVER, blind=False)
    client = page_client(field["annie"])
    for page in (_page_json, _page_html_json):
        data = page(client, campaign, field["unclassified"])
        assert data["model"] == {
            "display": "never",
            "prediction": None,
            "withheld": "this campaign does not show the model",
        }
    response = _label(client, campaign, field["unclassified"], 1, None)
    assert response.status_code == 200
    assert response.json()["model_after"] is None
    assert _page_json(client, campaign, field["unclassified"])["model"]["prediction"] is None
    record = ShownPrediction.objects.get(label__expert=field["annie"])
    # nothing shown; the model's prediction kept beside it for the anchoring report
    assert (record.shown, record.display, record.model_version) == ("none", "never", field["model"].pk)


def test_after_shows_the_prediction_only_once_this_expert_voted(field):
    campaign = _campaign(field, ModelDisplay.AFTER, blind=False)
    annie, bert = page_client(field["annie"]), page_client(field["bert"])
    candidate = field["unclassified"]
    for page in (_page_json, _page_html_json):
        data = page(annie, campaign, candidate)["model"]
        assert data["prediction"] is None
        assert data["withheld"] == "the model's prediction shows after your vote"

    response = _label(annie, campaign, candidate, 2, None)

    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["shown"] == "after"
    assert answer["model_after"]["probabilities"] == {"1": 0.125, "2": 0.25, "4": 0.625}
    for page in (_page_json, _page_html_json):
        assert page(annie, campaign, candidate)["model"]["prediction"]["model_class"] == 4
        assert page(bert, campaign, candidate)["model"]["prediction"] is None  # bert has not voted
    record = ShownPrediction.objects.get(label__expert=field["annie"])
    assert (record.shown, record.model_version, record.p_artifact) == ("after", field["model"].pk, 0.625)


def test_before_shows_probabilities_three_reasons_and_the_suspicious_epoch(field):
    campaign = _campaign(field, ModelDisplay.BEFORE, blind=False)
    candidate = field["unclassified"]
    for page in (_page_json, _page_html_json):
        data = page(page_client(field["annie"]), campaign, candidate)
        prediction = data["model"]["prediction"]
        assert prediction["model"] == field["model"].pk
        assert prediction["probabilities"] == {"1": 0.125, "2": 0.25, "4": 0.625}
        assert prediction["model_class"] == 4
        assert prediction["reasons"] == [f"reason {i} of unclassified" for i in range(3)]
        epoch = Prediction.objects.get(candidate=candidate).suspicious_measurement_id
        index = prediction["suspicious_epoch"]["index"]
        assert data["epochs"][index]["id"] == epoch


def test_the_page_offers_a_key_for_the_models_epoch(field):
    campaign = _campaign(field, ModelDisplay.BEFORE, blind=False)
    html = (
        page_client(field["annie"]).get(f"/review/{campaign.pk}/{field['unclassified'].pk}/").content.decode()
    )
    assert 'id="model-panel"' in html
    assert "<kbd>m</kbd>" in html or ">m<" in html


def test_a_blind_voter_never_sees_a_prediction_that_may_rest_on_a_class_they_may_not_see(field):
    campaign = _campaign(field, ModelDisplay.BEFORE, blind=True)
    annie = page_client(field["annie"])
    api = token_client(field["annie"])
    classified = field["classified"]
    for page in (_page_json, _page_html_json):
        data = page(annie, campaign, classified)["model"]
        assert data["prediction"] is None
        assert data["withheld"].startswith("blind review")
    answer = api.get(f"/api/triage/predictions/{classified.pk}/").json()
    assert (answer["hidden"], answer["prediction"]) == (True, None)
    assert b"0.375" not in annie.get(f"/review/{campaign.pk}/{classified.pk}/").content
    # the unclassified candidate has no class the model could have learned from: its guess shows
    assert (
        _page_json(annie, campaign, field["unclassified"])["model"]["prediction"]["model"]
        == field["model"].pk
    )
    assert api.get(f"/api/triage/predictions/{field['unclassified'].pk}/").json()["hidden"] is False

    # bert's consensus on the unclassified one in another campaign came after the model read its labels:
    # the model's guess still rests on no class of it
    other = active_campaign(
        experts=[field["bert"]], candidates=[field["unclassified"]], votes_needed=1, name="b"
    )
    label_submit(campaign=other, candidate=field["unclassified"], expert=field["bert"], expert_class=1)
    assert _page_json(annie, campaign, field["unclassified"])["model"]["prediction"] is not None
    # a model that read it may have learned bert's class: withheld until annie votes
    TriageModel.objects.filter(pk=field["model"].pk).update(labels_through=timezone.now())
    assert _page_json(annie, campaign, field["unclassified"])["model"]["prediction"] is None
    assert api.get(f"/api/triage/predictions/{field['unclassified'].pk}/").json()["prediction"] is None

    # once annie voted, nothing is hidden from her any more
    assert _label(annie, campaign, classified, 1, None).status_code == 200
    assert _page_json(annie, campaign, classified)["model"]["prediction"]["probabilities"]["2"] == 0.375
    assert api.get(f"/api/triage/predictions/{classified.pk}/").json()["hidden"] is False


def test_the_label_records_the_prediction_the_page_showed_and_refuses_another(field):
    campaign = _campaign(field, ModelDisplay.BEFORE, blind=False)
    annie = page_client(field["annie"])
    candidate = field["unclassified"]
    shown = _page_json(annie, campaign, candidate)["model"]["prediction"]

    wrong = _claim(shown) | {"probabilities": {"1": 0.2, "2": 0.2, "4": 0.6}}
    for claim in (wrong, None, _claim(shown) | {"model": field["model"].pk + 1}, {"model": "x"}):
        response = _label(annie, campaign, candidate, 4, claim)
        assert response.status_code == 400, claim
        assert response.json()["field"] == "shown"
    assert not Label.objects.filter(expert=field["annie"]).exists()

    response = _label(annie, campaign, candidate, 4, _claim(shown))

    assert response.status_code == 200, response.content
    record = ShownPrediction.objects.get(label__expert=field["annie"])
    assert (record.shown, record.display, record.model_id, record.expert_class) == (
        "before",
        "before",
        field["model"].pk,
        4,
    )
    assert record.probabilities == {1: 0.125, 2: 0.25, 4: 0.625}


def test_a_page_that_shows_nothing_cannot_claim_a_prediction(field):
    campaign = _campaign(field, ModelDisplay.NEVER, blind=False)
    claim = {"model": field["model"].pk, "probabilities": {"1": 0.125, "2": 0.25, "4": 0.625}}
    response = _label(page_client(field["annie"]), campaign, field["unclassified"], 1, claim)
    assert response.status_code == 400
    assert response.json()["field"] == "shown"


def test_the_api_label_checks_and_records_what_the_client_showed(field):
    campaign = _campaign(field, ModelDisplay.BEFORE, blind=False)
    api = token_client(field["annie"])
    candidate, other = field["unclassified"], field["classified"]
    base = {"campaign": campaign.pk, "expert_class": 4}
    bad = api.post(
        "/api/labels/",
        base | {"candidate": candidate.pk, "shown": {"model": field["model"].pk, "probabilities": {"1": 1}}},
        format="json",
    )
    assert bad.status_code == 400
    assert "shown" in bad.json(), bad.json()
    claim = {"model": field["model"].pk, "probabilities": {"1": 0.125, "2": 0.25, "4": 0.625}}
    assert (
        api.post(
            "/api/labels/", base | {"candidate": candidate.pk, "shown": claim}, format="json"
        ).status_code
        == 201
    )
    assert api.post("/api/labels/", base | {"candidate": other.pk}, format="json").status_code == 201
    records = {r.label.candidate_id: r.shown for r in ShownPrediction.objects.select_related("label")}
    assert records == {candidate.pk: "before", other.pk: "unknown"}
    listed = api.get("/api/triage/shown/").json()["results"]
    assert {(r["candidate"], r["shown"]) for r in listed} == {(candidate.pk, "before"), (other.pk, "unknown")}
    # the prediction kept beside a label saved without one shown is for the anchoring report only
    assert {r["candidate"]: r["probabilities"] for r in listed}[other.pk] is None
    # a change of vote by the API rewrites the record: the client did not say what it showed
    label = Label.objects.get(candidate=candidate, expert=field["annie"])
    assert api.patch(f"/api/labels/{label.pk}/", {"expert_class": 2}, format="json").status_code == 200
    record = ShownPrediction.objects.get(label=label)
    assert (record.shown, record.expert_class) == ("unknown", 2)


def test_anchoring_compares_agreement_when_shown_before_after_and_never(field, curator):
    before = _campaign(field, ModelDisplay.BEFORE, blind=False)
    never = _campaign(field, ModelDisplay.NEVER, blind=False)
    annie = page_client(field["annie"])
    for candidate in (field["unclassified"], field["classified"]):
        shown = _claim(_page_json(annie, before, candidate)["model"]["prediction"])
        model_class = 4 if candidate == field["unclassified"] else 1
        assert _label(annie, before, candidate, model_class, shown).status_code == 200  # both agree
        assert _label(annie, never, candidate, 2, None).status_code == 200  # neither agrees

    rows = {r["shown"]: r for r in token_client(curator).get("/api/triage/anchoring/").json()["rows"]}

    assert (rows["before"]["labels"], rows["before"]["agree"], rows["before"]["share"]) == (2, 2, 1.0)
    assert (rows["none"]["labels"], rows["none"]["agree"], rows["none"]["share"]) == (2, 0, 0.0)
    low, high = rows["before"]["interval_95"]
    assert high == 1.0
    assert 0.3 < low < 0.4  # Wilson, 2 of 2: 0.342
    assert (rows["after"]["labels"], rows["after"]["interval_95"]) == (0, None)
    page = page_client(curator).get("/triage/anchoring/", {"campaign": before.name})
    assert page.status_code == 200
    assert b'data-shown="before"' in page.content
    # where curators look: the page of a campaign that shows the model, and the model versions
    admin = page_client(curator)
    assert b'id="anchoring-link"' in admin.get(f"/admin/vetting/campaign/{before.pk}/change/").content
    assert b'id="anchoring-link"' not in admin.get(f"/admin/vetting/campaign/{never.pk}/change/").content
    assert b'href="/triage/anchoring/"' in admin.get("/admin/triage/triagemodel/").content
    # the anchoring report is label data: a blind voter gets it refused, as the label reports
    blind = _campaign(field, ModelDisplay.BEFORE, blind=True)
    refused = token_client(field["annie"]).get("/api/triage/anchoring/", {"campaign": blind.name})
    assert refused.status_code == 403
    assert page_client(field["annie"]).get("/triage/anchoring/", {"campaign": blind.name}).status_code == 403


def test_a_campaign_name_with_a_nul_character_is_a_400_on_the_anchoring_page(curator):
    """No campaign holds a NUL (PostgreSQL text cannot): the page says so, as for an unknown name."""
    response = page_client(curator).get("/triage/anchoring/", {"campaign": "M87\x00 pilot"})
    assert response.status_code == 400
    assert b"No campaign is named" in response.content

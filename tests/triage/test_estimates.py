"""Catalogue estimates (`triage.estimates`) on a mixed database, against an independent computation with
numpy (and scipy, astropy) from the same rows: which labels count in each kind of campaign, the
prediction-powered estimate, the sampled order's weighted one, and the Wilson interval of the labels alone;
before any model has predicted a random campaign, the labels alone on the page, in every download and
against Wilson's formula written out."""

import csv
import io
import json
import re

import numpy as np
import pytest
from astropy.io import votable
from astropy.stats import binom_conf_interval
from astropy.table import Table
from scipy.optimize import brentq
from scipy.stats import norm

from hcvvet.triage.estimates import EstimateRefused, campaign_estimates
from hcvvet.triage.models import HeldOutPrediction, ModelState, TriageModel
from hcvvet.vetting.campaigns import campaign_close
from hcvvet.vetting.models import CampaignCandidate, ConsensusState
from tests.conftest import page_client

from .estimates_world import build_estimates_world, build_unpredicted_world, labels_only_by_hand
from .predictions import active_model, predict

pytestmark = pytest.mark.django_db

Z = norm.ppf(0.975)
EDGES = 7.0e-3 * (2.0 / 7.0e-3) ** np.linspace(0.0, 1.0, 30)  # the artifact-fraction report's 29 bins


@pytest.fixture
def world(curator, expert, other_expert):
    return build_estimates_world(curator, expert, other_expert)


def _items(campaign, p_artifact):
    """(MatchID, p, decided, y, in_audit, priority, AutoClass) of the campaign's non-gold items with a
    prediction, read from the rows."""
    rows = CampaignCandidate.objects.filter(campaign=campaign, is_gold=False).values_list(
        "candidate_id", "consensus", "consensus_class", "in_audit", "priority", "candidate__auto_class"
    )
    out = []
    for match_id, consensus, cls, in_audit, priority, auto_class in sorted(rows):
        if match_id not in p_artifact:
            continue
        decided = consensus in (ConsensusState.AGREED, ConsensusState.ADJUDICATED) and cls is not None
        out.append((match_id, p_artifact[match_id], decided, float(cls == 4), in_audit, priority, auto_class))
    columns = list(zip(*out, strict=True))
    return {
        name: np.array(values)
        for name, values in zip(
            ("match_id", "f", "decided", "y", "audit", "priority", "auto"), columns, strict=True
        )
    }


def _ppi_plus(y, f_labelled, f_unlabelled):
    """PPI++ (power-tuned) for a mean, written out."""
    n, big_n = y.size, f_unlabelled.size
    lam = np.cov(y, f_labelled)[0, 1] / (
        (1 + n / big_n) * np.concatenate([f_labelled, f_unlabelled]).var(ddof=1)
    )
    residual = y - lam * f_labelled
    estimate = lam * f_unlabelled.mean() + residual.mean()
    se = np.sqrt(lam**2 * f_unlabelled.var(ddof=1) / big_n + residual.var(ddof=1) / n)
    return estimate, estimate - Z * se, estimate + Z * se


def _wilson(y):
    lo, hi = binom_conf_interval(int(y.sum()), y.size, confidence_level=0.95, interval="wilson")
    return y.mean(), lo, hi


def _row(result, group, key=""):
    return next(r for r in result.rows if r.group == group and r.key == key)


def _assert_row(row, expected_ppi, expected_wilson, n_labels):
    assert row.labels == n_labels
    assert (row.ppi.estimate, row.ppi.lower, row.ppi.upper) == pytest.approx(expected_ppi, abs=1e-12)
    got = (row.labels_only.estimate, row.labels_only.lower, row.labels_only.upper)
    assert got == pytest.approx(expected_wilson, abs=1e-12)


def test_a_random_campaign_corrects_the_model_with_its_decided_labels(world):
    items = _items(world.random, world.p_artifact)
    result = campaign_estimates(world.random)
    # 14 agreed and one adjudicated; disputed, skipped, half-voted and gold items are no label
    decided = CampaignCandidate.objects.filter(
        campaign=world.random,
        is_gold=False,
        consensus__in=[ConsensusState.AGREED, ConsensusState.ADJUDICATED],
    )
    assert (decided.count(), decided.filter(consensus=ConsensusState.ADJUDICATED).count()) == (15, 1)
    assert (result.population, result.without_prediction) == (N_WITH_PREDICTION, 3)
    for group, key, mine in (
        ("all", "", np.ones(items["f"].size, dtype=bool)),
        ("auto_class", "2", items["auto"] == 2),
    ):
        labelled, unlabelled = mine & items["decided"], mine & ~items["decided"]
        expected = _ppi_plus(items["y"][labelled], items["f"][labelled], items["f"][unlabelled])
        row = _row(result, group, key)
        _assert_row(row, expected, _wilson(items["y"][labelled]), int(labelled.sum()))
        assert row.candidates == mine.sum()
        assert row.mean_prediction == pytest.approx(items["f"][mine].mean())


N_WITH_PREDICTION = 60 - 3 - 2  # three without a prediction, two gold


def test_candidates_the_model_trained_on_are_predicted_out_of_fold(world):
    """A model fits the classes it learned: for the candidates it trained on (labelled here or not), the
    estimate reads their out-of-fold P(artifact), as the model's cross-fitting gave it."""
    before = _row(campaign_estimates(world.random), "all")
    items = _items(world.random, world.p_artifact)
    trained_on = items["match_id"][::3]  # every third: labelled and unlabelled ones
    held_out = {int(m): float(0.05 + 0.9 * ((7 * int(m)) % 11) / 11) for m in trained_on}
    HeldOutPrediction.objects.bulk_create(
        HeldOutPrediction(model=world.model, candidate_id=m, p_artifact=p) for m, p in held_out.items()
    )
    # another model's out-of-fold values are not this model's
    other = TriageModel.objects.create(state=ModelState.READY, feature_set_version="test")
    HeldOutPrediction.objects.bulk_create(
        HeldOutPrediction(model=other, candidate_id=m, p_artifact=0.99) for m in items["match_id"]
    )
    f = np.array([held_out.get(int(m), p) for m, p in zip(items["match_id"], items["f"], strict=True)])
    labelled = items["decided"]
    expected = _ppi_plus(items["y"][labelled], f[labelled], f[~labelled])

    row = _row(campaign_estimates(world.random), "all")

    _assert_row(row, expected, _wilson(items["y"][labelled]), int(labelled.sum()))
    assert row.mean_prediction == pytest.approx(f.mean())
    assert row.ppi.estimate != pytest.approx(before.ppi.estimate)


def test_an_uncertainty_campaign_uses_its_audit_labels_only(world):
    items = _items(world.uncertainty, world.p_artifact)
    result = campaign_estimates(world.uncertainty)
    audit = items["decided"] & items["audit"]
    # of 12 audit and 15 ranked labels, those with a prediction
    assert audit.sum() >= 10
    assert (items["decided"] & ~items["audit"]).sum() >= 13
    expected = _ppi_plus(items["y"][audit], items["f"][audit], items["f"][~audit])
    _assert_row(_row(result, "all"), expected, _wilson(items["y"][audit]), int(audit.sum()))


def _inclusion(w, n, floor):
    """pi = clip(t w, floor, 1) summing to n, t found by root finding."""
    return np.clip(brentq(lambda t: np.clip(t * w, floor, 1).sum() - n, 0, 1e6 / w.min()) * w, floor, 1)


def _sampled_expected(f, labelled, y, pi):
    """Weighted least squares of y on (1, f) with weights (1 - pi) / pi^2, corrected by Horvitz-Thompson."""
    spread = (1 - pi) / pi**2
    slope, intercept = np.polyfit(f[labelled], y, 1, w=np.sqrt(spread))
    e = y - intercept - slope * f[labelled]
    estimate = (intercept * f.size + slope * f.sum() + np.sum(e / pi)) / f.size
    se = np.sqrt(np.sum(spread * e**2) * y.size / (y.size - 2)) / f.size
    return estimate, estimate - Z * se, estimate + Z * se


def test_a_sampled_campaign_weighs_each_label_by_its_inclusion_probability(world):
    items = _items(world.sampled, world.p_artifact)
    f, decided = items["f"], items["decided"]
    # the design's weights from the model's P(artifact), as the order draws them (audit share 0.2)
    spread = np.sqrt(f * (1 - f))
    w = 0.8 * spread / spread.sum() + 0.2 / f.size
    n = int(decided.sum())
    # 8 voted before the ranking and 13 after it, less those without a prediction (which ones depends on
    # the campaign's hashed uniforms, hence on its id)
    assert world.sampled.sampling_uniform_served == 8
    assert 21 - 3 <= n <= 21
    pi = _inclusion(w, n, 8 / f.size)
    assert (pi == 8 / f.size).any()  # the starting order's share raises the smallest probabilities
    result = campaign_estimates(world.sampled)
    for group, key, mine in (
        ("all", "", np.ones(f.size, dtype=bool)),
        ("auto_class", "1", items["auto"] == 1),
    ):
        labelled = np.flatnonzero(decided[mine])
        expected = _sampled_expected(f[mine], labelled, items["y"][mine][labelled], pi[mine][labelled])
        _assert_row(_row(result, group, key), expected, _wilson(items["y"][mine][labelled]), labelled.size)
    assert not result.labels_only_unbiased

    # a retraining neither re-ranks the campaign nor changes its predictions: the estimate stays
    world.model.is_active = False
    world.model.save()
    retrained = active_model()
    for candidate in world.candidates:
        predict(candidate, retrained, (0.1, 0.1, 0.8))
    assert campaign_estimates(world.sampled).rows == result.rows


def test_a_campaign_served_by_mad_has_no_estimate(world):
    with pytest.raises(EstimateRefused, match="not a random sample"):
        campaign_estimates(world.by_mad)


def test_retired_items_leave_only_an_audit_sample_to_estimate_with(world):
    """Items the model retired are never labelled: without an audit sample, the labels miss them."""
    for campaign in (world.random, world.uncertainty):
        item = campaign.items.filter(consensus=ConsensusState.OPEN, is_gold=False, in_audit=False).first()
        item.consensus = ConsensusState.RETIRED
        item.save()
    with pytest.raises(EstimateRefused, match="retired candidates"):
        campaign_estimates(world.random)
    assert campaign_estimates(world.uncertainty).rows[0].ppi is not None


def test_groups_with_too_few_labels_say_so_and_the_rest_part_the_population(world, curator):
    result = campaign_estimates(world.random)
    mad_rows = [r for r in result.rows if r.group == "mad"]
    one = [r for r in result.rows if r.labels == 1]
    none = [r for r in result.rows if r.labels == 0]
    assert one
    assert none
    assert all(r.ppi is None and r.note == "too few labels" and r.labels_only is not None for r in one)
    assert all(r.ppi is None and r.labels_only is None for r in none)
    # the MAD rows are the report's bins (the one candidate without a MAD in none of them)
    mads = np.array(
        [
            m
            for m in CampaignCandidate.objects.filter(
                campaign=world.random, is_gold=False, candidate_id__in=list(world.p_artifact)
            ).values_list("candidate__max_mad", flat=True)
            if m is not None
        ]
    )
    counts, _ = np.histogram(mads, bins=EDGES)
    assert [r.candidates for r in mad_rows] == counts[counts > 0].tolist()
    assert [(r.mad_lo, r.mad_hi) for r in mad_rows] == pytest.approx(
        [(EDGES[i], EDGES[i + 1]) for i in np.flatnonzero(counts)]
    )
    # a candidate seen by ACS and WFC3 counts in a row of its own, so the instrument rows add up
    instruments = {r.key: r.candidates for r in result.rows if r.group == "instrument"}
    assert set(instruments) == {"ACS", "WFC3", "ACS+WFC3"}
    assert sum(instruments.values()) == result.population
    # a closed campaign keeps its estimate
    campaign_close(campaign=world.random, user=curator)
    assert campaign_estimates(world.random).rows == result.rows


# before any model: the labels alone

PAGE = "/triage/estimates/"
NO_MODEL_WORDS = "no triage model has predicted the candidates of this campaign"
MODEL_COLUMNS = ("mean_p_artifact", "ppi_fraction", "ppi_lo", "ppi_hi")
LABEL_COLUMNS = ("labels_fraction", "wilson_lo", "wilson_hi")


@pytest.fixture
def unpredicted(curator, expert, other_expert):
    return build_unpredicted_world(curator, expert, other_expert)


def _cells(html: str, group: str, key: str) -> list[str]:
    """The text of each <td> of the page's row of (group, key)."""
    start = html.index(f'<tr data-group="{group}" data-key="{key}">')
    row = html[start : html.index("</tr>", start)]
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]


def test_before_any_model_a_random_campaign_shows_its_labels_alone(unpredicted, curator):
    expected = labels_only_by_hand(unpredicted)
    # 24 agreed and one adjudicated; the disputed, half-voted, skipped and gold items are no label
    assert expected[("all", "")][:2] == (38, 25)
    assert len([key for key in expected if key[0] == "mad"]) >= 5

    page = page_client(curator).get(PAGE, {"campaign": unpredicted.random.name})

    assert page.status_code == 200
    html = page.content.decode()
    assert "38 non-gold candidates." in html
    assert "No model has predicted these candidates, so only the labels-only" in html
    result = campaign_estimates(unpredicted.random)
    assert (result.has_predictions, result.population, result.without_prediction) == (False, 38, 0)
    assert NO_MODEL_WORDS in result.predictions
    assert {(row.group, row.key) for row in result.rows} == set(expected)
    assert html.count("<tr data-group=") == len(expected)
    for row in result.rows:
        candidates, labels, artifacts, wilson = expected[(row.group, row.key)]
        assert (row.candidates, row.labels, row.artifacts) == (candidates, labels, artifacts), row.name
        assert (row.ppi, row.mean_prediction, row.note) == (None, None, "no prediction")
        cells = _cells(html, row.group, row.key)
        # mean P(artifact), the prediction-powered estimate and its interval: a dash, never a number
        assert cells[2:5] == ["\u2014"] * 3, row.name
        if wilson is None:
            assert row.labels_only is None
            assert cells[5:] == ["too few labels"]
            continue
        got = (row.labels_only.estimate, row.labels_only.lower, row.labels_only.upper)
        assert got == pytest.approx(wilson, abs=1e-12), row.name
        share, lower, upper = wilson
        assert cells[5:] == [
            f"{share:.3f}",
            f"{lower:.3f} \u2013 {upper:.3f} (\u00b1 {(upper - lower) / 2:.3f})",
        ]


def _csv(body: bytes) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The rows and the `# meta.` lines of a CSV download, read with the csv module."""
    lines = body.decode().splitlines()
    meta = dict(line[len("# meta.") :].split(": ", 1) for line in lines if line.startswith("# meta."))
    return list(csv.DictReader(line for line in lines if not line.startswith("#"))), meta


def _table(fmt: str, body: bytes) -> Table:
    if fmt == "fits":
        table = Table.read(io.BytesIO(body), format="fits")
        table.meta = {key.lower(): value for key, value in table.meta.items()}
        return table
    if fmt == "votable":
        return Table.read(io.BytesIO(body), format="votable")
    return Table.read(body.decode().splitlines(), format="ascii.ecsv")


def test_before_any_model_every_download_opens_with_the_model_columns_masked(unpredicted, curator):
    client = page_client(curator)
    name = unpredicted.random.name
    expected = labels_only_by_hand(unpredicted)
    document = json.loads(client.get("/triage/estimates.json", {"campaign": name}).content)
    assert (document["has_predictions"], document["population"]) == (False, 38)
    assert NO_MODEL_WORDS in document["predictions"]
    keys = [(row["group"], row["key"]) for row in document["rows"]]
    assert set(keys) == set(expected)
    for row in document["rows"]:
        assert (row["prediction_powered"], row["mean_prediction"]) == (None, None)
        wilson = expected[(row["group"], row["key"])][3]
        if wilson is not None:
            got = [row["labels_only"]["estimate"], *row["labels_only"]["interval_95"]]
            assert got == pytest.approx(wilson, abs=1e-12)

    rows, meta = _csv(client.get("/triage/estimates.csv", {"campaign": name}).content)
    assert (meta["has_predictions"], meta["population"]) == ("False", "38")
    assert NO_MODEL_WORDS in meta["predictions"]
    assert [(row["group"], row["group_key"]) for row in rows] == keys
    for row in rows:
        assert [row[column] for column in MODEL_COLUMNS] == [""] * 4
        wilson = expected[(row["group"], row["group_key"])][3]
        got = [row[column] for column in LABEL_COLUMNS]
        assert (
            got == [""] * 3 if wilson is None else [float(v) for v in got] == pytest.approx(wilson, abs=1e-12)
        )

    for fmt in ("ecsv", "votable", "fits"):
        response = client.get(f"/triage/estimates.{fmt}", {"campaign": name})
        assert response.status_code == 200, fmt
        table = _table(fmt, response.content)
        # (ECSV reads the empty key of all candidates back masked: the rows are matched by their names)
        assert table["group_name"].tolist() == [row["name"] for row in document["rows"]], fmt
        for column in MODEL_COLUMNS:
            assert table[column].mask.all(), f"{fmt} {column}"
        for key, row in zip(keys, table, strict=True):
            wilson = expected[key][3]
            masked = [np.ma.is_masked(row[column]) for column in LABEL_COLUMNS]
            assert masked == [wilson is None] * 3, fmt
            if wilson is not None:
                assert [float(row[column]) for column in LABEL_COLUMNS] == pytest.approx(wilson, abs=1e-12)
        if fmt == "votable":  # the metadata are the resource's INFO elements, which Table.read leaves out
            document_meta = votable.parse(io.BytesIO(response.content)).resources[0].infos
            table.meta = {info.name: info.value for info in document_meta}
        assert NO_MODEL_WORDS in str(table.meta["predictions"]), fmt
        assert str(table.meta["has_predictions"]) == "False", fmt


def test_an_unranked_sampled_campaign_is_still_refused(unpredicted):
    """Its labels' share is biased once ranked and their inclusion probabilities come from the ranking."""
    assert unpredicted.sampled.items.exclude(consensus=ConsensusState.OPEN).exists()
    with pytest.raises(EstimateRefused, match="not been ranked yet"):
        campaign_estimates(unpredicted.sampled)


def test_once_a_model_predicted_some_candidates_they_are_the_population(unpredicted):
    model = active_model()
    items = (
        unpredicted.random.items.filter(is_gold=False).order_by("candidate_id").select_related("candidate")
    )
    for item in items[4:]:
        predict(item.candidate, model, (0.3, 0.3, 0.4))

    result = campaign_estimates(unpredicted.random)

    assert (result.has_predictions, result.population, result.without_prediction) == (True, 34, 4)
    assert NO_MODEL_WORDS not in result.predictions
    every = result.rows[0]
    assert every.mean_prediction == pytest.approx(0.4)
    assert every.ppi is not None
    assert every.note == ""

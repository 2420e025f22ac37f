"""The review page's shortcut `may_rest_on_hidden_class` (Python, on the candidate row in hand) is a necessary
condition of the blind rule's SQL condition `_may_rest_on_hidden_class`: wherever the SQL says a prediction
may rest on a class blind review hides, the shortcut says so too, else the page would skip the blind rule's
query and show a prediction it must withhold. Checked over every combination that decides the SQL: the
catalogue's ExpertClass (each value the catalogue holds), hcvvet's class set or not, decided campaign items
before or after the model's `labels_through` (or without a decision time), gold items, a class without a
decided item (a curator's edit), and a model without `labels_through`."""

import itertools
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone

from hcvvet.catalog.models import Candidate
from hcvvet.triage.models import ModelState, Prediction, TriageModel
from hcvvet.triage.selectors import _may_rest_on_hidden_class, may_rest_on_hidden_class
from hcvvet.vetting.models import Campaign, CampaignCandidate, ConsensusState
from tests.factories import CandidateFactory
from tests.triage.predictions import predict

pytestmark = pytest.mark.django_db

CATALOGUE_CLASSES = (0, 1, 2, 4)  # every value the catalogue may hold (a check constraint refuses others)
HCVVET_CLASSES = (None, 1, 2, 4)
# campaign items of the candidate: (decided relative to labels_through in days, None: no decision time;
# gold); the first campaign holds the first item, and so on
ITEMS = {
    "no decided item": (),
    "decided before": ((-1, False),),
    "decided after": ((+1, False),),
    "decided without a time": ((None, False),),
    "gold only": ((+1, True),),
    "decided before and after": ((-1, False), (+1, False)),
    "gold and decided after": ((-1, True), (+1, False)),
}


def _item(campaign, candidate, position, labels_through, offset_days, gold):
    decided = None if offset_days is None else labels_through + timedelta(days=offset_days)
    if gold:
        # gold items never reach consensus: their class is the known one
        return CampaignCandidate(
            campaign=campaign, candidate=candidate, position=position, is_gold=True, gold_class=4
        )
    return CampaignCandidate(
        campaign=campaign,
        candidate=candidate,
        position=position,
        consensus=ConsensusState.AGREED,
        consensus_class=4,
        decided_at=decided,
    )


@pytest.fixture
def predictions():
    """A prediction of each candidate by a model with `labels_through` and by one without, over every
    combination; returns the plain candidate (no class anywhere, no item)."""
    labels_through = timezone.now() - timedelta(days=10)
    read_labels = TriageModel.objects.create(
        state=ModelState.READY, is_active=True, feature_set_version="test", labels_through=labels_through
    )
    read_none = TriageModel.objects.create(state=ModelState.READY, feature_set_version="test")
    campaigns = [Campaign.objects.create(name=f"campaign {i}") for i in range(2)]
    items = []
    plain = None
    combinations = itertools.product(CATALOGUE_CLASSES, HCVVET_CLASSES, ITEMS.values())
    for position, (catalogue, hcvvet, decided) in enumerate(combinations):
        candidate = CandidateFactory(hcv_expert_class=catalogue, expert_class=hcvvet)
        for campaign, (offset_days, gold) in zip(campaigns, decided, strict=False):
            items.append(_item(campaign, candidate, position, labels_through, offset_days, gold))
        for model in (read_labels, read_none):
            predict(candidate, model, (0.2, 0.3, 0.5))
        if (catalogue, hcvvet, decided) == (0, None, ()):
            plain = candidate
    CampaignCandidate.objects.bulk_create(items)
    return plain


def _sql_rule() -> dict[int, bool]:
    """Prediction id -> whether the SQL condition says it may rest on a hidden class."""
    rule = Case(
        When(_may_rest_on_hidden_class(), then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    annotated = Prediction.objects.annotate(rests=rule)
    return dict(annotated.values_list("pk", "rests"))


def test_the_shortcut_says_true_wherever_the_sql_rule_does(predictions):
    sql = _sql_rule()
    assert len(sql) == 2 * len(CATALOGUE_CLASSES) * len(HCVVET_CLASSES) * len(ITEMS)
    candidates = {c.pk: c for c in Candidate.objects.all()}
    missed = [
        (p.candidate_id, candidates[p.candidate_id].hcv_expert_class, candidates[p.candidate_id].expert_class)
        for p in Prediction.objects.all()
        if sql[p.pk] and not may_rest_on_hidden_class(candidates[p.candidate_id])
    ]
    assert missed == []
    # the SQL rule is not vacuous: it holds for some predictions and not for others that have a class
    assert any(sql.values())
    narrower = [p for p in Prediction.objects.all() if not sql[p.pk]]
    assert any(may_rest_on_hidden_class(candidates[p.candidate_id]) for p in narrower)

    plain = predictions
    assert not may_rest_on_hidden_class(plain)
    assert [sql[p.pk] for p in Prediction.objects.filter(candidate=plain)] == [False, False]


@pytest.mark.parametrize("catalogue_class", [None, 3, -1])
def test_the_catalogue_holds_no_other_expert_class(catalogue_class):
    """Why the combinations stop at 0, 1, 2 and 4."""
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateFactory(hcv_expert_class=catalogue_class)

"""What the model learns from: hcvvet's decided classes over the catalogue's, adjudicated ones weighing most,
gold candidates never; and when enough new decisions call for retraining."""

import pytest

from hcvvet.triage.models import ModelState, TriageModel
from hcvvet.triage.services import retrain_due
from hcvvet.triage.training_set import SOURCE_WEIGHTS, training_labels
from hcvvet.vetting.adjudication import adjudicate
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import CampaignCandidate
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(curator, expert, other_expert):
    """Five catalogue-classified candidates and one unclassified; the campaign holds the first as gold."""
    candidates = [CandidateFactory(hcv_expert_class=c) for c in (1, 2, 4, 1, 2, 0)]
    campaign = campaign_create(
        user=curator,
        name="Triage labels",
        experts=(expert, other_expert),
        selection={
            "match_ids": [c.match_id for c in candidates],
            "gold_match_ids": [candidates[0].match_id],
        },
        votes_needed=2,
        blind=False,
        rule="unanimous",
    )
    return campaign_start(campaign=campaign, user=curator), candidates


def _vote(campaign, candidate, votes):
    for expert, expert_class in votes:
        label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=expert_class)


def test_decided_classes_replace_the_catalogue_and_gold_is_held_out(campaign, expert, other_expert, curator):
    campaign, (gold, probable, artifact, high, disputed, unclassified) = campaign
    _vote(campaign, probable, [(expert, 4), (other_expert, 4)])  # agreed: 4 over the catalogue's 2
    _vote(campaign, unclassified, [(expert, 1), (other_expert, 1)])
    _vote(campaign, disputed, [(expert, 1), (other_expert, 4)])
    _vote(campaign, gold, [(expert, 4), (other_expert, 4)])  # votes on gold never make a label
    item = CampaignCandidate.objects.get(campaign=campaign, candidate=disputed)
    adjudicate(item=item, adjudicator=curator, decided_class=1)

    labels = training_labels()
    by_id = {
        int(m): (int(c), s, float(w))
        for m, c, s, w in zip(labels.match_id, labels.expert_class, labels.source, labels.weight, strict=True)
    }
    assert by_id == {
        probable.match_id: (4, "consensus", SOURCE_WEIGHTS["consensus"]),
        artifact.match_id: (4, "catalogue", SOURCE_WEIGHTS["catalogue"]),
        high.match_id: (1, "catalogue", SOURCE_WEIGHTS["catalogue"]),
        disputed.match_id: (1, "adjudicated", SOURCE_WEIGHTS["adjudicated"]),
        unclassified.match_id: (1, "consensus", SOURCE_WEIGHTS["consensus"]),
    }
    assert SOURCE_WEIGHTS["adjudicated"] > SOURCE_WEIGHTS["consensus"] > SOURCE_WEIGHTS["catalogue"]
    assert labels.gold_match_id.tolist() == [gold.match_id]
    assert labels.gold_class.tolist() == [1]
    assert training_labels(use_hcvvet=False).source.tolist() == ["catalogue"] * 4


def test_retraining_is_due_after_n_new_decisions(campaign, expert, other_expert, settings):
    campaign, (gold, probable, artifact, high, disputed, unclassified) = campaign
    settings.HCVVET_TRIAGE_RETRAIN_EVERY = 2
    assert not retrain_due()
    _vote(campaign, probable, [(expert, 2), (other_expert, 2)])
    _vote(campaign, gold, [(expert, 1), (other_expert, 1)])  # gold: not a label
    _vote(campaign, disputed, [(expert, 1), (other_expert, 4)])  # disputed: not decided
    assert not retrain_due()
    _vote(campaign, artifact, [(expert, 4), (other_expert, 4)])
    assert retrain_due()
    training = TriageModel.objects.create(state=ModelState.TRAINING, feature_set_version="1")
    assert not retrain_due()  # one is training already
    training.state = ModelState.FAILED
    training.save(update_fields=["state"])
    assert not retrain_due()  # the failed model read the labels so far: two more are needed
    _vote(campaign, high, [(expert, 1), (other_expert, 1)])
    _vote(campaign, unclassified, [(expert, 2), (other_expert, 2)])
    assert retrain_due()
    settings.HCVVET_TRIAGE_RETRAIN_EVERY = 0
    assert not retrain_due()

"""The classes of a candidate reach an API client only through the visibility selectors: serializers fail
closed, and the list's class filters answer a blind expert the same whatever the hidden classes are."""

import pytest
from rest_framework.test import APIRequestFactory

from hcvvet.api.serializers import CandidateDetailSerializer, CandidateSerializer
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.visibility import EVERYTHING, ROW_VISIBILITY
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def _serialized(serializer_class, candidate, **context):
    request = APIRequestFactory().get("/api/candidates/")
    return serializer_class(candidate, context={"request": request, **context}).data


@pytest.mark.parametrize("serializer_class", [CandidateSerializer, CandidateDetailSerializer])
def test_a_serializer_used_without_a_visibility_decision_hides_the_classes(serializer_class):
    candidate = CandidateFactory(hcv_expert_class=1, expert_class=4)
    data = _serialized(serializer_class, candidate)
    assert (data["hcv_expert_class"], data["expert_class"], data["classes_hidden"]) == (None, None, True)
    # A row decision without the row's annotation is no decision either.
    data = _serialized(serializer_class, candidate, visibility=ROW_VISIBILITY)
    assert (data["hcv_expert_class"], data["expert_class"], data["classes_hidden"]) == (None, None, True)
    data = _serialized(serializer_class, candidate, visibility=EVERYTHING)
    assert (data["hcv_expert_class"], data["expert_class"], data["classes_hidden"]) == (1, 4, False)


def listed(client, **params) -> set[int]:
    response = client.get("/api/candidates/", params)
    assert response.status_code == 200, response.content
    return {row["match_id"] for row in response.json()["results"]}


CLASS_QUERIES = [
    {"hcv_expert_class": 1},
    {"hcv_expert_class": 4},
    {"hcv_expert_class": [1, 2, 4]},
    {"expert_class": 2},
    {"expert_class": 4},
    {"decided": "true"},
    {"decided": "false"},
]


def test_class_filters_answer_a_blind_expert_the_same_whatever_the_hidden_classes(clients, world):
    """bob has not voted on the first candidate of the blind campaign: two worlds that differ only in its
    catalogue class and consensus give him the same answers (they used to give exactly the hidden class)."""
    bob = clients["other_expert"]
    hidden = world.candidates[0].match_id
    answers = []
    for hcv_class, consensus in ((1, None), (4, 2)):
        Candidate.objects.filter(pk=hidden).update(hcv_expert_class=hcv_class, expert_class=consensus)
        answers.append([listed(bob, **query) for query in CLASS_QUERIES])
    assert answers[0] == answers[1]
    assert all(hidden not in answer for answer in answers[0][:-1])


def test_class_filters_still_work_where_the_classes_are_visible(clients, world):
    """ada voted on the first candidate in both blind campaigns she takes part in (the pilot and the default
    queue); a viewer votes in none."""
    first = world.candidates[0]
    Candidate.objects.filter(pk=first.pk).update(hcv_expert_class=4, expert_class=2)
    assert first.match_id in listed(clients["viewer"], expert_class=2)
    # ada's vote decides it in the default queue, blind and open: a viewer no longer sees hcvvet's class
    label_submit(campaign=world.default, candidate=first, expert=world.users["expert"], expert_class=1)
    Candidate.objects.filter(pk=first.pk).update(hcv_expert_class=4, expert_class=2)
    first = first.match_id
    assert first not in listed(clients["viewer"], expert_class=2)
    assert first in listed(clients["viewer"], decided="false")
    for role in ("expert", "viewer"):
        assert first in listed(clients[role], hcv_expert_class=4)
        assert first not in listed(clients[role], hcv_expert_class=1)
    assert first in listed(clients["expert"], expert_class=2)
    assert first in listed(clients["expert"], decided="true")
    assert first not in listed(clients["expert"], decided="false")


def test_next_candidate_hides_the_classes_until_the_expert_votes(clients, world):
    bob = clients["other_expert"]
    body = bob.post("/api/queues/next/", {"campaign": world.blind.pk}, format="json").json()
    assert body["candidate"]["match_id"] in {c.match_id for c in world.candidates}
    assert (body["candidate"]["hcv_expert_class"], body["candidate"]["classes_hidden"]) == (None, True)
    assert body["campaign"] == world.blind.pk

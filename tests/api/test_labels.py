"""Labels through the API: vote, change, skip, undo, history; blind rules and other experts' labels."""

import pytest

from hcvvet.vetting.models import Label
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


def test_vote_change_and_undo_walk_back_through_history(clients, world):
    ada = clients["expert"]
    third = world.candidates[2].match_id
    vote = ada.post(
        "/api/labels/", {"campaign": world.blind.pk, "candidate": third, "expert_class": 2}, format="json"
    )
    assert vote.status_code == 201
    assert vote.json()["expert_class"] == 2
    change = ada.patch(
        f"/api/labels/{vote.json()['id']}/", {"expert_class": 4, "reasons": ["cosmic_ray"]}, format="json"
    )
    assert change.status_code == 200
    assert (change.json()["expert_class"], change.json()["reasons"]) == (4, ["cosmic_ray"])
    undo = ada.post("/api/labels/undo/", {"campaign": world.blind.pk}, format="json")
    assert undo.json()["expert_class"] == 2
    assert (
        ada.post("/api/labels/undo/", {"campaign": world.blind.pk}, format="json").json()["expert_class"]
        is None
    )
    history = ada.get(f"/api/candidates/{third}/history/").json()
    assert [event["kind"] for event in history] == ["label", "change", "undo", "undo"]


def test_nothing_left_to_undo_is_a_409_naming_the_campaign(clients, world):
    response = clients["curator"].post("/api/labels/undo/", {"campaign": world.blind.pk}, format="json")
    assert response.status_code == 409
    assert "campaign" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expert_class": 3}, "expert_class"),
        ({"expert_class": 1, "reasons": ["sunspot"]}, "reasons"),
        ({"expert_class": 1, "candidate": 42}, "candidate"),
        ({"expert_class": 1, "campaign": 999999}, "campaign"),
        ({"expert_class": 1, "seconds_spent": -1}, "seconds_spent"),
        ({"expert_class": 1, "comment": "x" * 5000}, "comment"),
    ],
)
def test_bad_label_input_is_a_400_naming_the_field(clients, world, body, field):
    payload = {"campaign": world.blind.pk, "candidate": world.candidates[2].match_id, **body}
    response = clients["expert"].post("/api/labels/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_an_expert_outside_the_campaign_cannot_label_in_it(clients, world, make_user):
    outsider = token_client(make_user("eve", "expert"))
    body = {"campaign": world.blind.pk, "candidate": world.candidates[2].match_id, "expert_class": 1}
    response = outsider.post("/api/labels/", body, format="json")
    assert response.status_code == 403
    assert not Label.objects.filter(expert__username="eve").exists()


def test_nobody_can_alter_another_experts_label(clients, world):
    label = world.ada_label
    for role in ("other_expert", "curator", "viewer"):
        client = clients[role]
        assert client.patch(f"/api/labels/{label.pk}/", {"expert_class": 4}, format="json").status_code in (
            403,
            404,
        )
        assert client.put(f"/api/labels/{label.pk}/", {"expert_class": 4}, format="json").status_code in (
            403,
            404,
            405,
        )
        assert client.delete(f"/api/labels/{label.pk}/").status_code in (403, 404, 405)
    # bob voting on the same candidate writes bob's own label, never ada's.
    clients["other_expert"].post(
        "/api/labels/",
        {"campaign": world.blind.pk, "candidate": label.candidate_id, "expert_class": 4},
        format="json",
    )
    label.refresh_from_db()
    assert label.expert_class == 1


def test_blind_campaign_hides_other_labels_and_catalogue_class_until_one_votes(clients, world):
    first = world.candidates[0].match_id
    bob = clients["other_expert"]
    labels_url = f"/api/candidates/{first}/labels/?campaign={world.blind.pk}"
    assert bob.get(labels_url).json() == []
    assert "ada" not in [e["actor"] for e in bob.get(f"/api/candidates/{first}/history/").json()]
    detail = bob.get(f"/api/candidates/{first}/").json()
    assert (detail["hcv_expert_class"], detail["classes_hidden"]) == (None, True)
    listed = {row["match_id"]: row for row in bob.get("/api/candidates/").json()["results"]}
    assert listed[first]["hcv_expert_class"] is None
    # The viewer waits for the campaign to close; the curator outside the campaign sees everything.
    assert clients["viewer"].get(labels_url).json() == []
    assert [row["expert"] for row in clients["curator"].get(labels_url).json()] == ["ada"]

    bob.post(
        "/api/labels/", {"campaign": world.blind.pk, "candidate": first, "expert_class": 2}, format="json"
    )
    # The default queue (blind too) still waits for bob's vote on it: nothing shows yet.
    assert [row["expert"] for row in bob.get(labels_url).json()] == ["bob"]
    bob.post(
        "/api/labels/", {"campaign": world.default.pk, "candidate": first, "expert_class": 2}, format="json"
    )
    assert sorted(row["expert"] for row in bob.get(labels_url).json()) == ["ada", "bob"]
    assert clients["viewer"].get(f"/api/candidates/{first}/").json()["hcv_expert_class"] == 1


def test_closing_a_blind_campaign_shows_its_labels_to_viewers(clients, world):
    assert clients["curator"].post(f"/api/campaigns/{world.blind.pk}/close/").status_code == 200
    url = f"/api/candidates/{world.candidates[0].match_id}/labels/?campaign={world.blind.pk}"
    assert [row["expert"] for row in clients["viewer"].get(url).json()] == ["ada"]


def test_next_candidate_is_leased_and_labelling_moves_the_queue(clients, world):
    bob = clients["other_expert"]
    first = bob.post("/api/queues/next/", {"campaign": world.blind.pk}, format="json").json()
    assert first["candidate"]["match_id"] in {c.match_id for c in world.candidates}
    assert first["lease_expires_at"] is not None
    again = bob.post("/api/queues/next/", {"campaign": world.blind.pk}, format="json").json()
    assert again["candidate"]["match_id"] == first["candidate"]["match_id"]
    bob.post(
        "/api/labels/",
        {"campaign": world.blind.pk, "candidate": first["candidate"]["match_id"], "expert_class": 1},
        format="json",
    )
    after = bob.post("/api/queues/next/", {"campaign": world.blind.pk}, format="json").json()
    assert after["labelled"] == first["labelled"] + 1
    assert after["candidate"] is None or after["candidate"]["match_id"] != first["candidate"]["match_id"]
    queues = {q["name"]: q for q in bob.get("/api/queues/").json()}
    assert queues["Blind pilot"]["labelled"] == after["labelled"]


def test_skip_takes_a_candidate_out_of_the_queue(clients, world):
    bob = clients["other_expert"]
    third = world.candidates[2].match_id
    skipped = bob.post("/api/labels/skip/", {"campaign": world.blind.pk, "candidate": third}, format="json")
    assert skipped.status_code == 200
    assert skipped.json()["skipped"] is True

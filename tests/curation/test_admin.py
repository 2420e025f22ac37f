"""Curation in the admin: candidate bulk actions, image flag actions, and the read-only history, at the
catalogue's admin URLs."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from hcvvet.catalog.models import Image, Measurement
from hcvvet.ingest.models import IngestJob
from hcvvet.vetting.campaigns import campaign_create
from hcvvet.vetting.models import EventKind, ImageFlag, LabelEvent

pytestmark = pytest.mark.django_db

CANDIDATES = "/admin/catalog/candidate/"
IMAGES = "/admin/catalog/image/"


@pytest.fixture
def curator_client(client, world):
    client.force_login(world.users["curator"])
    return client


def act(client, url, action, pks, **extra):
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **extra})


def test_add_to_campaign_asks_for_a_draft_then_extends_its_list(curator_client, world):
    listed = campaign_create(user=world.users["curator"], name="Hand-picked", selection={"match_ids": [1]})
    pks = [c.match_id for c in world.candidates[:2]]
    form = act(curator_client, CANDIDATES, "add_to_campaign", pks)
    assert form.status_code == 200
    assert b"Hand-picked" in form.content
    done = act(curator_client, CANDIDATES, "add_to_campaign", pks, campaign=listed.pk, apply="1")
    assert done.status_code == 302
    listed.refresh_from_db()
    assert listed.selection["match_ids"] == sorted([1, *pks])
    assert LabelEvent.objects.filter(kind=EventKind.CAMPAIGN, campaign=listed).count() == 2


def test_add_to_campaign_refuses_a_filter_selection(curator_client, world):
    act(
        curator_client,
        CANDIDATES,
        "add_to_campaign",
        [world.candidates[0].match_id],
        campaign=world.draft.pk,
        apply="1",
    )
    world.draft.refresh_from_db()
    assert "match_ids" not in world.draft.selection


def test_export_selection_downloads_the_chosen_rows(curator_client, world):
    response = act(curator_client, CANDIDATES, "export_selection", [c.match_id for c in world.candidates[1:]])
    assert response["Content-Type"] == "text/csv"
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("MatchID,GroupID,TargetName")
    assert [line.split(",")[0] for line in lines[1:]] == [str(c.match_id) for c in world.candidates[1:]]


def test_rerun_ingest_queues_a_job_for_the_selection(curator_client, world):
    pks = [c.match_id for c in world.candidates]
    before = IngestJob.objects.count()
    act(curator_client, CANDIDATES, "rerun_ingest", pks)
    assert IngestJob.objects.count() == before + 1
    job = IngestJob.objects.latest("created_at")
    assert (job.match_ids, job.created_by) == (pks, world.users["curator"])


def test_flag_and_unflag_images_from_the_image_list(curator_client, world):
    image = world.image
    assert b"reason" in act(curator_client, IMAGES, "flag_images", [image.name]).content
    act(curator_client, IMAGES, "flag_images", [image.name], reason="guide star lost", apply="1")
    assert ImageFlag.objects.get(image=image, cleared_at__isnull=True).reason == "guide star lost"
    assert all(Measurement.objects.filter(image=image).values_list("rejected", flat=True))
    act(curator_client, IMAGES, "unflag_images", [image.name])
    assert not Image.objects.get(pk=image.pk).flagged
    assert not any(Measurement.objects.filter(image=image).values_list("rejected", flat=True))


def test_search_finds_candidates_by_image_name(curator_client, world):
    page = curator_client.get(CANDIDATES, {"q": world.image.name})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [world.candidates[2]]


def test_candidate_page_shows_history_that_cannot_be_edited(curator_client, world):
    candidate = world.candidates[0]
    url = f"{CANDIDATES}{candidate.pk}/change/"
    page = curator_client.get(url)
    assert page.status_code == 200
    history = next(f for f in page.context["inline_admin_formsets"] if f.opts.model is LabelEvent)
    kinds = [form.original.kind for form in history]
    assert kinds == [EventKind.LABEL, EventKind.FLAG_IMAGE]
    permissions = (history.has_add_permission, history.has_change_permission, history.has_delete_permission)
    assert permissions == (False, False, False)
    events = LabelEvent.objects.count()
    curator_client.post(url, {"labelevent_set-TOTAL_FORMS": "1", "labelevent_set-INITIAL_FORMS": "0"})
    assert LabelEvent.objects.count() == events


def test_bulk_actions_are_for_curators_only(client, world):
    client.force_login(world.users["expert"])
    act(client, CANDIDATES, "rerun_ingest", [world.candidates[0].match_id])
    assert not IngestJob.objects.filter(match_ids=[world.candidates[0].match_id]).exists()

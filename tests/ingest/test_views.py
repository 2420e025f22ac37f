"""The job page, its JSON status and the admin add form, as a curator (staff) and others see them."""

import pytest
from django.urls import reverse

from hcvvet.ingest.models import IngestJob, JobState

M31 = 1045904


@pytest.fixture
def running_job(db):
    """A job half-way through its light curves (summary done), as a worker leaves it between batches."""
    return IngestJob.objects.create(
        group_ids=[M31],
        state=JobState.RUNNING,
        stage="light_curves",
        progress={"completed": ["resolve", "summary"], "light_curves": {"done": 30, "total": 60}},
    )


def test_job_page_shows_state_stage_and_bar_to_staff(client, curator, running_job):
    client.force_login(curator)
    page = client.get(reverse("ingest:job-detail", args=[running_job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-field="state">running<' in html
    assert ">Light curves<" in html
    assert ">30 of 60<" in html
    # resolve 2 % + summary 18 % + half of the light curves' 60 % = 50 %
    assert 'aria-valuenow="50"' in html
    assert reverse("ingest:job-status", args=[running_job.pk]) in html


def test_status_endpoint_reports_progress_counts(client, curator, running_job):
    client.force_login(curator)
    status = client.get(reverse("ingest:job-status", args=[running_job.pk])).json()
    assert status["state"] == "running"
    assert status["percent"] == 50
    assert status["progress"]["light_curves"] == {"done": 30, "total": 60}
    assert status["finished"] is False
    assert (status["stage_label"], status["stage_done"]) == ("Light curves", "30 of 60")


def test_finished_job_page_lists_its_counts(client, curator, running_job):
    IngestJob.objects.filter(pk=running_job.pk).update(
        state=JobState.SUCCEEDED, stage="done", counts={"candidates": 312, "measurements": 1404}
    )
    client.force_login(curator)
    html = client.get(reverse("ingest:job-detail", args=[running_job.pk])).content.decode()
    # Counts in words, not as the JSON keys; the heading no longer says what the state was at creation.
    assert "<th>Objects</th><td>312</td>" in html
    assert "<th>Light-curve points</th><td>1404</td>" in html
    assert "<th>candidates</th>" not in html
    assert "(running)" not in html
    assert f"<h1>Ingest job #{running_job.pk}: GroupID {M31}</h1>" in html
    status = client.get(reverse("ingest:job-status", args=[running_job.pk])).json()
    assert status["percent"] == 100
    assert status["counts"]["measurements"] == 1404
    assert {"label": "Light-curve points", "value": 1404} in status["count_rows"]


@pytest.mark.parametrize("name", ["ingest:index", "ingest:job-detail", "ingest:job-status"])
def test_ingest_pages_are_for_curators_and_refuse_others_with_a_page_not_the_admin_login(
    client, viewer, expert, running_job, name
):
    url = reverse(name, args=[] if name == "ingest:index" else [running_job.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    for user in (viewer, expert):
        client.force_login(user)
        refused = client.get(url)
        assert refused.status_code == 403
        assert "Only curators watch ingest jobs." in refused.content.decode()


def test_ingest_index_lists_recent_jobs_with_their_progress_and_links(client, curator, running_job):
    done = IngestJob.objects.create(
        target_name="IC 1613", state=JobState.SUCCEEDED, stage="done", counts={"candidates": 7}
    )
    client.force_login(curator)
    page = client.get(reverse("ingest:index"))
    assert page.status_code == 200
    html = page.content.decode()
    for job in (running_job, done):
        assert f'href="{reverse("ingest:job-detail", args=[job.pk])}"' in html
        assert f'data-status-url="{reverse("ingest:job-status", args=[job.pk])}"' in html
    assert html.index(f"#{done.pk}<") < html.index(f"#{running_job.pk}<")  # newest first
    assert f"GroupID {M31}" in html
    assert "IC 1613" in html
    assert 'aria-valuenow="50"' in html
    assert 'aria-valuenow="100"' in html
    assert ">succeeded<" in html


def test_admin_and_job_page_link_to_each_other(client, curator, running_job):
    client.force_login(curator)
    job_page = reverse("ingest:job-detail", args=[running_job.pk])
    admin_page = reverse("admin:ingest_ingestjob_change", args=[running_job.pk])
    listing = client.get(reverse("admin:ingest_ingestjob_changelist")).content.decode()
    assert f'<a href="{job_page}">View job page</a>' in listing
    assert f'<a href="{job_page}">View job page</a>' in client.get(admin_page).content.decode()
    assert f'href="{admin_page}"' in client.get(job_page).content.decode()


def test_unknown_job_is_not_found(client, curator):
    client.force_login(curator)
    assert client.get(reverse("ingest:job-status", args=[999999])).status_code == 404


ADD_FORM = {
    "target_name": "IC 1613",
    "ra_deg": "",
    "dec_deg": "",
    "radius_arcsec": "1800",
    "filters_text": "",
    "autoclass_min": "0",
    "group_ids_text": "",
    "match_ids_text": "",
    "source": "casjobs",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"filters_text": "F814W"}, "Unknown filter name F814W: use INSTRUMENT_FILTER"),
        ({"radius_arcsec": "3600"}, "at most 1800 arcsec"),
        (
            {"target_name": "", "radius_arcsec": ""},
            "Name a target, a position, GroupIDs or MatchIDs, or ask for",
        ),
        ({"group_ids_text": "12,x"}, "Use comma-separated whole numbers."),
    ],
)
def test_admin_add_form_shows_the_error_and_queues_nothing(client, curator, changes, message):
    client.force_login(curator)
    page = client.post(reverse("admin:ingest_ingestjob_add"), {**ADD_FORM, **changes})
    assert page.status_code == 200  # the form again, with the error
    assert message in page.content.decode()
    assert not IngestJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_admin_shows_why_a_job_for_an_unknown_target_failed(client, mast, curator):
    """Eager tasks: the job runs when the add form's transaction commits."""
    client.force_login(curator)
    added = client.post(reverse("admin:ingest_ingestjob_add"), {**ADD_FORM, "target_name": "No Such Galaxy"})
    assert added.status_code == 302
    job = IngestJob.objects.get()
    assert job.state == JobState.FAILED
    assert job.created_by == curator
    words = "does not know an object called &#x27;No Such Galaxy&#x27;"
    listing = client.get(reverse("admin:ingest_ingestjob_changelist")).content.decode()
    assert words in listing
    detail = client.get(reverse("admin:ingest_ingestjob_change", args=[job.pk])).content.decode()
    assert words in detail


def test_admin_add_form_keeps_the_input_beside_the_service_error_and_reports_nothing_added(client, curator):
    client.force_login(curator)
    page = client.post(
        reverse("admin:ingest_ingestjob_add"), {**ADD_FORM, "filters_text": "F814W"}, follow=True
    )
    assert page.redirect_chain == []
    html = page.content.decode()
    field_errors = page.context["adminform"].form.errors
    assert list(field_errors) == ["filters_text"]
    assert "Unknown filter name F814W" in field_errors["filters_text"][0]
    assert 'name="filters_text" value="F814W"' in html
    assert 'name="target_name" value="IC 1613"' in html
    assert "added successfully" not in html
    assert list(page.context["messages"]) == []
    assert not IngestJob.objects.exists()


def add_through_the_admin(client, curator, **fields) -> IngestJob:
    """The job the admin's add form saved from ADD_FORM with `fields` changed, after its success message."""
    client.force_login(curator)
    added = client.post(reverse("admin:ingest_ingestjob_add"), {**ADD_FORM, **fields}, follow=True)
    assert "was added successfully" in added.content.decode()
    return IngestJob.objects.get()


def test_admin_add_form_saves_the_request_as_the_service_normalises_it(client, curator):
    job = add_through_the_admin(
        client, curator, radius_arcsec="", filters_text="acs_f814w, ACS_F475W,", match_ids_text=""
    )
    assert job.radius_arcsec == 1800
    assert job.filters == ["ACS_F475W", "ACS_F814W"]
    assert job.created_by == curator


def test_admin_add_form_takes_the_expert_validated_objects_alone(client, curator):
    job = add_through_the_admin(client, curator, target_name="", radius_arcsec="", expert_validated="on")
    assert job.expert_validated
    assert job.cone() is None

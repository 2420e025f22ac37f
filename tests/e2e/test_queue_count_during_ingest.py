"""One count of a queue: an expert sees the same total on the home page, on the candidate page and in the API
while a real worker's ingest is held at a known point (the sandbox's CasJobs hangs: the second group's
summary query), and again once it ends; "still ingesting" is shown by the totals (and said by the API's
`ingesting`) while it runs, and gone after. The totals are counted from the sandbox universe, not from
hcvvet."""

import sqlite3
from contextlib import closing

import pytest
import requests

from hcvvet.ingest.models import JobState
from hcvvet.ingest.services.lifecycle import job_create
from tests.conftest import require_env
from tests.e2e.conftest import log_in
from tests.ingest.conftest import finished, sandbox_env, via_broker  # noqa: F401 (via_broker: a fixture)
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

M31 = 1045904
IC1613 = 69810
HTTP_TIMEOUT_S = 10


def default_queue_size(universe, group_ids: list[int]) -> int:
    """The default queue's candidates among `group_ids`, as MAST holds them: AutoClass 1 or 2, with a
    filter row."""
    query = (
        "select count(*) from HCVmatch m where m.GroupID = ? and m.AutoClass in (1, 2) "
        "and exists (select 1 from HCVfilter f where f.MatchID = m.MatchID)"
    )
    with closing(sqlite3.connect(universe)) as conn:
        return sum(conn.execute(query, (group_id,)).fetchone()[0] for group_id in group_ids)


def retrying(job) -> dict | None:
    """The job's note of its last transient fault, while it waits to try again."""
    job.refresh_from_db()
    return job.progress.get("retry")


def counts_seen(tab, base_url: str) -> dict[str, str | bool]:
    """The default queue's total as the expert reads it: on the home page, on the candidate page its Review
    link opens, and in the API (with the browser's session); and the home page's ingest note."""
    tab.goto(f"{base_url}/")
    row = tab.locator("main.queues tbody tr").first
    home_total = row.locator("td").nth(1).inner_text().split("/")[-1].strip()
    note = tab.locator("main.queues p.ingesting")
    home_note = note.inner_text() if note.count() else ""
    row.locator("a", has_text="Review").click()
    tab.wait_for_selector("main#review.ready")
    page_total = tab.locator("[data-field=queue]").inner_text().split(" of ")[-1]
    page_note = tab.locator("main#review dd.ingesting")
    api = tab.request.get(f"{base_url}/api/queues/").json()
    return {
        "home": home_total,
        "candidate page": page_total,
        "api": str(api[0]["total"]),
        "api ingesting": api[0]["ingesting"],
        "home note": home_note,
        "page note": page_note.inner_text() if page_note.count() else "",
    }


@pytest.mark.usefixtures("via_broker")
def test_queue_total_is_one_number_everywhere_while_an_ingest_is_held_and_after(
    page, live_server, expert, mast, sandbox_db
):
    env = {
        "REDIS_URL": require_env("REDIS_URL"),
        **sandbox_env(mast),
        "HCVVET_INGEST_RETRY_BASE_SECONDS": "0.2",
        "HCVVET_INGEST_MAX_RETRIES": "1000",  # held by the fault as long as the test needs, never failed
    }
    faults = f"{mast.base_url}/_sandbox/faults"
    with celery_worker(env=env, concurrency=1):
        first = job_create(group_ids=[M31], fetch_cutouts=False)
        first = wait_for(lambda: finished(first), timeout=120)
        assert first.state == JobState.SUCCEEDED, first.error
        hang = {"service": "casjobs", "kind": "hang", "seconds": 600}
        assert requests.post(faults, json=hang, timeout=HTTP_TIMEOUT_S).status_code == 200
        held = job_create(group_ids=[IC1613], fetch_cutouts=False)
        # Held: the worker's CasJobs request timed out at least once and the job waits to try again.
        wait_for(lambda: retrying(held), timeout=60)
        assert held.state in (JobState.QUEUED, JobState.RUNNING)
        assert held.stage == "summary", held.stage

        log_in(page, live_server.url, expert.username)
        during = counts_seen(page, live_server.url)
        size = str(default_queue_size(sandbox_db, [M31]))
        assert (during["home"], during["candidate page"], during["api"]) == (size, size, size)
        assert during["home note"] == "Still ingesting (1 job): the totals grow as candidates arrive."
        assert during["page note"] == "still ingesting: the queue grows as candidates arrive"
        assert during["api ingesting"] is True

        assert requests.delete(faults, timeout=HTTP_TIMEOUT_S).status_code == 200
        held = wait_for(lambda: finished(held), timeout=120)
        assert held.state == JobState.SUCCEEDED, held.error
        after = counts_seen(page, live_server.url)
        size = str(default_queue_size(sandbox_db, [M31, IC1613]))
        assert (after["home"], after["candidate page"], after["api"]) == (size, size, size)
        assert (after["home note"], after["page note"], after["api ingesting"]) == ("", "", False)
    assert page.errors == []

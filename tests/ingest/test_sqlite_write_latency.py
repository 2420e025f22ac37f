"""The embedded SQLite database has one write lock. An expert's label save made while an ingest job writes
waits for the ingest transaction in progress (never "database is locked"), then goes before the ingest's
next write instead of queueing behind all of them (hcvvet/ingest/services/turns.py)."""

import threading

import pytest
from django.db import connection, transaction

from hcvvet.ingest.models import JobState
from hcvvet.ingest.services import turns, upsert
from hcvvet.ingest.services.lifecycle import job_create
from hcvvet.ingest.tasks import run_ingest
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Label
from tests.ingest.expected import expected_for_group
from tests.vetting.campaign_helpers import active_campaign

M31 = 1045904

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single write lock: PostgreSQL locks rows")


def in_thread(fn, errors: list) -> threading.Thread:
    """Run `fn` in a thread of its own (so its own database connection); exceptions go to `errors`."""

    def run() -> None:
        try:
            fn()
        except Exception as error:  # the test reports it
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


class IngestWithFirstChunkHeld:
    """An M31 ingest job run by the task in a thread, its summary in two chunks; the first chunk's transaction
    stays open until `release()`. `events` records when each chunk's transaction began and the label save."""

    def __init__(self, monkeypatch, sandbox_db) -> None:
        monkeypatch.setattr(
            upsert, "SQLITE_CHUNK_ROWS", expected_for_group(sandbox_db, M31)["filter_rows"] // 2 + 1
        )
        write_chunk = upsert.upsert_summary_chunk
        self.events: list[str] = []
        self.errors: list = []
        self.holding, self._released = threading.Event(), threading.Event()

        def chunk_in_view(job, rows) -> None:
            with transaction.atomic():  # begun: the ingest holds the write lock
                chunks_begun = sum(event.startswith("summary chunk") for event in self.events)
                self.events.append(f"summary chunk {chunks_begun + 1} began")
                write_chunk(job, rows)
                if not self.holding.is_set():
                    self.holding.set()
                    self._released.wait(30)

        monkeypatch.setattr(upsert, "upsert_summary_chunk", chunk_in_view)
        self.job = job_create(group_ids=[M31], fetch_cutouts=False, queue=False)
        self.thread = in_thread(lambda: run_ingest.apply((self.job.pk,)), self.errors)
        assert self.holding.wait(30), self.errors

    def release(self) -> None:
        self._released.set()
        self.thread.join(60)
        assert self.errors == []
        self.job.refresh_from_db()
        assert self.job.state == JobState.SUCCEEDED, self.job.error


@pytest.fixture
def vote(expert):
    """(save the expert's vote on a campaign candidate, the class of their label now)."""
    campaign = active_campaign(experts=[expert], votes_needed=1, n_candidates=1)
    candidate = campaign.items.get().candidate

    def save() -> None:
        label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=2)

    return save, lambda: Label.objects.get(campaign=campaign, candidate=candidate).expert_class


def test_label_saved_during_an_ingest_write_waits_for_it_and_succeeds(mast, sandbox_db, monkeypatch, vote):
    save, saved_class = vote
    ingest = IngestWithFirstChunkHeld(monkeypatch, sandbox_db)
    errors: list = []
    saving = in_thread(save, errors)
    saving.join(0.5)
    assert saving.is_alive(), f"the save did not wait for the ingest's transaction: {errors}"
    ingest.release()
    saving.join(30)
    assert errors == []
    assert saved_class() == 2


def test_label_saved_during_an_ingest_write_goes_before_the_next_ingest_write(
    mast, sandbox_db, monkeypatch, vote
):
    # A gap far longer than SQLite's longest sleep between tries for the lock (0.1 s): the order below then
    # does not depend on how fast the machine is.
    monkeypatch.setattr(turns, "GAP_SECONDS", 0.5)
    save, saved_class = vote
    ingest = IngestWithFirstChunkHeld(monkeypatch, sandbox_db)
    errors: list = []
    saving = in_thread(lambda: (save(), ingest.events.append("label saved")), errors)
    saving.join(0.5)
    assert saving.is_alive(), f"the save did not wait for the ingest's transaction: {errors}"
    ingest.release()
    saving.join(30)
    assert errors == []
    assert ingest.events == ["summary chunk 1 began", "label saved", "summary chunk 2 began"]
    assert saved_class() == 2

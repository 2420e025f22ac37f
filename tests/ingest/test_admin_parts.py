"""The admin page of a whole-catalogue ingest job lists its parts, read-only: kind, number, state, rows
and time spent (issue 19). Through the real pipeline (eager tasks) against the sandbox's tiny universe."""

import re

import pytest

from hcvvet.ingest.models import JobState, PartKind
from hcvvet.ingest.services.lifecycle import job_create

pytestmark = pytest.mark.django_db(transaction=True)

JOBS = "/admin/ingest/ingestjob/"


def part_rows(page: str) -> list[dict[str, str]]:
    """The parts table of a job's admin page: one dict per row, by column (`kind`, `number`, ...)."""
    rows = []
    for row in re.findall(r'<tr class="form-row[^"]*"[^>]*>(.*?)</tr>', page, re.S):
        cells = re.findall(r'<td class="field-([a-z_]+)">(.*?)</td>', row, re.S)
        rows.append({name: re.sub(r"<[^>]+>", "", text).strip() for name, text in cells})
    return [row for row in rows if row]


def test_the_job_page_lists_each_part_with_its_state_rows_and_time(mast, settings, client, curator):
    settings.HCVVET_INGEST_PART_SUMMARY_OBJECTS = 300
    settings.HCVVET_INGEST_PART_MATCHIDS = 50
    job = job_create(whole_catalogue=True, fetch_cutouts=False)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    client.force_login(curator)
    page = client.get(f"{JOBS}{job.pk}/change/").content.decode()

    shown = part_rows(page)
    parts = list(job.parts.order_by("-kind", "number"))
    assert len(shown) == len(parts) >= 3
    assert {row["kind"] for row in shown} == {"summary", "light curves"}
    for row, part in zip(shown, parts, strict=True):
        assert (row["kind"], row["number"]) == (part.get_kind_display(), str(part.number))
        assert row["part_state"] == "finished"
        assert row["rows"] == f"{part.total:,} of {part.total:,}"
        assert re.fullmatch(r"\d+\.\d \(read \d+\.\d, write \d+\.\d\)", row["seconds"]), row["seconds"]
    summary = [row for row in shown if row["kind"] == "summary"]
    assert sum(int(row["rows"].split()[0].replace(",", "")) for row in summary) == job.counts["candidates"]
    # read-only: nothing of a part can be edited, added or deleted
    assert not re.search(r'name="parts-\d+-(kind|number|spec|total|done|finished|error)"', page)
    assert 'name="parts-0-DELETE"' not in page
    assert 'name="parts-MAX_NUM_FORMS" value="0"' in page  # no part can be added
    assert job.parts.filter(kind=PartKind.SUMMARY).count() == len(summary)


def test_a_single_field_job_has_no_parts_table(mast, client, curator):
    job = job_create(group_ids=[69810], fetch_cutouts=False)
    client.force_login(curator)
    page = client.get(f"{JOBS}{job.pk}/change/").content.decode()
    assert part_rows(page) == []
    assert "whole-catalogue job runs" not in page

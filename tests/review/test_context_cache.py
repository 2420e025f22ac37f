"""The review page's field context (MAD-magnitude cloud, threshold curve, colour-magnitude diagram) is cached
per group (issue 18): an ingest's write to one group's rows refreshes that group's context and leaves every
other group's in the cache, so a page of a field the ingest does not touch is not recomputed while the ingest
runs."""

import dataclasses
import json
import re

import numpy as np
import pytest

from hcvvet.catalog.models import FieldThreshold, FilterStat
from hcvvet.catalog.services import filter_thresholds_update
from hcvvet.ingest.models import IngestJob
from hcvvet.ingest.services.summary import SummaryRow
from hcvvet.ingest.services.upsert import CANDIDATE_COLUMNS, upsert_summary_chunk
from hcvvet.review.page import group_context
from hcvvet.vetting.queues import default_campaign
from tests.e2e.review_data import FILTERS, build_review_field

pytestmark = pytest.mark.django_db

GROUP_A, GROUP_B = 1072340, 1072341


def summary_rows(group_id: int) -> list[SummaryRow]:
    """The group's filter rows as an ingest reads them from MAST."""
    rows = FilterStat.objects.filter(candidate__group_id=group_id).select_related("candidate__group")
    return [
        SummaryRow(
            target_name=row.candidate.group.target_name,
            **{name: getattr(row.candidate, name) for name in CANDIDATE_COLUMNS},
            **{name: getattr(row, name) for name in FilterStat.HCV_COLUMNS},
        )
        for row in rows.order_by("candidate_id", "filter")
    ]


def test_an_ingest_write_to_one_group_refreshes_its_context_and_leaves_another_groups_cached(
    django_assert_num_queries,
):
    build_review_field(candidates=2, constants=300, cutouts=False, group_id=GROUP_A)
    build_review_field(candidates=2, constants=300, cutouts=False, group_id=GROUP_B)
    filter_thresholds_update([GROUP_A, GROUP_B])
    before_a, before_b = group_context(GROUP_A, FILTERS), group_context(GROUP_B, FILTERS)

    # MAST's catalogue changed for group A: its constant stars scatter three times as much. The ingest writes
    # the rows, then the group's thresholds from all its rows (as hcvvet.ingest.services.pipeline does).
    job = IngestJob.objects.create(group_ids=[GROUP_A])
    changed = [
        dataclasses.replace(row, mad=3 * row.mad) if row.auto_class == 0 else row
        for row in summary_rows(GROUP_A)
    ]
    upsert_summary_chunk(job, changed)
    filter_thresholds_update([GROUP_A])

    with django_assert_num_queries(1):  # the group's version only: B's context comes from the cache
        after_b = group_context(GROUP_B, FILTERS)
    assert after_b == before_b

    after_a = group_context(GROUP_A, FILTERS)
    assert after_a["data_version"] != before_a["data_version"]
    for band in FILTERS:
        cloud = np.asarray(after_a["madmag"][band]["cloud"]["y"])
        assert np.median(cloud) == pytest.approx(
            3 * np.median(before_a["madmag"][band]["cloud"]["y"]), rel=0.01
        )
        # the plotted curve is the new one, the one the filter rows' thresholds come from
        plotted = after_a["madmag"][band]["threshold"]
        assert plotted != before_a["madmag"][band]["threshold"]
        curve = FieldThreshold.objects.get(group_id=GROUP_A, filter=band).curve()
        np.testing.assert_allclose(plotted["x"], curve.centres, atol=1e-3)
        np.testing.assert_allclose(plotted["y"], curve.thresholds, atol=1e-4)
        for mag, threshold in FilterStat.objects.filter(
            candidate__group_id=GROUP_A, filter=band, mean_corr_mag__isnull=False
        ).values_list("mean_corr_mag", "mad_threshold"):
            assert threshold == pytest.approx(float(curve.at(mag)))


def embedded_context(html: str):
    """The field context the candidate page's HTML carries for review.js (null: the browser fetches it)."""
    found = re.search(r'<script id="context-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page has no context-data script"
    return json.loads(found.group(1))


def test_the_page_never_waits_for_its_fields_context_and_embeds_it_once_computed(client, expert):
    (candidate,) = build_review_field(candidates=1, constants=50, cutouts=False, group_id=GROUP_A)
    client.force_login(expert)
    url = f"/review/{default_campaign().pk}/{candidate.pk}/"

    assert embedded_context(client.get(url).content.decode()) is None
    context_url = client.get(url.rstrip("/") + ".json").json()["context_url"]
    served = client.get(context_url).json()
    assert len(served["madmag"]["ACS_F814W"]["cloud"]["x"]) == 50
    assert embedded_context(client.get(url).content.decode()) == served

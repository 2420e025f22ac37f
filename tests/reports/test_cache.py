"""Reports served again while their data is unchanged, and never once it has changed, whatever wrote it."""

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from hcvvet.catalog.models import Candidate, FilterStat
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import report_build
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import CampaignState

pytestmark = pytest.mark.django_db(transaction=True)

HCV = ReportFilters(source="hcv")


def _counts(filters: ReportFilters = HCV) -> dict[tuple[int, int], int]:
    rows = report_build("autoclass-vs-expert", filters).statistic.rows
    return {(row.auto_class, row.expert_class): row.count for row in rows}


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_the_same_report_again_costs_one_query_and_is_stamped_now(small_campaign):
    first = report_build("artifact-fraction", HCV)
    assert _queries(lambda: report_build("artifact-fraction", HCV)) == 1
    again = report_build("artifact-fraction", HCV)
    assert again.to_dict()["bins"] == first.to_dict()["bins"]
    assert again.provenance.exported_at > first.provenance.exported_at
    # another selection is its own report
    other = ReportFilters(source="hcv", group_id=1072340)
    assert report_build("artifact-fraction", other).to_dict()["bins"] != first.to_dict()["bins"]


@pytest.mark.parametrize("write", ["orm_save", "queryset_update", "raw_sql", "delete"])
def test_any_write_to_the_catalogue_shows_at_once(small_campaign, write):
    before = _counts()
    target = small_campaign.candidates[6]  # AutoClass 1, catalogue class 1, in no campaign
    if write == "orm_save":
        target.hcv_expert_class = 4
        target.save()
    elif write == "queryset_update":
        Candidate.objects.filter(pk=target.pk).update(hcv_expert_class=4)
    elif write == "raw_sql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE catalog_candidate SET hcv_expert_class = 4 WHERE match_id = %s", [target.pk]
            )
    else:
        FilterStat.objects.filter(candidate=target).delete()
        target.delete()
    after = _counts()
    assert after[(1, 1)] == before[(1, 1)] - 1
    if write != "delete":
        assert after[(1, 4)] == before[(1, 4)] + 1


def test_a_new_vote_moves_the_campaign_agreement(small_campaign):
    filters = ReportFilters(campaign="M31 pilot")
    before = report_build("agreement", filters).statistic.n_votes
    ada, bob, cora = small_campaign.experts
    campaign = small_campaign.campaign
    campaign.experts.add(cora)
    campaign.state = CampaignState.ACTIVE
    campaign.save()
    label_submit(campaign=campaign, candidate=small_campaign.candidates[1], expert=cora, expert_class=4)
    assert report_build("agreement", filters).statistic.n_votes == before + 1


def test_a_rolled_back_write_leaves_no_report_behind(small_campaign):
    before = _counts()
    seen_inside = {}
    with transaction.atomic():
        Candidate.objects.filter(pk=small_campaign.candidates[0].pk).update(hcv_expert_class=4)
        seen_inside = _counts()
        transaction.set_rollback(True)
    assert seen_inside[(1, 4)] == before[(1, 4)] + 1  # the transaction saw its own write
    assert _counts() == before


def test_a_write_in_flight_while_a_report_is_computed_shows_once_committed(small_campaign):
    """The race a cache can get wrong: a report read while another transaction has written but not yet
    committed must not be served after that transaction commits."""
    before = _counts()
    writer = connections.create_connection("default")
    try:
        writer.set_autocommit(False)
        with writer.cursor() as cursor:
            cursor.execute(
                "UPDATE catalog_candidate SET hcv_expert_class = 4 WHERE match_id = %s",
                [small_campaign.candidates[0].pk],
            )
        assert _counts() == before  # not committed yet: not visible
        writer.commit()
    finally:
        writer.close()
    after = _counts()
    assert after[(1, 4)] == before[(1, 4)] + 1

"""Reports served again while their data is unchanged, and recomputed once a writing service changed it."""

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hcvvet.catalog.models import Candidate, Image
from hcvvet.catalog.services import bulk_update_column, bulk_upsert
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import report_build
from hcvvet.vetting.image_flags import image_flag
from hcvvet.vetting.labels import label_submit, label_undo
from hcvvet.vetting.models import CampaignState
from tests.conftest import require_env

pytestmark = pytest.mark.django_db

HCV = ReportFilters(source="hcv")
M31_PILOT = ReportFilters(campaign="M31 pilot")
CANDIDATE_COLUMNS = ("match_id", "group_id", "sub_group_id", "ra_deg", "dec_deg", "auto_class")
CANDIDATE_COLUMNS += ("hcv_expert_class", "num_filters", "stats_mismatch", "needs_review", "has_light_curve")
CANDIDATE_COLUMNS += ("updated_at",)


def _counts(filters: ReportFilters = HCV) -> dict[tuple[int, int], int]:
    rows = report_build("autoclass-vs-expert", filters).statistic.rows
    return {(row.auto_class, row.expert_class): row.count for row in rows}


def _votes() -> int:
    return report_build("agreement", M31_PILOT).statistic.n_votes


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def _open_to_cora(small_campaign):
    campaign, cora = small_campaign.campaign, small_campaign.experts[2]
    campaign.experts.add(cora)
    campaign.state = CampaignState.ACTIVE
    campaign.save()
    return campaign, cora


def test_the_same_report_again_is_computed_once_and_stamped_now(small_campaign):
    first = report_build("artifact-fraction", HCV)
    assert _queries(lambda: report_build("artifact-fraction", HCV)) == 1  # the data versions only
    again = report_build("artifact-fraction", HCV)
    assert again.to_dict()["bins"] == first.to_dict()["bins"]
    assert again.provenance.exported_at > first.provenance.exported_at
    # another selection is its own report
    other = ReportFilters(source="hcv", group_id=1072340)
    assert report_build("artifact-fraction", other).to_dict()["bins"] != first.to_dict()["bins"]


def test_a_label_save_shows_at_once(small_campaign):
    campaign, cora = _open_to_cora(small_campaign)
    before = _votes()
    label_submit(campaign=campaign, candidate=small_campaign.candidates[1], expert=cora, expert_class=4)
    assert _votes() == before + 1


def test_an_undo_shows_at_once(small_campaign):
    campaign, cora = _open_to_cora(small_campaign)
    before = _votes()
    label_submit(campaign=campaign, candidate=small_campaign.candidates[1], expert=cora, expert_class=4)
    assert _votes() == before + 1
    label_undo(campaign=campaign, expert=cora)
    assert _votes() == before


def test_a_catalogue_upsert_shows_at_once(small_campaign):
    before = _counts()
    target = small_campaign.candidates[6]  # AutoClass 1, catalogue class 1, in no campaign
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    changed = bulk_upsert(
        Candidate,
        CANDIDATE_COLUMNS,
        [(target.pk, target.group_id, -5, 10.0, 41.0, 1, 4, 2, False, False, False, now)],
        conflict=("match_id",),
        update=("hcv_expert_class",),
    )
    assert changed == 1
    after = _counts()
    assert after[(1, 1)] == before[(1, 1)] - 1
    assert after[(1, 4)] == before[(1, 4)] + 1


def test_an_image_flag_shows_at_once(small_campaign, curator):
    """Reports read nothing an image flag changes (its vetted statistics are not in them), so the change shown
    is one made around the services (a plain queryset update, which alone leaves the cached report in place)
    that the flag's new catalog version brings into view."""
    before = _counts()
    Candidate.objects.filter(pk=small_campaign.candidates[6].pk).update(hcv_expert_class=4)
    assert _counts() == before  # no service wrote: the cached report stands
    image = Image.objects.create(
        name="hst_10543_01_acs_wfc_f814w", instrument="acs", detector="wfc", filter="f814w",
        proposal_id=10543, visit="01",
    )  # fmt: skip
    image_flag(image=image, user=curator, reason="satellite trail")
    after = _counts()
    assert after[(1, 4)] == before[(1, 4)] + 1


def test_a_rolled_back_write_leaves_no_report_behind(small_campaign):
    before = _counts()
    with transaction.atomic():
        bulk_update_column(Candidate, "hcv_expert_class", [(small_campaign.candidates[0].pk, 4)])
        seen_inside = _counts()
        transaction.set_rollback(True)
    assert seen_inside[(1, 4)] == before[(1, 4)] + 1  # the transaction saw its own write
    assert _counts() == before


@pytest.mark.django_db(transaction=True)
def test_a_write_in_flight_while_a_report_is_computed_shows_once_committed(small_campaign):
    """The race a cache can get wrong: a report read while another transaction has written (and moved the
    version, as the services do, in the same transaction) but not yet committed must not be served after that
    transaction commits."""
    before = _counts()
    writer = connections.create_connection("default")
    try:
        writer.set_autocommit(False)
        with writer.cursor() as cursor:
            cursor.execute(
                "UPDATE catalog_candidate SET hcv_expert_class = 4 WHERE match_id = %s",
                [small_campaign.candidates[0].pk],
            )
            cursor.execute("UPDATE catalog_dataversion SET value = value + 1 WHERE name = 'catalog'")
        assert _counts() == before  # not committed yet: not visible
        writer.commit()
    finally:
        writer.close()
    after = _counts()
    assert after[(1, 4)] == before[(1, 4)] + 1


@pytest.mark.services
def test_with_redis_a_report_is_kept_where_every_process_and_host_sees_it(small_campaign, settings):
    redis = pytest.importorskip("redis")
    require_env("REDIS_URL")
    server = redis.Redis.from_url(settings.REDIS_URL)
    before = set(server.scan_iter("hcvvet:*report:*"))
    report_build("mad-histograms", HCV)
    assert len(set(server.scan_iter("hcvvet:*report:*")) - before) == 1

"""In Chromium: the review page says what its one threshold is, in the MAD / thr. cell and under the
MAD-magnitude plot, with the API's value and label (issue 14, item 3)."""

import pytest

from hcvvet.catalog.models import FieldThreshold, FilterStat, Measurement, ThresholdSource
from hcvvet.catalog.services import filter_thresholds_update
from tests.e2e.conftest import log_in
from tests.e2e.review_data import build_review_field
from tests.e2e.test_review_numbers_browser import ROW, open_candidate, select_epoch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RED = "ACS_F814W"


@pytest.mark.parametrize("flag_some", [False, True], ids=["estimate", "catalogue boundary"])
def test_the_page_labels_its_threshold_as_the_api_does(page, live_server, expert, flag_some):
    (candidate,) = build_review_field(candidates=1, constants=300, n_points=8, cutouts=False)
    if flag_some:
        # the catalogue flagged the field's highest-MAD constants of this filter (and left the others)
        rows = FilterStat.objects.filter(candidate__group_id=candidate.group_id, filter=RED)
        rows.update(chi2=10.0, num_lc=8, filter_det_flag=0)
        top = list(rows.order_by("-mad").values_list("pk", flat=True)[:15])
        FilterStat.objects.filter(pk__in=top).update(filter_det_flag=1)
    filter_thresholds_update([candidate.group_id])
    expected = ThresholdSource.CATALOGUE if flag_some else ThresholdSource.ESTIMATE
    assert FieldThreshold.objects.get(group_id=candidate.group_id, filter=RED).source == expected

    log_in(page, live_server.url, expert.username)
    open_candidate(page, live_server.url, candidate.pk)
    select_epoch(page, Measurement.objects.filter(candidate=candidate, filter=RED).first().image_id)
    page.wait_for_function(f"() => document.querySelector('#madmag-caption').textContent.includes('{RED}')")
    api = next(
        f
        for f in page.request.get(f"{live_server.url}/api/candidates/{candidate.pk}/").json()["filters"]
        if f["filter"] == RED
    )
    label = ThresholdSource(api["mad_threshold_source"]).label
    assert api["mad_threshold_source"] == expected
    title = page.get_attribute(f"{ROW} td[data-role=ratio]", "title")
    assert f"threshold {api['mad_threshold']:.4f} mag ({label})" in title
    assert page.inner_text("#madmag-caption").endswith(f"threshold in vermillion: {label})")

"""The campaign chooser of the catalogue estimates page (/triage/estimates/): for every campaign of every kind
it says whether its labels give an estimate and, if not, exactly why; and its queries do not grow with the
number of campaigns."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from hcvvet.triage.estimates import why_no_estimate
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState, ConsensusState, QueueOrder
from tests.conftest import page_client
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

PAGE = "/triage/estimates/"
# name: (order, state, whether the model retired one of its candidates, why it has no estimate or None)
KINDS = {
    "Random": (QueueOrder.RANDOM, CampaignState.ACTIVE, False, None),
    "Stratified": (QueueOrder.STRATIFIED, CampaignState.CLOSED, False, None),
    "By MAD": (QueueOrder.MAD, CampaignState.ACTIVE, False, "not a random sample of its candidates"),
    "Audit retired": (QueueOrder.UNCERTAINTY, CampaignState.ACTIVE, True, None),
    "Sampled": (QueueOrder.UNCERTAINTY_SAMPLED, CampaignState.ACTIVE, False, None),
    "Random retired": (QueueOrder.RANDOM, CampaignState.ACTIVE, True, "The model retired candidates of"),
    "Draft": (QueueOrder.RANDOM, CampaignState.DRAFT, False, "has not started"),
}


@pytest.fixture
def candidates():
    return CandidateFactory.create_batch(3)


def _campaign(name: str, order: str, state: str, retired: bool, candidates) -> Campaign:
    """A campaign over `candidates`, the first retired by the model if `retired`."""
    started_at = None if state == CampaignState.DRAFT else timezone.now()
    campaign = Campaign.objects.create(name=name, order=order, state=state, started_at=started_at)
    CampaignCandidate.objects.bulk_create(
        CampaignCandidate(
            campaign=campaign,
            candidate=candidate,
            position=i,
            consensus=ConsensusState.RETIRED if retired and i == 0 else ConsensusState.OPEN,
        )
        for i, candidate in enumerate(candidates)
    )
    return campaign


def _options(html: str) -> dict[str, str]:
    """The chooser's campaigns: name -> the option's text."""
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', html))


def _reasons(html: str) -> dict[str, str]:
    """The page's list of why campaigns have no estimate: name -> reason."""
    return dict(re.findall(r'<li data-campaign="([^"]+)">([^<]*)</li>', html))


def test_the_chooser_says_of_each_kind_of_campaign_why_it_has_no_estimate_or_that_it_has_one(
    curator, candidates
):
    campaigns = {
        name: _campaign(name, order, state, retired, candidates)
        for name, (order, state, retired, _) in KINDS.items()
    }
    client = page_client(curator)
    html = client.get(PAGE).content.decode()
    options, reasons = _options(html), _reasons(html)
    assert sorted(options) == sorted(name for name in KINDS if name != "Draft")  # a draft is not offered
    for name, option in options.items():
        order_name = campaigns[name].get_order_display()
        why = KINDS[name][3]
        if why is None:
            assert option == f"{name} ({order_name})"
            assert name not in reasons
        else:
            assert option == f"{name} ({order_name}: no estimate)"
            assert why in reasons[name]
            assert reasons[name] == escape(why_no_estimate(campaigns[name]))
    assert set(reasons) == {"By MAD", "Random retired"}
    assert "Why 2 of these campaigns have no estimate" in html
    draft = client.get(PAGE, {"campaign": "Draft"})
    assert draft.status_code == 400
    assert "has not started: its candidates are not frozen yet" in draft.content.decode()


def _chooser_queries(client, expected_campaigns: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(PAGE).content.decode()
    assert len(_options(html)) == expected_campaigns
    return len(queries.captured_queries)


def test_the_chooser_reads_as_many_rows_for_twelve_campaigns_as_for_three(curator, candidates):
    client = page_client(curator)
    # random, stratified and sampled campaigns are the ones asked whether the model retired any candidate
    orders = [QueueOrder.RANDOM, QueueOrder.STRATIFIED, QueueOrder.UNCERTAINTY_SAMPLED]
    for i, order in enumerate(orders):
        _campaign(f"first {i}", order, CampaignState.ACTIVE, False, candidates)
    client.get(PAGE)  # the session's first reads
    three = _chooser_queries(client, 3)
    for i in range(9):
        _campaign(f"more {i}", orders[i % 3], CampaignState.ACTIVE, i == 4, candidates)
    assert _chooser_queries(client, 12) == three

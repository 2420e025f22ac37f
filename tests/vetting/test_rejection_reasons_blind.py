"""An epoch rejection's reason is another expert's judgement: a blind voter does not read it before voting
(review page JSON and API light curve); the one who rejected it always does; after voting, everyone does."""

import pytest
from django.test import Client

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Measurement
from hcvvet.vetting.epochs import epoch_reject
from hcvvet.vetting.labels import label_submit
from tests.factories import candidate_with_light_curve
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db
REASON = "cosmic ray across the core"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reasons(client, campaign, candidate) -> tuple[set[str], set[str]]:
    page = client.get(f"/review/{campaign.pk}/{candidate.pk}.json")
    assert page.status_code == 200, page.content
    api = client.get(f"/api/candidates/{candidate.pk}/light-curve/")
    assert api.status_code == 200, api.content
    return {e["reason"] for e in page.json()["epochs"] if e["rejected"]}, {
        m["rejected_reason"] for m in api.json() if m["rejected"]
    }


def test_a_blind_voter_reads_another_experts_rejection_reason_only_after_voting(make_user):
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    candidate = candidate_with_light_curve(auto_class=0)  # outside the default queue
    campaign = active_campaign(experts=[ada, bob], candidates=[candidate], votes_needed=2, blind=True)
    epoch_reject(measurement=Measurement.objects.filter(candidate=candidate).first(), user=bob, reason=REASON)

    assert _reasons(_client(bob), campaign, candidate) == ({REASON}, {REASON})
    before = _reasons(_client(ada), campaign, candidate)
    label_submit(campaign=campaign, candidate=candidate, expert=ada, expert_class=1)
    after = _reasons(_client(ada), campaign, candidate)

    assert REASON not in before[0] | before[1]
    assert before == ({"hidden until you vote"}, {"hidden until you vote"})
    assert after == ({REASON}, {REASON})

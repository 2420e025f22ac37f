"""Two prefetch requests of one expert's review page cross (a key pressed while the last prefetch is still
waiting): each leases the candidate it was asked after, then the next ones in queue order, which may come
before it while the label of an earlier candidate is still being saved. Leasing them inside one transaction
held the first row locks while waiting for the next ones, in two different orders: PostgreSQL found a
deadlock, aborted one request, and the expert's label saved behind them was lost. Each lease now commits on
its own. PostgreSQL only: SQLite has no row locks to wait on."""

import threading

import pytest
from django.db import connection, transaction

from hcvvet.accounts.models import Role
from hcvvet.vetting.models import CampaignCandidate, Lease
from tests.conftest import page_client, using_postgresql, waiting_on_locks
from tests.factories import CandidateFactory
from tests.vetting.campaign_helpers import active_campaign, ensure_roles

pytestmark = pytest.mark.skipif(not using_postgresql(), reason="row locks: PostgreSQL only")


@pytest.mark.django_db(transaction=True)
def test_two_crossing_prefetches_both_answer_while_a_label_save_holds_a_row(make_user):
    ensure_roles()
    ada = make_user("ada", Role.EXPERT)
    queue = [CandidateFactory(auto_class=1) for _ in range(5)]
    campaign = active_campaign(experts=[ada], candidates=queue, votes_needed=1)
    a, b, c, d, _ = queue
    answers: dict[str, object] = {}

    def prefetch(name: str, after) -> None:
        try:
            reply = page_client(ada).post(f"/review/{campaign.pk}/upcoming.json?after={after.pk}")
            answers[name] = (reply.status_code, [item["match_id"] for item in reply.json()["items"]])
        except Exception as error:  # the request's failure (a deadlock) is what the test reports
            answers[name] = repr(error)
        finally:
            connection.close()  # this thread's own connection to the test database

    first = threading.Thread(target=prefetch, args=("after a", a), daemon=True)
    second = threading.Thread(target=prefetch, args=("after c", c), daemon=True)
    with transaction.atomic():  # the label save of b, in progress: b's row is locked
        CampaignCandidate.objects.select_for_update().get(campaign=campaign, candidate=b)
        first.start()
        first_waits = waiting_on_locks(1)  # leased a, waits for b
        second.start()
        both_wait = waiting_on_locks(2)  # leased c, then a or b
    first.join(timeout=60)
    second.join(timeout=60)

    assert first_waits, "the first prefetch never waited on the row the label save held"
    assert both_wait, "the second prefetch never waited"
    assert answers == {
        "after a": (200, [str(b.pk), str(c.pk), str(d.pk)]),
        "after c": (200, [str(a.pk), str(b.pk), str(d.pk)]),
    }
    leased = set(Lease.objects.filter(expert=ada).values_list("item__candidate_id", flat=True))
    assert leased == {a.pk, b.pk, c.pk, d.pk}

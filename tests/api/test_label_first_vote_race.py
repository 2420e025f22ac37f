"""Two first votes of one expert on one candidate (two tabs, a retried request) arrive together: exactly one
of them cast the vote (201), the other changed it (200), as the history records. The decision is taken under
the row lock: here the candidate's row is held locked until both requests wait on it, so both have read
everything they read before the lock, whatever the scheduling. PostgreSQL only: SQLite has no row locks to
wait on (its single write lock gives no way to see that both requests are waiting)."""

import threading

import pytest
import requests
from django.db import transaction
from rest_framework.authtoken.models import Token

from hcvvet.accounts.models import Role
from hcvvet.vetting.models import CampaignCandidate, EventKind, LabelEvent
from tests.conftest import using_postgresql, waiting_on_locks
from tests.vetting.campaign_helpers import active_campaign, ensure_roles

pytestmark = pytest.mark.skipif(not using_postgresql(), reason="row locks: PostgreSQL only")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_first_votes_answer_one_201_and_one_200(live_server, make_user):
    ensure_roles()
    ada = make_user("ada", Role.EXPERT)
    token = Token.objects.create(user=ada).key
    campaign = active_campaign(experts=[ada], n_candidates=1, votes_needed=2)
    item = campaign.items.get()
    statuses: list[int] = []

    def vote(expert_class: int) -> None:
        answer = requests.post(
            f"{live_server.url}/api/labels/",
            json={"campaign": campaign.pk, "candidate": item.candidate_id, "expert_class": expert_class},
            headers={"Authorization": f"Token {token}"},
            timeout=120,
        )
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=vote, args=(expert_class,), daemon=True) for expert_class in (1, 2)]
    with transaction.atomic():
        CampaignCandidate.objects.select_for_update().get(pk=item.pk)
        for thread in threads:
            thread.start()
        both_waiting = waiting_on_locks(2)
    for thread in threads:
        thread.join(timeout=120)

    assert both_waiting, "the two requests never both waited on the candidate's row lock"
    assert sorted(statuses) == [200, 201]
    kinds = sorted(LabelEvent.objects.filter(campaign=campaign, actor=ada).values_list("kind", flat=True))
    assert kinds == sorted([EventKind.LABEL, EventKind.CHANGE])
    item.refresh_from_db()
    assert item.vote_count == 1

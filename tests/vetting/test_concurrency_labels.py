"""Twenty experts label one campaign at once through the REST API of a live server: every accepted request
is a Label and a LabelEvent, no candidate gets more votes than it needs, nothing is lost. Runs on PostgreSQL
(row locks) and on SQLite (the embedded mode's single write lock) alike."""

import random
import threading
from collections import Counter

import pytest
import requests
from rest_framework.authtoken.models import Token

from hcvvet.accounts.models import Role
from hcvvet.vetting.models import CampaignCandidate, EventKind, Label, LabelEvent
from tests.vetting.campaign_helpers import active_campaign, ensure_roles

N_EXPERTS = 20
N_CANDIDATES = 25
VOTES_NEEDED = 3


def _expert_session(base_url, token, campaign_id, seed, outcomes, lock):
    """Work through the queue; now and then vote on a random candidate instead, as a stale tab would."""
    rng = random.Random(seed)
    http = requests.Session()
    http.headers["Authorization"] = f"Token {token}"
    for _ in range(200):
        served = http.post(f"{base_url}/api/queues/next/", json={"campaign": campaign_id}, timeout=30)
        if served.status_code != 200:
            with lock:
                outcomes["errors"].append((served.status_code, served.text[:300]))
            return
        candidate = served.json()["candidate"]
        if candidate is None:
            return
        match_id = candidate["match_id"]
        if rng.random() < 0.3:
            match_id = rng.choice(outcomes["all_ids"])
        voted = http.post(
            f"{base_url}/api/labels/",
            json={"campaign": campaign_id, "candidate": match_id, "expert_class": rng.choice([1, 2, 4])},
            timeout=30,
        )
        with lock:
            outcomes["responses"].append((token, match_id, voted.status_code))


@pytest.mark.django_db(transaction=True)
def test_twenty_experts_label_one_campaign_at_once(live_server, make_user):
    ensure_roles()
    experts = [make_user(f"expert{i:02d}", Role.EXPERT) for i in range(N_EXPERTS)]
    tokens = {Token.objects.create(user=e).key: e for e in experts}
    campaign = active_campaign(experts=experts, n_candidates=N_CANDIDATES, votes_needed=VOTES_NEEDED)
    outcomes = {
        "responses": [],
        "errors": [],
        "all_ids": list(campaign.items.values_list("candidate_id", flat=True)),
    }
    lock = threading.Lock()
    threads = [
        threading.Thread(
            target=_expert_session, args=(live_server.url, token, campaign.pk, i, outcomes, lock), daemon=True
        )
        for i, token in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert outcomes["errors"] == []

    statuses = Counter(status for _, _, status in outcomes["responses"])
    assert set(statuses) <= {200, 201, 409}, statuses
    accepted = {
        (tokens[token].pk, match_id)
        for token, match_id, status in outcomes["responses"]
        if status in (200, 201)
    }
    labels = set(
        Label.objects.filter(campaign=campaign, expert_class__isnull=False).values_list(
            "expert_id", "candidate_id"
        )
    )
    assert labels == accepted
    first_votes = Counter(
        LabelEvent.objects.filter(campaign=campaign, kind=EventKind.LABEL).values_list(
            "actor_id", "candidate_id"
        )
    )
    assert set(first_votes) == labels
    assert set(first_votes.values()) == {1}
    changes = LabelEvent.objects.filter(campaign=campaign, kind=EventKind.CHANGE).count()
    assert changes == statuses[200]
    votes = Counter(candidate_id for _, candidate_id in labels)
    for item in CampaignCandidate.objects.filter(campaign=campaign):
        assert item.vote_count == votes[item.candidate_id] <= VOTES_NEEDED
    # Every candidate got all its votes: the queues ran dry only when nothing was left to do.
    assert sorted(votes.values()) == [VOTES_NEEDED] * N_CANDIDATES

"""The curators' adjudication page, through Django's test client."""

from hcvvet.accounts.models import Role
from tests.vetting.campaign_helpers import disputed_campaign


def test_experts_cannot_open_the_adjudication_page(client, make_user, django_assert_max_num_queries):
    campaign, _ = disputed_campaign(make_user)
    client.force_login(make_user("eve", Role.EXPERT))
    assert client.get("/adjudication/").status_code == 403
    item = campaign.items.get()
    assert client.post(f"/adjudication/{item.pk}/decide", {"decided_class": 1}).status_code == 403


def test_adjudication_page_query_count_does_not_grow_with_disputes(
    client, curator, make_user, django_assert_max_num_queries
):
    campaign, candidate = disputed_campaign(make_user)
    client.force_login(curator)
    # 11: one of them reads the blind campaigns the curator votes in (their hidden disputes are not listed)
    with django_assert_max_num_queries(11):
        page = client.get(f"/adjudication/?campaign={campaign.pk}")
    assert str(candidate.pk) in page.content.decode()
    reply = client.post(
        f"/adjudication/{campaign.items.get().pk}/decide", {"decided_class": "7"}, follow=True
    )
    assert "decided_class must be one of" in reply.content.decode()

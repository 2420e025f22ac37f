"""The admin obeys the blind-review rules for curators who vote in a blind campaign (issue 16, item 5), and a
curator's edit of a candidate's classes is in the history (item 12).

World: tests/scenario.py — "Blind pilot" holds the three M87 candidates (catalogue ExpertClass 1); ada voted
1 on the first two, bob 4 on the second (disputed). Here cora, a curator, is named among its experts too and
has voted on none of them.
"""

import re

import pytest

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.models import EventKind, LabelEvent

pytestmark = pytest.mark.django_db

CANDIDATES = "/admin/catalog/candidate/"


@pytest.fixture
def cora(world) -> User:
    cora = world.users["curator"]
    User.objects.filter(pk=cora.pk).update(is_staff=True)
    world.blind.experts.add(cora)
    cora.refresh_from_db()
    return cora


@pytest.fixture
def admin_client(client, cora):
    client.force_login(cora)
    return client


def test_a_voting_curator_sees_no_other_label_event_or_consensus_of_what_waits_for_their_vote(
    admin_client, world
):
    second = world.candidates[1]
    labels = admin_client.get("/admin/vetting/label/").content.decode()
    assert "0 labels" in labels or "bob" not in labels
    assert (
        admin_client.get("/admin/vetting/labelevent/?q=" + str(second.match_id)).content.decode().count("bob")
        == 0
    )
    items = admin_client.get("/admin/vetting/campaigncandidate/").content.decode()
    assert str(second.match_id) not in items
    campaigns = admin_client.get("/admin/vetting/campaign/").content.decode()
    assert "1 disputed" not in campaigns
    page = admin_client.get(f"{CANDIDATES}{second.match_id}/change/").content.decode()
    assert "bob" not in page
    assert 'name="hcv_expert_class"' not in page


def test_a_voting_curator_cannot_sort_filter_or_look_up_the_hidden_classes(admin_client, world):
    first = world.candidates[0]
    Candidate.objects.filter(pk=first.pk).update(hcv_expert_class=4)
    for query in ("hcv_expert_class=4", "hcv_expert_class=1"):
        listed = admin_client.get(f"{CANDIDATES}?{query}")
        assert listed.status_code == 200
        assert f"/{first.match_id}/change/" not in listed.content.decode()
    # a lookup on the column itself would see through the filter
    assert admin_client.get(f"{CANDIDATES}?hcv_expert_class__exact=4").status_code in (302, 400)
    ordered = [_rows(admin_client, f"{CANDIDATES}?o={o}") for o in ("5", "-5")]  # by HCV ExpertClass
    Candidate.objects.filter(pk=first.pk).update(hcv_expert_class=2)
    assert [_rows(admin_client, f"{CANDIDATES}?o={o}") for o in ("5", "-5")] == ordered


def _rows(client, url: str) -> list[str]:
    """The candidates of an admin list, in the order shown, with the class columns' cells."""
    page = client.get(url).content.decode()
    return re.findall(r'/admin/catalog/candidate/(\d+)/change/|<td class="field-shown">([^<]*)<', page)


def test_once_they_voted_the_curator_sees_it_all(admin_client, world, cora):
    from hcvvet.vetting.labels import label_submit
    from hcvvet.vetting.queues import default_campaign

    first = world.candidates[0]
    label_submit(campaign=world.blind, candidate=first, expert=cora, expert_class=1)
    label_submit(campaign=default_campaign(), candidate=first, expert=cora, expert_class=1)
    page = admin_client.get(f"{CANDIDATES}{first.match_id}/change/").content.decode()
    assert 'name="hcv_expert_class"' in page
    assert "ada" in page


def test_a_curators_class_edit_in_the_admin_writes_a_history_event(client, world):
    cora = world.users["curator"]
    User.objects.filter(pk=cora.pk).update(is_staff=True)
    client.force_login(cora)
    first = world.candidates[0]
    url = f"{CANDIDATES}{first.match_id}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"hcv_expert_class": 4, "expert_class": 2}
    for prefix in ("filter_stats", "labels", "events", "measurements"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    management = client.get(url).context["inline_admin_formsets"]
    for inline in management:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.total_form_count())
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for i, sub in enumerate(formset.forms):
            for name in sub.fields:
                value = sub[name].value()
                if value is not None:
                    data[f"{formset.prefix}-{i}-{name}"] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    first.refresh_from_db()
    assert (first.hcv_expert_class, first.expert_class) == (4, 2)
    event = LabelEvent.objects.get(kind=EventKind.CLASS_EDIT, candidate=first)
    assert event.actor == cora
    assert event.before == {"hcv_expert_class": 1, "expert_class": None}
    assert event.after == {"hcv_expert_class": 4, "expert_class": 2}

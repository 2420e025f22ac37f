"""Curators invite people by a one-time link and deactivate accounts without losing their labels; anybody
resets a forgotten password by mail. Everything as a user meets it: pages, mails, sign-in, the API."""

import re

import pytest
from django.core import mail
from django.test import Client

from hcvvet.accounts.models import Role, User
from hcvvet.vetting.labels import label_skip, label_submit, label_undo
from hcvvet.vetting.models import Label
from tests.conftest import PASSWORD, page_client, token_client
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-new-password-77"


def link_in(message) -> str:
    """The path of the one-time link in an e-mail."""
    return re.search(r"https?://[^/\s]+(/accounts/password/\S+/)", message.body).group(1)


def choose_password(link: str, password: str = NEW_PASSWORD) -> Client:
    """Open the one-time link as its owner would and set `password`; the client after that."""
    client = Client()
    form = client.get(link, follow=True)
    assert "Choose a password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert done.status_code == 302
    return client


def main_text(page) -> str:
    return re.search(r"<main.*</main>", page.content.decode(), re.S).group(0)


def invite(curator, **fields):
    data = {"username": "carla", "email": "carla@example.org", "role": Role.EXPERT, **fields}
    return page_client(curator).post("/team/", data)


def test_an_invited_expert_chooses_a_password_once_and_signs_in(curator):
    page = invite(curator)
    assert page.status_code == 200
    assert "carla is invited" in page.content.decode()
    [message] = mail.outbox
    assert message.to == ["carla@example.org"]
    link = link_in(message)
    assert link in page.content.decode()  # shown to the curator too, to pass on
    carla = User.objects.get(username="carla")
    assert carla.is_expert
    assert not carla.is_curator
    assert not carla.has_usable_password()

    choose_password(link)
    assert Client().login(username="carla", password=NEW_PASSWORD)
    again = Client().get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"username": "ada"}, "username", "exists already"),
        ({"username": "ADA"}, "username", "exists already"),
        ({"email": "not-an-address"}, "email", "valid email address"),
        ({"role": "admin"}, "role", "valid choice"),
        ({"username": "carla bob"}, "username", "letters, numbers"),
    ],
)
def test_a_refused_invitation_shows_why_on_the_form_keeps_the_input_and_sends_nothing(
    curator, expert, fields, field, words
):
    page = invite(curator, **fields)
    assert page.status_code == 200
    form = page.context["form"]
    assert words in " ".join(form.errors[field])
    assert form["email"].value() == fields.get("email", "carla@example.org")
    assert mail.outbox == []
    assert User.objects.count() == 2  # the curator and ada


def test_only_curators_open_the_team_page_or_change_accounts(expert, other_expert, viewer):
    for user in (expert, viewer):
        assert page_client(user).get("/team/").status_code == 403
        assert page_client(user).post(f"/team/{other_expert.pk}/deactivate").status_code == 403
    assert User.objects.get(pk=other_expert.pk).is_active


def test_a_deactivated_expert_cannot_sign_in_or_use_the_api_and_keeps_every_label(curator, expert):
    campaign = active_campaign(experts=[expert], n_candidates=2, votes_needed=1)
    item = campaign.items.first()
    label_submit(
        campaign=campaign, candidate=item.candidate, expert=expert, expert_class=4, comment="a spike"
    )
    session = page_client(expert)
    api = token_client(expert)
    assert api.get("/api/labels/").status_code == 200

    page = page_client(curator).post(f"/team/{expert.pk}/deactivate", follow=True)
    assert f"{expert.username} can no longer sign in" in page.content.decode()
    row = re.search(
        rf'<tr data-username="{expert.username}" class="inactive">.*?</tr>', page.content.decode(), re.S
    )
    assert row is not None
    assert "deactivated" in row.group(0)
    assert "<td>1</td>" in row.group(0)  # the label still counts

    assert not Client().login(username=expert.username, password=PASSWORD)
    assert api.get("/api/labels/").status_code == 401
    assert session.get("/").status_code == 302  # the open session ends at its next request
    label = Label.objects.get(expert=expert)
    assert (label.expert_class, label.comment) == (4, "a spike")

    page_client(curator).post(f"/team/{expert.pk}/reactivate")
    assert Client().login(username=expert.username, password=PASSWORD)


def test_a_curator_cannot_deactivate_their_own_account(curator):
    page = page_client(curator).post(f"/team/{curator.pk}/deactivate", follow=True)
    assert "You cannot deactivate your own account" in page.content.decode()
    assert User.objects.get(pk=curator.pk).is_active


def test_a_forgotten_password_is_reset_by_mail_and_unknown_addresses_learn_nothing(expert):
    User.objects.filter(pk=expert.pk).update(email="ada@example.org")
    login_page = Client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in login_page
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    known = Client().post("/accounts/password/reset/", {"email": "ada@example.org"}, follow=True)
    # the same page (but for the CSP nonce): no way to tell who has an account
    assert main_text(unknown) == main_text(known)
    assert "Look in your mailbox" in main_text(known)
    [message] = mail.outbox
    token = token_client(expert)
    choose_password(link_in(message))
    assert Client().login(username=expert.username, password=NEW_PASSWORD)
    assert not Client().login(username=expert.username, password=PASSWORD)
    assert token.get("/api/labels/").status_code == 401  # a new password revokes the old API token


def team_row(page, username: str) -> dict[str, str]:
    """The cells of `username`'s row of the accounts table, by column heading."""
    html = page.content.decode()
    table = re.search(r'<table class="people">.*?</table>', html, re.S).group(0)
    headings = re.findall(r"<th>(.*?)</th>", table)
    row = re.search(rf'<tr data-username="{username}".*?</tr>', table, re.S).group(0)
    cells = [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
    return dict(zip(headings, cells, strict=False))


def test_the_team_page_counts_votes_with_a_class_as_labels_and_skips_apart(curator, expert):
    campaign = active_campaign(experts=[expert], n_candidates=5, votes_needed=1)
    first, second, third, fourth, fifth = [item.candidate for item in campaign.items.order_by("position")]
    vote = {"campaign": campaign, "expert": expert}
    label_submit(**vote, candidate=first, expert_class=1)
    label_submit(**vote, candidate=second, expert_class=4)
    label_skip(**vote, candidate=third)
    label_skip(**vote, candidate=fourth)
    label_submit(**vote, candidate=fifth, expert_class=2)
    label_undo(**vote)  # the vote on the fifth is withdrawn: its row stays, without a class
    assert Label.objects.filter(expert=expert).count() == 5

    row = team_row(page_client(curator).get("/team/"), expert.username)
    assert (row["Labels"], row["Skips"]) == ("2", "2")

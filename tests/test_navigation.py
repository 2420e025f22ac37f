"""The top bar shows each role the places it may open, and only those; error pages say what to do."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PLACES = {
    "Queues": "/",
    "Reports": "/reports/",
    "Adjudication": "/adjudication/",
    "Ingest": "/ingest/",
    "New campaign": "/campaigns/new/",
    "Admin": "/admin/",
    "API docs": "/api/docs/",
}
EXPECTED = {
    "viewer": ["Queues", "Reports", "API docs"],
    "expert": ["Queues", "Reports", "API docs"],
    "curator": ["Queues", "Reports", "Adjudication", "Ingest", "New campaign", "Admin", "API docs"],
}


def topbar_links(html: str) -> dict[str, str]:
    bar = re.search(r'<nav class="topbar".*?</nav>', html, re.S)
    assert bar, "the page has no top bar"
    return {
        text.strip(): href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', bar.group())
    }


@pytest.mark.parametrize("role", EXPECTED)
def test_topbar_shows_each_role_only_the_places_it_may_open(client, users, role):
    user = users[role]
    client.force_login(user)
    links = topbar_links(client.get("/").content.decode())
    assert [name for name in PLACES if name in links] == EXPECTED[role]
    for name in EXPECTED[role]:
        assert links[name] == PLACES[name]
        assert client.get(links[name]).status_code == 200, name
    home = client.get("/").content.decode()
    assert user.username in home
    assert f'action="{reverse("logout")}"' in home


@pytest.mark.parametrize("path", ["/reports/", "/adjudication/", "/ingest/", "/campaigns/new/"])
def test_topbar_is_on_every_page_and_marks_the_current_one(client, curator, path):
    client.force_login(curator)
    html = client.get(path).content.decode()
    bar = re.search(r'<nav class="topbar".*?</nav>', html, re.S).group()
    assert re.search(rf'<a href="{path}"\s+aria-current="page">', bar)


def test_pages_for_experts_hold_no_link_to_a_curator_page(client, expert):
    client.force_login(expert)
    html = client.get("/reports/").content.decode()
    assert reverse("reports:import") not in html


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/no/such/page/", 404, ["This page does not exist", "/no/such/page/", "your queues"]),
        ("/adjudication/", 403, ["You may not open this page", "Only curators adjudicate", "ask a curator"]),
    ],
)
def test_an_error_page_is_styled_and_says_what_to_do(client, expert, path, status, words):
    client.force_login(expert)
    page = client.get(path)
    assert page.status_code == status
    html = page.content.decode()
    for text in words:
        assert text in html
    assert 'class="topbar"' in html
    assert 'href="/static/hcvvet/base.css"' in html


def test_a_server_error_page_is_styled_and_says_what_to_do():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")  # as Django's server_error renders it: no request, no user
    assert "Something went wrong on our side" in html
    assert "tell a curator" in html
    assert 'href="/static/hcvvet/base.css"' in html

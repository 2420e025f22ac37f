"""Each role walks hcvvet in Chromium from the home page, breadth-first over the links the pages show it (the
top bar first): no link is dead (no answer >= 400, for the page or anything it loads), no console error, and
every hcvvet page carries the top bar. Screenshots of each page at 1280 and 1920 px go to
test-results/screenshots/<role>/ (the gallery `make screenshots` builds)."""

import re
import shutil
from collections import deque
from urllib.parse import urlsplit

import pytest

from hcvvet.accounts.models import Role
from hcvvet.ingest.models import IngestJob, JobState
from tests.e2e.conftest import RESULTS_DIR, log_in
from tests.e2e.review_data import build_review_field

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_DEPTH = 2
WIDTHS = (1280, 1920)
ROLES = {
    "expert": (Role.EXPERT,),
    "curator": (Role.CURATOR, Role.EXPERT),
    "viewer": (Role.VIEWER,),
}
# Pages of other software with their own header (Django's admin, the Swagger UI): visited and checked, not
# walked further, and not asked for hcvvet's top bar.
FOREIGN = ("/admin/", "/api/docs/")
# What a link may not be followed to: signing out ends the walk.
SKIPPED = ("/accounts/logout/",)
TOPBAR = {
    "expert": ["Queues", "Reports", "API docs"],
    "viewer": ["Queues", "Reports", "API docs"],
    "curator": ["Queues", "Reports", "Adjudication", "Ingest", "New campaign", "Team", "Admin", "API docs"],
}


def download_stem(path: str) -> str | None:
    """For a file, not a page (its last path segment has an extension: report.csv, figure.png?...), the
    path without extension and query: one download of each report is fetched (its formats are the reports
    tests' business; the figures' PNGs are loaded by the page itself). None for a page."""
    file = urlsplit(path).path
    return file.rsplit(".", 1)[0] if "." in file.rsplit("/", 1)[-1] else None


def same_origin_links(tab, origin: str) -> list[str]:
    hrefs = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIPPED) and path not in paths:
            paths.append(path)
    return paths


def shot_name(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", urlsplit(path).path).strip("_") or "home"


def screenshot(tab, role: str, path: str, *, full_page: bool) -> None:
    folder = RESULTS_DIR / "screenshots" / role
    folder.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:  # the last, 1920 px, is the page fixture's own
        tab.set_viewport_size({"width": width, "height": 1080})
        tab.screenshot(path=str(folder / f"{shot_name(path)}_{width}.png"), full_page=full_page)


def walk(tab, origin: str, role: str) -> tuple[list[str], list[str]]:
    """The pages visited (where each link landed) and the problems met on the way, each naming the link."""
    problems: list[str] = []
    visited: list[str] = []
    checked: set[str] = set()
    queue = deque([("/", 0)])
    while queue:
        path, depth = queue.popleft()
        key = download_stem(path) or path
        if key in checked:
            continue
        checked.add(key)
        if key != path:
            answer = tab.request.get(origin + path)
            if answer.status >= 400:
                problems.append(f"{path}: {answer.status}")
            continue
        before = len(tab.errors)
        response = tab.goto(origin + path)
        tab.wait_for_load_state("networkidle")
        here = urlsplit(tab.url).path
        visited.append(here)
        if here.startswith(("/accounts/login/", "/admin/login/")):
            problems.append(f"{path}: sent to a login page ({here})")
        if response is None or response.status >= 400:
            problems.append(f"{path}: {response.status if response else 'no response'}")
        problems += [f"{path}: {error}" for error in tab.errors[before:]]
        foreign = here.startswith(FOREIGN)
        if not foreign:
            bar = tab.locator("nav.topbar")
            if bar.count() != 1 or not bar.is_visible():
                problems.append(f"{path}: no top bar")
            else:
                shown = [text.strip() for text in bar.locator("a:not(.brand)").all_inner_texts()]
                if shown[: len(TOPBAR[role])] != TOPBAR[role]:
                    problems.append(f"{path}: top bar shows {shown}")
        screenshot(tab, role, here, full_page=not foreign)
        if depth < MAX_DEPTH and not foreign:
            queue.extend((link, depth + 1) for link in same_origin_links(tab, origin))
    return visited, problems


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_walks_every_page_from_home_without_a_dead_link(page, live_server, make_user, role):
    build_review_field(candidates=2, constants=20, n_points=6)
    IngestJob.objects.create(
        group_ids=[1072340], state=JobState.SUCCEEDED, stage="done", counts={"candidates": 22}
    )
    shutil.rmtree(RESULTS_DIR / "screenshots" / role, ignore_errors=True)  # this run's pages only
    user = make_user(f"walker-{role}", *ROLES[role])
    log_in(page, live_server.url, user.username)
    page.errors.clear()
    visited, problems = walk(page, live_server.url, role)
    assert problems == []
    wanted = {"/", "/reports/", "/api/docs/"} | (
        {"/adjudication/", "/ingest/", "/campaigns/new/", "/admin/"} if role == "curator" else set()
    )
    assert wanted <= set(visited)
    if role == "curator":
        assert any(re.fullmatch(r"/ingest/jobs/\d+/", path) for path in visited)
    if role != "viewer":
        assert any(re.fullmatch(r"/review/\d+/\d+/", path) for path in visited)  # the queue's Review link
    for path in visited:
        for width in WIDTHS:
            assert (RESULTS_DIR / "screenshots" / role / f"{shot_name(path)}_{width}.png").exists()


def test_ingest_index_follows_a_running_job_to_its_end_without_a_reload(page, live_server, curator):
    job = IngestJob.objects.create(
        group_ids=[1072340],
        state=JobState.RUNNING,
        stage="light_curves",
        progress={"completed": ["resolve", "summary"], "light_curves": {"done": 30, "total": 60}},
    )
    log_in(page, live_server.url, curator.username)
    page.click("nav.topbar >> text=Ingest")
    row = page.locator(f"tr:has(a[href='/ingest/jobs/{job.pk}/'])")
    assert row.locator("[data-field=state]").inner_text() == "running"
    assert row.locator("[data-field=stage_done]").inner_text() == "30 of 60"
    assert row.locator(".ingest-bar").get_attribute("aria-valuenow") == "50"
    IngestJob.objects.filter(pk=job.pk).update(
        state=JobState.SUCCEEDED, stage="done", counts={"candidates": 312, "measurements": 1404}
    )
    row.locator("[data-field=state]:text-is('succeeded')").wait_for()  # the page's own polling
    assert row.locator(".ingest-bar").get_attribute("aria-valuenow") == "100"
    assert row.locator("[data-field=stage_label]").inner_text() == "Done"
    row.locator("a").click()
    assert page.locator("h1").inner_text() == f"Ingest job #{job.pk}: GroupID 1072340"
    assert page.locator("table.ingest-counts th", has_text="Light-curve points").count() == 1
    assert page.errors == []


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/adjudication/", 403, "You may not open this page"),
        ("/no/such/page/", 404, "This page does not exist"),
    ],
)
def test_an_error_page_is_styled_and_leads_back_to_the_queues(page, live_server, expert, path, status, title):
    """A link shared by a curator, or mistyped: the answer is hcvvet's own page, with the top bar."""
    log_in(page, live_server.url, expert.username)
    page.errors.clear()
    response = page.goto(live_server.url + path)
    assert response.status == status
    assert page.locator("h1").inner_text() == title
    assert page.locator("nav.topbar").is_visible()
    card = page.locator("main.error-page")
    assert card.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"  # base.css was applied
    screenshot(page, "errors", f"/{status}", full_page=True)
    # Only the page's own answer (Chromium logs it as a failed resource too): its stylesheet and icon loaded.
    assert [error for error in page.errors if str(status) not in error] == []
    assert len(page.errors) == 2
    card.locator("a", has_text="your queues").click()
    page.wait_for_url(f"{live_server.url}/")

"""Each role walks hcvvet in Chromium from the home page, breadth-first over the links the pages show it (the
top bar first), reaching every page by clicking (the top bar's hcvvet brand back home, then the links that
led there; no typed URL but the sign-in page): no link is dead (no answer >= 400, for the page or anything it
loads), no console error, and every hcvvet page carries the top bar with hcvvet's stylesheet applied.
Screenshots of each page at 1280 and 1920 px go to test-results/screenshots/<role>/ (the gallery `make
screenshots` builds)."""

import re
import shutil
from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from hcvvet.accounts.models import Role
from hcvvet.ingest.models import IngestJob, JobState
from tests.e2e.conftest import RESULTS_DIR, log_in
from tests.e2e.review_data import build_review_field
from tests.vetting.campaign_helpers import disputed_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_DEPTH = 2  # clicks from the home page
CLICK_TIMEOUT_MS = 10_000
WIDTHS = (1280, 1920)
ROLES = {
    "expert": (Role.EXPERT,),
    "curator": (Role.CURATOR, Role.EXPERT),
    "viewer": (Role.VIEWER,),
    "none": (),  # an account no curator has given a role yet
}
# Pages of other software with their own header (Django's admin, the Swagger UI): visited and checked, not
# walked further, and not asked for hcvvet's top bar.
FOREIGN = ("/admin/", "/api/docs/")
# What a link may not be followed to: signing out ends the walk.
SKIPPED = ("/accounts/logout/",)
TOPBAR = {
    "expert": ["Queues", "Reports", "API docs"],
    "viewer": ["Queues", "Reports", "API docs"],
    "none": ["Queues"],
    "curator": ["Queues", "Reports", "Adjudication", "Ingest", "New campaign", "Team", "Admin", "API docs"],
}

# The pages each walk must reach, by path and by pattern (a job's page, a candidate's page in a queue, ...).
READER_PAGES = {"/", "/reports/", "/api/docs/"}
WANTED = {
    "expert": READER_PAGES,
    "viewer": READER_PAGES,
    "none": {"/"},
    "curator": READER_PAGES
    | {"/adjudication/", "/ingest/", "/campaigns/new/", "/team/", "/reports/import/", "/admin/"},
}
WANTED_PATTERNS = {
    "expert": [r"/review/\d+/\d+/"],  # the queue's Review link
    "viewer": [],
    "none": [],
    "curator": [r"/review/\d+/\d+/", r"/ingest/jobs/\d+/", r"/adjudication/\d+/\d+/"],
}


def download_stem(path: str) -> str | None:
    """For a file, not a page (its last path segment has an extension: report.csv, figure.png?...), the
    path without extension and query: one download of each report is fetched (its formats are the reports
    tests' business; the figures' PNGs are loaded by the page itself). None for a page."""
    file = urlsplit(path).path
    return file.rsplit(".", 1)[0] if "." in file.rsplit("/", 1)[-1] else None


def same_origin_links(tab, origin: str) -> list[tuple[str, str]]:
    """(path with query, the link's own URL to click) of each same-origin link of the page, once per path."""
    hrefs = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    links: dict[str, str] = {}
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIPPED):
            links.setdefault(path, href)
    return list(links.items())


def click_link(tab, url: str):
    """Click the page's first link to `url` (as the browser resolves its href) and wait for the page it
    leads to; its response, or a string saying why it could not be clicked."""
    link = tab.evaluate_handle(
        "url => [...document.querySelectorAll('a[href]')].find(a => a.href === url) || null", url
    ).as_element()
    if link is None:
        return "no link to it on the page"
    try:
        # The click must start a navigation that the server answers; the page's loading (a report page's
        # figures are computed one request each: 5 s on a loaded 2-core machine) has the default 30 s below.
        with tab.expect_navigation(wait_until="commit") as navigation:
            link.click(timeout=CLICK_TIMEOUT_MS)
    except PlaywrightError as error:
        return f"the link cannot be followed by a click ({str(error).splitlines()[0]})"
    tab.wait_for_load_state("load")
    tab.wait_for_load_state("networkidle")
    return navigation.value


def click_home(tab) -> str | None:
    """Back to the home page by the top bar's brand (from a page without it, Django's admin or the API docs,
    the browser's Back first); None, or why that failed."""
    if tab.locator("nav.topbar a.brand").count() == 0:
        tab.go_back(wait_until="networkidle")
    brand = tab.locator("nav.topbar a.brand")
    if brand.count() == 0:
        return f"no way home from {tab.url}"
    with tab.expect_navigation(timeout=CLICK_TIMEOUT_MS):
        brand.click(timeout=CLICK_TIMEOUT_MS)
    return None


def click_through(tab, chain: tuple[str, ...]):
    """From wherever the tab is, home by the brand and then each link of `chain` in turn: the last page's
    response, or a string saying which click failed."""
    failed = click_home(tab)
    if failed:
        return failed
    response = None
    for url in chain:
        response = click_link(tab, url)
        if isinstance(response, str):
            return f"{response} (following {url})"
    return response


def shot_name(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", urlsplit(path).path).strip("_") or "home"


def screenshot(tab, role: str, path: str, *, full_page: bool) -> None:
    folder = RESULTS_DIR / "screenshots" / role
    folder.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:  # the last, 1920 px, is the page fixture's own
        tab.set_viewport_size({"width": width, "height": 1080})
        tab.screenshot(path=str(folder / f"{shot_name(path)}_{width}.png"), full_page=full_page)


def walk(tab, origin: str, role: str, *, shots: bool = True) -> tuple[list[str], list[str]]:
    """The pages visited (where each chain of clicks landed) and the problems met on the way, each naming the
    link; each page screenshot unless `shots` is False. The tab starts on the home page."""
    problems: list[str] = []
    visited: list[str] = []
    checked: set[str] = set()
    queue: deque[tuple[str, tuple[str, ...]]] = deque([("/", ())])
    while queue:
        path, chain = queue.popleft()
        key = download_stem(path) or path
        if key in checked:
            continue
        checked.add(key)
        if key != path:  # a file, not a page: its answer is checked, the browser would save it
            answer = tab.request.get(origin + path)
            if answer.status >= 400:
                problems.append(f"{path}: {answer.status}")
            continue
        before = len(tab.errors)
        response = click_through(tab, chain)
        if isinstance(response, str):
            problems.append(f"{path}: {response}")
            continue
        here = urlsplit(tab.url).path
        visited.append(here)
        if here.startswith(("/accounts/login/", "/admin/login/")):
            problems.append(f"{path}: sent to a login page ({here})")
        if response is not None and response.status >= 400:
            problems.append(f"{path}: {response.status}")
        problems += [f"{path}: {error}" for error in tab.errors[before:]]
        foreign = here.startswith(FOREIGN)
        if not foreign:
            problems += [f"{path}: {problem}" for problem in topbar_problems(tab, role)]
        if shots:
            screenshot(tab, role, here, full_page=not foreign)
        if len(chain) < MAX_DEPTH and not foreign:
            queue.extend((link, (*chain, url)) for link, url in same_origin_links(tab, origin))
    return visited, problems


def topbar_problems(tab, role: str) -> list[str]:
    """What is wrong with the page's top bar: missing, unstyled (hcvvet's stylesheet not applied: an error
    page of the server rather than hcvvet's own) or not the role's places in order."""
    bar = tab.locator("nav.topbar")
    if bar.count() != 1 or not bar.is_visible():
        return ["no top bar"]
    if bar.evaluate("el => getComputedStyle(el).display") != "flex":
        return ["unstyled page (base.css not applied)"]
    shown = [text.strip() for text in bar.locator("a:not(.brand)").all_inner_texts()]
    if shown[: len(TOPBAR[role])] != TOPBAR[role]:
        return [f"top bar shows {shown}"]
    return []


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_walks_every_page_from_home_without_a_dead_link(page, live_server, make_user, role):
    build_review_field(candidates=2, constants=20, n_points=6)
    IngestJob.objects.create(
        group_ids=[1072340], state=JobState.SUCCEEDED, stage="done", counts={"candidates": 22}
    )
    disputed_campaign(make_user)  # the curator's adjudication queue leads to a dispute's page
    shutil.rmtree(RESULTS_DIR / "screenshots" / role, ignore_errors=True)  # this run's pages only
    user = make_user(f"walker-{role}", *ROLES[role])
    log_in(page, live_server.url, user.username)
    page.errors.clear()
    visited, problems = walk(page, live_server.url, role)
    assert problems == []
    assert WANTED[role] <= set(visited)
    for pattern in WANTED_PATTERNS[role]:
        assert any(re.fullmatch(pattern, path) for path in visited), pattern
    for path in visited:
        for width in WIDTHS:
            assert (RESULTS_DIR / "screenshots" / role / f"{shot_name(path)}_{width}.png").exists()


def test_the_walk_reports_a_dead_link_an_unstyled_page_and_a_console_error(page, live_server, expert):
    """The walk itself fails where it must: the top bar's Reports answering 404 (a bare server page), the API
    docs logging an error to the console, then hcvvet's stylesheet missing, each named by its link."""
    log_in(page, live_server.url, expert.username)
    page.route(
        "**/reports/",
        lambda route: route.fulfill(status=404, content_type="text/html", body="<h1>Not Found</h1>"),
    )
    page.route(
        "**/api/docs/",
        lambda route: route.fulfill(
            content_type="text/html", body="<script>console.error('broken script')</script>"
        ),
    )
    page.errors.clear()
    visited, problems = walk(page, live_server.url, "expert", shots=False)
    assert {"/reports/: 404", "/reports/: no top bar", "/api/docs/: broken script"} <= set(problems)
    assert {"/", "/reports/", "/api/docs/"} <= set(visited)  # each reached by a click, then home again
    page.unroute("**/reports/")
    page.route("**/hcvvet/base*.css", lambda route: route.fulfill(content_type="text/css", body=""))
    _, problems = walk(page, live_server.url, "expert", shots=False)
    assert "/reports/: unstyled page (base.css not applied)" in problems


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

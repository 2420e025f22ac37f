"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server (real database)."""

import os
import time
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium must be installed in CI (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A 1920x1080 page that records console errors and uncaught exceptions in `page.errors`."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on(
        "response",
        lambda response: tab.errors.append(f"{response.status} {response.url}")
        if response.status >= 400
        else None,
    )
    yield tab
    context.close()
    wait_for_idle_database()


def wait_for_idle_database(timeout: float = 10.0) -> None:
    """Let the live server finish what the closed browser left in flight (a label save, a prefetch), so the
    database flush after the test never waits on, or deadlocks with, one of those transactions (PostgreSQL:
    TRUNCATE against a request's row locks)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    busy = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')"
    )
    deadline = time.monotonic() + timeout
    idle = 0  # consecutive idle looks: a request may be between two of its short transactions (a prefetch)
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(busy)
            idle = idle + 1 if cursor.fetchone()[0] == 0 else 0
            if idle == 3:
                return
            time.sleep(0.05)


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def shown(page) -> str:
    """The MatchID of the candidate the review page shows."""
    return page.get_attribute("main#review", "data-match-id")


def press_and_wait_for_next(page, key: str, *, drawn: bool = False) -> str:
    """Press `key` and wait for the review page to show another candidate (and, with `drawn`, to have
    drawn it); its MatchID."""
    before = shown(page)
    page.keyboard.press(key)
    page.wait_for_function(f"() => document.querySelector('main#review').dataset.matchId !== '{before}'")
    if drawn:
        page.wait_for_function(
            "() => document.querySelector('main#review').dataset.drawn"
            " === document.querySelector('main#review').dataset.matchId"
        )
    return shown(page)


def open_candidate(page, base_url: str, match_id: int) -> None:
    """The candidate's review page in the default queue, once it has drawn that candidate."""
    from hcvvet.vetting.queues import default_campaign

    page.goto(f"{base_url}/review/{default_campaign().pk}/{match_id}/")
    page.wait_for_selector("main#review.ready")
    # A selector, not wait_for_function: Playwright polls a string predicate with eval, which the page's
    # Content Security Policy refuses.
    page.wait_for_selector(f"main#review[data-drawn='{match_id}']")

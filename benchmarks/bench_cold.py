"""Cold speed of `make demo` as a new user meets it, in Chromium: the first candidate after login (cold, on a
server that has answered nobody yet, and warm), key press to next candidate, and the stop on Ctrl-C.

Starts `python -m hcvvet.demo` in a scratch folder (the demo universe of bench_demo_stop, linked in) twice:
- first run, on an empty database: as soon as the worker's ingest has loaded the light curve of the queue's
  first candidate, and while it still runs, signs in (a fresh browser context) and times the Sign in click to
  the home page, and the home page's Review click to the first candidate drawn (`data-drawn`: its table, light
  curve and cutouts) and to its field plots drawn too (`data-context-drawn`); then the same in a second fresh
  context (warm); then key press to next candidate over `--labels` labels, with the server time of the
  requests the presses make (label, prefetch, field context); then Ctrl-C, timed until every demo process is
  gone;
- second run, on the same database (what a user's next `make demo` meets): the first candidate after login at
  once (cold), then warm, then Ctrl-C.
Prints each figure with the load average; no assertions. `--trace FILE` also writes Chromium's performance
trace of the first run's cold Review click to the candidate's field plots drawn (open it in Chrome DevTools'
Performance panel or Perfetto).

    .venv/bin/python -m benchmarks.bench_cold
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.bench_demo_stop import ctrl_c, ensure_universe, link_universe, start_demo, stop_line
from benchmarks.bench_review import key_press_swaps, swap_summary
from hcvvet.demo.accounts import DEMO_USERS


def load() -> str:
    return f"(load average {os.getloadavg()[0]:.2f})"


def database_counts(scratch: Path) -> tuple[int, int]:
    """(candidates of the default queue loaded, ingest jobs still queued or running), read from the demo's
    SQLite file without touching its server."""
    path = scratch / "hcvvet.sqlite3"
    if not path.exists():
        return 0, 0
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as conn:
        try:
            candidates = conn.execute(
                "select count(*) from catalog_candidate where auto_class in (1, 2)"
            ).fetchone()[0]
            active = conn.execute(
                "select count(*) from ingest_ingestjob where state in ('queued', 'running')"
            ).fetchone()[0]
        except sqlite3.OperationalError:  # not migrated yet
            return 0, 0
    return candidates, active


def base_url(output: list[str]) -> str:
    line = next(line for line in output if "running at http://" in line)
    return line.split("running at ", 1)[1].strip().rstrip("/")


def first_candidate(
    browser, base: str, trace: Path | None = None
) -> tuple[dict[str, float], dict[str, list[float]], object]:
    """A fresh browser context signs in as the demo expert and opens the first queue. Seconds of: the sign-in
    page; the Sign in click to the home page shown; the home page's Review click to the first candidate's
    page ready, to it drawn (`data-drawn`: table, light curve painted, cutouts decoded) and to its field plots
    drawn (`data-context-drawn`). The server time of the click's requests (`server_times`), and the page.
    With `trace`, Chromium's performance trace of the Review click to the field plots drawn is written
    there."""
    username, password, _ = DEMO_USERS[0]
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    seconds = {}
    t0 = time.perf_counter()
    page.goto(f"{base}/accounts/login/")
    seconds["sign-in page"] = time.perf_counter() - t0
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    t0 = time.perf_counter()
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    seconds["signing in"] = time.perf_counter() - t0
    if trace is not None:
        browser.start_tracing(page=page, path=str(trace), screenshots=True)
    with server_times(page, CLICK_REQUESTS) as requests:
        t0 = time.perf_counter()
        page.locator("main.queues a", has_text="Review").first.click()
        # Selectors, not wait_for_function: Playwright polls a predicate with eval, which the page's Content
        # Security Policy refuses. The first candidate drawn is the page's first `data-drawn`.
        page.wait_for_selector("main#review.ready", state="attached", timeout=120_000)
        seconds["ready"] = time.perf_counter() - t0
        page.wait_for_selector("main#review[data-drawn]", state="attached", timeout=120_000)
        seconds["drawn"] = time.perf_counter() - t0
        page.wait_for_selector("main#review[data-context-drawn]", state="attached", timeout=120_000)
        seconds["context drawn"] = time.perf_counter() - t0
        if trace is not None:
            browser.stop_tracing()
        page.wait_for_load_state("networkidle")
    return seconds, requests, page


def signed_in_figures(browser, base: str, scratch: Path, label: str, trace: Path | None = None) -> object:
    """Print the cold then warm first candidate after login; return the warm page."""
    page = None
    for state in ("cold", "warm"):
        candidates, active = database_counts(scratch)
        seconds, requests, page = first_candidate(browser, base, trace if state == "cold" else None)
        print(
            f"{label}, {state}: first candidate after login drawn {seconds['drawn']:.2f} s from the Review "
            f"click (page ready {seconds['ready']:.2f} s, field plots drawn {seconds['context drawn']:.2f} "
            f"s), {seconds['signing in'] + seconds['drawn']:.2f} s from the Sign in click (signing in "
            f"{seconds['signing in']:.2f} s; the sign-in page {seconds['sign-in page']:.2f} s); {candidates} "
            f"candidates loaded, {active} ingest jobs still queued or running  {load()}",
            flush=True,
        )
        print(f"{label}, {state}: server time of the click's requests: {times_summary(requests)}", flush=True)
    return page


# The requests of the Review click and of a label key press, by a pattern of their URL's path.
CLICK_REQUESTS = {
    "queue (lease, redirect)": r"^/review/\d+/$",
    "candidate page": r"^/review/\d+/\d+/$",
    "BokehJS": r"/bokeh\.min\.",
    "cutout GET": r"^/review/cutouts/",
    "field context GET": r"^/review/context/",
    "prefetch POST": r"/upcoming\.json$",
}
PRESS_REQUESTS = {
    "label POST": r"/label$",
    "prefetch POST": r"/upcoming\.json$",
    "field context GET": r"^/review/context/",
}


@contextmanager
def server_times(page, kinds: dict[str, str]) -> Iterator[dict[str, list[float]]]:
    """Milliseconds from each request sent to its response's first byte (server time, queueing for a server
    thread included), by kind (`kinds`: name -> pattern of the URL's path), of the requests the page
    finishes meanwhile."""
    times: dict[str, list[float]] = {kind: [] for kind in kinds}

    def record(request) -> None:
        path = urlsplit(request.url).path
        kind = next((k for k, pattern in kinds.items() if re.search(pattern, path)), None)
        timing = request.timing
        if kind is not None and timing["responseStart"] >= 0 and timing["requestStart"] >= 0:
            times[kind].append(timing["responseStart"] - timing["requestStart"])

    page.on("requestfinished", record)
    try:
        yield times
    finally:
        page.remove_listener("requestfinished", record)


def times_summary(times: dict[str, list[float]]) -> str:
    parts = []
    for kind, unsorted in times.items():
        ms = sorted(unsorted)
        p95 = ms[int(0.95 * (len(ms) - 1))] if ms else 0.0
        parts.append(
            f"{kind} {len(ms)}x, median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms"
            if ms
            else f"{kind} none"
        )
    return "; ".join(parts)


def wait_for_first_light_curve(scratch: Path, timeout: float = 600.0) -> None:
    """Until the default queue's first candidate (largest MAD) has its light curve loaded by the ingest: the
    page draws a candidate once its plots have data."""
    first = (
        "select has_light_curve from catalog_candidate where auto_class in (1, 2) "
        "order by max_mad desc nulls last, match_id limit 1"
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with closing(
            sqlite3.connect(f"file:{scratch / 'hcvvet.sqlite3'}?mode=ro", uri=True, timeout=10)
        ) as conn:
            try:
                if (conn.execute(first).fetchone() or (0,))[0]:
                    return
            except sqlite3.OperationalError:  # not migrated yet
                pass
        time.sleep(0.5)
    raise SystemExit(f"the first candidate of the queue had no light curve after {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=int, default=30, help="key presses timed")
    parser.add_argument("--trace", type=Path, help="write the first cold Review click's Chromium trace here")
    args = parser.parse_args()
    ensure_universe()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcvvet.settings.test")  # the e2e tests' Chromium set-up
    import django
    from playwright.sync_api import sync_playwright

    django.setup()
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with tempfile.TemporaryDirectory(prefix="hcvvet-cold-") as folder, sync_playwright() as playwright:
        scratch = Path(folder)
        link_universe(scratch)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        demo, output, reader = start_demo(scratch)
        try:
            wait_for_first_light_curve(scratch)
            page = signed_in_figures(
                browser, base_url(output), scratch, "first run, during the demo ingest", args.trace
            )
            with server_times(page, PRESS_REQUESTS) as times:
                swaps = key_press_swaps(page, args.labels)
            print(
                f"first run: key press to next candidate drawn, field plots included, {len(swaps)} labels: "
                f"{swap_summary(swaps)}; {database_counts(scratch)[1]} ingest jobs still queued or running  "
                f"{load()}",
                flush=True,
            )
            print(f"first run: server time of the key presses' requests: {times_summary(times)}", flush=True)
        finally:
            elapsed, _ = ctrl_c(demo)
            reader.join(10)
        print(f"first run: {stop_line(elapsed, output)}", flush=True)

        demo, output, reader = start_demo(scratch)
        try:
            signed_in_figures(browser, base_url(output), scratch, "second run")
        finally:
            elapsed, _ = ctrl_c(demo)
            reader.join(10)
        print(f"second run: {stop_line(elapsed, output)}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()

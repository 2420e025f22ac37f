"""Review page speed: server time of the candidate page on a demo-size and a full-HCV-size database, and, in
Chromium, key press to next candidate drawn, against drawing a static copy of the page; bytes transferred.

Prints figures and ratios; no assertions. Each database is built in a scratch SQLite file by a child process:
    .venv/bin/python -m benchmarks.bench_review                 # full HCV scale (84,428 candidates), ~3-5 min
    .venv/bin/python -m benchmarks.bench_review --scale 0.1     # quicker, a tenth of the HCV
    .venv/bin/python -m benchmarks.bench_review --demo-only     # the demo database and the browser only
The browser part runs on the demo database behind a threaded WSGI server with WhiteNoise serving the
collected, gzip-compressed static files, as in production.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HCV_CANDIDATES = 84_428
DEMO_CANDIDATES = 300
DEMO_CONSTANTS = 3_000
POINTS_PER_FILTER = 8
FILTERS = ("ACS_F475W", "ACS_F814W")
LABELS = 50
ROUNDS = 4  # rounds alternating the review page without and with the model's prediction


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcvvet.settings.test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(group_ids: range, candidates_per_group: int, constants_per_group: int, *, seed: int) -> list[int]:
    """Bulk-load candidate groups (two filters, light curves) and constant stars, with their threshold
    curves stored; returns candidate ids."""
    import numpy as np
    from django.db import transaction

    from hcvvet.catalog.services import filter_thresholds_update

    rng = np.random.default_rng(seed)
    made = []
    for group_id in group_ids:
        with transaction.atomic():
            made += _build_group(group_id, candidates_per_group, constants_per_group, rng)
    filter_thresholds_update(group_ids)  # as an ingest does: the page reads the stored curves
    return made


def _build_group(group_id: int, candidates_per_group: int, constants_per_group: int, rng) -> list[int]:
    import numpy as np

    from hcvvet.catalog.models import Candidate, FilterStat, Group, Image, Measurement

    Group.objects.create(group_id=group_id, target_name=f"FIELD {group_id}")
    base = group_id * 100_000
    images = [
        Image(
            name=f"hst_{group_id % 90000 + 10000}_{v:02d}_acs_wfc_{band.split('_')[1].lower()}",
            instrument="acs",
            detector="wfc",
            filter=band.split("_")[1].lower(),
            proposal_id=group_id % 90000 + 10000,
            visit=f"{v:02d}",
            mjd=53700 + 3.1 * v,
        )
        for band in FILTERS
        for v in range(POINTS_PER_FILTER)
    ]
    Image.objects.bulk_create(images, ignore_conflicts=True)
    total = candidates_per_group + constants_per_group
    mags = rng.uniform(19, 26, total)
    stars = [
        Candidate(
            match_id=base + i,
            group_id=group_id,
            sub_group_id=0,
            ra_deg=float(rng.uniform(0, 359)),
            dec_deg=float(rng.uniform(-80, 80)),
            auto_class=2 if i < candidates_per_group else 0,
            num_filters=2,
            max_mad=float(0.1 + rng.uniform(0, 1)) if i < candidates_per_group else None,
            has_light_curve=i < candidates_per_group,
        )
        for i in range(total)
    ]
    Candidate.objects.bulk_create(stars, batch_size=2000)
    rows, points = [], []
    for i, star in enumerate(stars):
        is_candidate = i < candidates_per_group
        for k, band in enumerate(FILTERS):
            mag = float(mags[i] + (1 - k) * 0.8)
            mad = float(0.004 * np.exp((mag - 19) / 2.2) * (8 if is_candidate else 1))
            rows.append(
                FilterStat(
                    candidate=star,
                    filter=band,
                    filter_det_flag=int(is_candidate),
                    var_qual_flag="AABAA",
                    num_lc=POINTS_PER_FILTER,
                    mean_mag=mag,
                    mean_corr_mag=mag,
                    mad=mad,
                    chi2=5.0,
                )
            )
            if not is_candidate:
                continue
            for v in range(POINTS_PER_FILTER):
                value = mag + 0.5 * np.sin(v) + rng.normal(0, 0.02)
                points.append(
                    Measurement(
                        candidate=star,
                        filter=band,
                        image_id=images[k * POINTS_PER_FILTER + v].name,
                        mjd=53700 + 3.1 * v + 0.01 * k,
                        mag=value,
                        corr_mag=value,
                        mag_err=0.02,
                        ci=1.0,
                        d=3.0,
                    )
                )
    FilterStat.objects.bulk_create(rows, batch_size=5000)
    Measurement.objects.bulk_create(points, batch_size=5000)
    return [s.match_id for s in stars[:candidates_per_group]]


def add_cutouts(match_ids: list[int]) -> None:
    from django.core.files.base import ContentFile

    from hcvvet.catalog.models import Cutout, CutoutStatus, Measurement
    from tests.e2e.review_data import star_jpeg

    jpegs = {size: star_jpeg(size, seed=size) for size in (19, 101)}
    for measurement in Measurement.objects.filter(candidate_id__in=match_ids):
        for size, data in jpegs.items():
            cutout = Cutout(
                image_id=measurement.image_id, candidate_id=measurement.candidate_id, size_px=size
            )
            cutout.status = CutoutStatus.OK
            cutout.file.save(
                f"{measurement.candidate_id}_{measurement.image_id}_{size}.jpg", ContentFile(data), save=False
            )
            cutout.save()


def make_expert():
    from hcvvet.accounts.models import Role
    from hcvvet.accounts.services import user_create

    password = "bench-password-1"  # noqa: S105 (an account in a scratch database that is deleted after)
    return user_create(username="bench", password=password, roles=[Role.EXPERT])


def server_times(match_ids: list[int], repeats: int) -> dict:
    """Median and p95 seconds of the candidate page (HTML) and its JSON, warm caches, in-process client,
    without the triage model and with its prediction shown before the vote (`_model` keys); and of what a
    label key press asks of the server (`key_press_server_times`)."""
    from django.test import Client

    from hcvvet.vetting.models import ModelDisplay
    from hcvvet.vetting.queues import default_campaign

    client = Client()
    client.force_login(make_expert())
    campaign = default_campaign()
    predict_every(match_ids)
    seconds: dict[str, list[float]] = {}
    # the two settings in alternate rounds, so that a change of the machine's load weighs on both alike
    for round_ in range(ROUNDS):
        for display, key in ((ModelDisplay.NEVER, ""), (ModelDisplay.BEFORE, "_model")):
            campaign.model_display = display
            campaign.save(update_fields=["model_display"])
            for kind, times in page_server_times(client, campaign, match_ids, repeats // ROUNDS).items():
                seconds.setdefault(f"{kind}{key}", []).extend(times)
            if round_ == 0 and key:
                page = client.get(f"/review/{campaign.pk}/{match_ids[0]}.json").json()
                if page["model"]["prediction"] is None:
                    raise RuntimeError(f"the review page shows no prediction: {page['model']}")
    campaign.model_display = ModelDisplay.NEVER  # the key presses and the browser as before
    campaign.save(update_fields=["model_display"])
    figures = {kind: _spread(times) for kind, times in seconds.items()}
    figures.update(key_press_server_times(client, campaign, repeats))
    return figures


def page_server_times(client, campaign, match_ids: list[int], repeats: int) -> dict[str, list[float]]:
    """Seconds of `repeats` loads of the candidate page (HTML) and of its JSON over `match_ids`, warm."""
    figures = {}
    for kind, suffix in (("html", "/"), ("json", ".json")):
        client.get(f"/review/{campaign.pk}/{match_ids[0]}{suffix}")  # warm the context cache and imports
        seconds = []
        for n in range(repeats):
            start = time.perf_counter()
            response = client.get(f"/review/{campaign.pk}/{match_ids[n % len(match_ids)]}{suffix}")
            seconds.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"the review page answered {response.status_code}")
        figures[kind] = seconds
    return figures


def predict_every(match_ids: list[int]) -> None:
    """An active triage model's prediction of every candidate of `match_ids`, as a refresh writes it: three
    reasons and the suspicious epoch named."""
    from django.utils import timezone

    from hcvvet.catalog.models import Candidate, Measurement
    from hcvvet.triage.models import ModelState, Prediction, TriageModel

    model = TriageModel.objects.create(
        state=ModelState.READY, is_active=True, feature_set_version="bench", labels_through=timezone.now()
    )
    reasons = [
        {
            "feature": "top_epoch_variance_share",
            "contribution": 1.2,
            "text": "one epoch carries 85 % of the variance",
        },
        {"feature": "top_epoch_ci_jump", "contribution": 0.8, "text": "CI jumps at that epoch"},
        {
            "feature": "same_image_jumps",
            "contribution": 0.5,
            "text": "6 other sources jump on the same image",
        },
    ]
    epochs = {
        m.candidate_id: m for m in Measurement.objects.filter(candidate_id__in=match_ids).order_by("-mjd")
    }
    Prediction.objects.bulk_create(
        Prediction(
            candidate_id=match_id,
            model=model,
            p_high_confidence=0.2,
            p_probable=0.2,
            p_artifact=0.6,
            reasons=reasons,
            suspicious_measurement_id=epochs[match_id].pk,
            suspicious_mjd=epochs[match_id].mjd,
            suspicious_filter=epochs[match_id].filter,
            created_at=timezone.now(),
        )
        for match_id in Candidate.objects.filter(pk__in=match_ids).values_list("pk", flat=True)
    )


def key_press_server_times(client, campaign, repeats: int) -> dict:
    """Seconds of the two requests a label key press makes, one after the other as static/review/review.js
    sends them (it asks what to prefetch only once the server has the label): the label's POST, then the POST
    for the candidates after it (`upcoming.json`, full data only for those the page does not have yet). On the
    last `repeats` candidates of the queue, so that the browser's part finds the first ones unlabelled."""
    from hcvvet.catalog.models import Candidate

    tail = Candidate.objects.filter(auto_class__gt=0).order_by("max_mad", "-match_id")
    have: list[str] = []
    seconds: dict[str, list[float]] = {"label": [], "upcoming": [], "key_press": []}
    for n, match_id in enumerate(tail.values_list("pk", flat=True)[:repeats]):
        body = {"expert_class": (1, 2, 4)[n % 3], "seconds_spent": 3.0, "shown": None}
        start = time.perf_counter()
        labelled = client.post(
            f"/review/{campaign.pk}/{match_id}/label", body, content_type="application/json"
        )
        between = time.perf_counter()
        upcoming = client.post(f"/review/{campaign.pk}/upcoming.json?after={match_id}&have={','.join(have)}")
        end = time.perf_counter()
        if labelled.status_code != 200 or upcoming.status_code != 200:
            raise RuntimeError(f"label {labelled.status_code}, upcoming {upcoming.status_code}")
        have = [item["match_id"] for item in upcoming.json()["items"]]
        seconds["label"].append(between - start)
        seconds["upcoming"].append(end - between)
        seconds["key_press"].append(end - start)
    return {kind: _spread(values) for kind, values in seconds.items()}


def _spread(seconds: list[float]) -> dict:
    seconds = sorted(seconds)
    return {"median_s": statistics.median(seconds), "p95_s": seconds[int(0.95 * (len(seconds) - 1))]}


def child(args) -> None:
    db_path = Path(args.db)
    db_path.unlink(missing_ok=True)
    setup_django(db_path)
    if args.browser:
        collect_compressed_static()
    start = time.perf_counter()
    demo_ids = build(range(1000, 1003), DEMO_CANDIDATES // 3, DEMO_CONSTANTS // 3, seed=1)
    if args.size == "large":
        candidates = int(HCV_CANDIDATES * args.scale)
        groups = max(1, candidates // 120)
        build(range(2000, 2000 + groups), candidates // groups, 150, seed=2)
    from hcvvet.catalog.models import Candidate, Measurement

    built = time.perf_counter() - start
    sample = demo_ids[:20]
    result = {
        "size": args.size,
        "candidates": Candidate.objects.filter(auto_class__gt=0).count(),
        "objects": Candidate.objects.count(),
        "measurements": Measurement.objects.count(),
        "build_s": built,
        "server": server_times(sample, args.repeats),
    }
    if args.browser:
        queue = Candidate.objects.filter(auto_class__gt=0).order_by("-max_mad", "match_id")[: LABELS + 8]
        add_cutouts(list(queue.values_list("pk", flat=True)))
        result["browser"] = browser_figures()
    print(json.dumps(result))


def collect_compressed_static() -> None:
    """Collect static files gzip-compressed into a scratch STATIC_ROOT for WhiteNoise, as production does.
    Must run before anything renders a template (the static storage is created once, on first use)."""
    from django.conf import settings
    from django.core.management import call_command

    settings.STATIC_ROOT = Path(tempfile.mkdtemp(prefix="hcvvet-bench-static-"))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)


def browser_figures() -> dict:
    """Key press to next candidate drawn over LABELS labels, the static-copy floor, and bytes transferred."""
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    server = LiveServerThread("127.0.0.1", static_handler=lambda handler: handler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://127.0.0.1:{server.port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "bench")
        page.fill("#id_password", "bench-password-1")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        sizes = []
        page.on("requestfinished", lambda request: sizes.append(request))
        page.goto(f"{base}/review/")
        wait_drawn(page)
        page.wait_for_load_state("networkidle")
        first_bytes = transferred(sizes)
        sizes.clear()
        swaps = key_press_swaps(page, LABELS)
        page.wait_for_load_state("networkidle")
        next_bytes = transferred(sizes) / LABELS
        floor = static_copy_floor(page, base)
        browser.close()
    server.terminate()
    waited = sum(not s.prefetched for s in swaps)
    swaps = sorted(s.ms for s in swaps)
    return {
        "swaps_waited": waited,
        "swap_ms_median": statistics.median(swaps),
        "swap_ms_p95": swaps[int(0.95 * (len(swaps) - 1))],
        "static_ms_median": floor,
        "first_page_bytes": first_bytes,
        "next_candidate_bytes": next_bytes,
    }


def wait_drawn(page) -> None:
    """Wait for the candidate shown to be drawn (`data-drawn`, static/review/review.js). Selectors, not
    wait_for_function: Playwright polls a string predicate with eval, which the page's CSP refuses."""
    page.wait_for_selector("main#review.ready", state="attached")
    match_id = page.get_attribute("main#review", "data-match-id")
    page.wait_for_selector(f"main#review[data-drawn='{match_id}']", state="attached")


INSTALL_TIMER = "document.addEventListener('keydown', (e) => { window.__keyAt = e.timeStamp; }, true)"
# Resolves once the next candidate is marked drawn (`data-drawn`) and its field plots too
# (`data-context-drawn`), and the browser has painted a frame after that, with the milliseconds from the key
# press and how many candidates the page held prefetched when the key was pressed (none: the press waits for
# the server).
ARM_TIMER = """() => {
  const main = document.querySelector('main#review');
  const before = main.dataset.matchId;
  const state = window.hcvReview.state;
  const prefetched = state.upcoming.filter((p) => p.match_id !== before && !state.done.has(p.match_id))
    .length;
  window.__drawnAfterKey = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const shown = main.dataset.matchId;
      if (shown !== before && main.dataset.drawn === shown && main.dataset.contextDrawn === shown) {
        observer.disconnect();
        const done = () => resolve([performance.now() - window.__keyAt, prefetched]);
        requestAnimationFrame(() => setTimeout(done, 0));
      }
    });
    observer.observe(main, { attributes: true, attributeFilter: ['data-drawn', 'data-context-drawn'] });
  });
}"""


@dataclass(frozen=True)
class Swap:
    """One label key press: milliseconds to the next candidate drawn and painted, and whether the page had it
    prefetched when the key was pressed."""

    ms: float
    prefetched: bool


def key_press_swaps(page, labels: int) -> list[Swap]:
    """Each label key press (1, 2, 4 in turn) to the next candidate drawn, its field plots included, and
    painted."""
    page.evaluate(INSTALL_TIMER)
    swaps = []
    for n in range(labels):
        page.evaluate(ARM_TIMER)
        page.keyboard.press("124"[n % 3])
        ms, prefetched = page.evaluate("window.__drawnAfterKey")
        swaps.append(Swap(ms=ms, prefetched=prefetched > 0))
    return swaps


def swap_summary(swaps: list[Swap]) -> str:
    """Median, p95 and max ms of the key presses, and how many waited for a candidate not prefetched."""
    ms = sorted(s.ms for s in swaps)
    waited = sum(not s.prefetched for s in swaps)
    return (
        f"median {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms, max "
        f"{ms[-1]:.0f} ms; {waited} of {len(ms)} presses found no candidate prefetched"
    )


def transferred(requests) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def static_copy_floor(page, base: str, loads: int = 15) -> float:
    """Median ms for Chromium to load and paint a static copy of the current candidate page: its DOM without
    scripts, each plot replaced by a PNG of itself, served from the same origin (cutouts in the cache)."""
    plots = {}
    for plot_id in ("plot-lc", "plot-phase", "plot-madmag", "plot-cmd"):
        import base64

        png = page.locator(f"#{plot_id}").screenshot()
        plots[plot_id] = "data:image/png;base64," + base64.b64encode(png).decode()
    html = page.evaluate(
        """(plots) => {
          const copy = document.documentElement.cloneNode(true);
          copy.querySelectorAll('script').forEach((s) => s.remove());
          for (const [id, src] of Object.entries(plots)) {
            const el = copy.querySelector('#' + id);
            const img = Object.assign(document.createElement('img'), {src, style: 'width:100%;height:100%'});
            el.replaceChildren(img);
          }
          return '<!DOCTYPE html>' + copy.outerHTML;
        }""",
        plots,
    )
    page.route(
        f"{base}/static-copy/", lambda route: route.fulfill(status=200, content_type="text/html", body=html)
    )
    times = []
    for _ in range(loads):
        page.goto(f"{base}/static-copy/")
        page.wait_for_load_state("load")
        times.append(
            page.evaluate(
                "new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))"
            )
        )
    return statistics.median(times)


def run_child(size: str, scale: float, repeats: int, browser: bool) -> dict:
    db = Path(tempfile.gettempdir()) / f"hcvvet-bench-review-{size}.sqlite3"
    command = [sys.executable, "-m", "benchmarks.bench_review", "--child", "--size", size, "--db", str(db)]
    command += ["--scale", str(scale), "--repeats", str(repeats)] + (["--browser"] if browser else [])
    finished = subprocess.run(  # noqa: S603 (this very module as a child, from a list argv)
        command, check=True, capture_output=True, text=True
    )
    output = finished.stdout
    db.unlink(missing_ok=True)
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the HCV's 84,428 candidates")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--demo-only", action="store_true", help="skip the full-scale database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", choices=("demo", "large"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--browser", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    demo = run_child("demo", args.scale, args.repeats, browser=True)
    large = None if args.demo_only else run_child("large", args.scale, args.repeats, browser=False)
    results = [demo] if large is None else [demo, large]
    print(
        f"{'database':<8} {'candidates':>10} {'objects':>9} {'measurements':>12} "
        f"{'HTML median/p95 ms':>20} {'JSON median/p95 ms':>20}"
    )
    for result in results:
        server = result["server"]
        print(
            f"{result['size']:<8} {result['candidates']:>10,} {result['objects']:>9,} "
            f"{result['measurements']:>12,} "
            f"{1000 * server['html']['median_s']:>11.1f} / {1000 * server['html']['p95_s']:<6.1f}"
            f"{1000 * server['json']['median_s']:>11.1f} / {1000 * server['json']['p95_s']:<6.1f}"
        )
    for result in results:
        ms = {
            kind: f"{1000 * figure['median_s']:.1f} / {1000 * figure['p95_s']:.1f}"
            for kind, figure in result["server"].items()
        }
        print(
            f"{result['size']}: server time of a label key press, median / p95 ms: label POST {ms['label']}, "
            f"upcoming POST {ms['upcoming']}, both {ms['key_press']}"
        )
    for result in results:
        server = result["server"]
        for kind in ("html", "json"):
            model = server[f"{kind}_model"]
            without, shown = 1000 * server[kind]["median_s"], 1000 * model["median_s"]
            print(
                f"{result['size']}: {kind} with the model's prediction shown before the vote: median "
                f"{shown:.1f} / p95 {1000 * model['p95_s']:.1f} ms, against {without:.1f} ms "
                f"without: {shown - without:+.1f} ms, {shown / without - 1:+.0%} (goal within 20 % or 5 ms)"
            )
    for kind in ("html", "json") if large else ():
        ratio = large["server"][kind]["median_s"] / demo["server"][kind]["median_s"]
        print(f"server time ratio large/demo ({kind}): {ratio:.2f} (goal <= 1.5)")
    b = demo["browser"]
    print(
        f"key press -> next candidate drawn over {LABELS} labels: median {b['swap_ms_median']:.1f} ms, "
        f"p95 {b['swap_ms_p95']:.1f} ms ({b['swaps_waited']} presses found no candidate prefetched); static "
        f"copy of the page drawn in {b['static_ms_median']:.1f} ms; "
        f"ratio median/static {b['swap_ms_median'] / b['static_ms_median']:.2f} (goal <= 1.5)"
    )
    print(
        f"bytes: first candidate page {b['first_page_bytes'] / 1e6:.2f} MB (goal < 1.5 MB), "
        f"each next candidate {b['next_candidate_bytes'] / 1e3:.1f} kB (goal < 300 kB)"
    )


if __name__ == "__main__":
    main()

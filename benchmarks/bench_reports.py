"""Report figures: each report over N object-filter rows in the database, against the numpy floor (the same
statistic on arrays already in memory). Prints seconds and ratios; no assertions.

Run (scratch database, migrated and loaded by the script; SQLite in /tmp when DATABASE_URL is unset):
    createdb -h 127.0.0.1 -U postgres bench_reports
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_reports .venv/bin/python -m benchmarks.bench_reports
    dropdb -h 127.0.0.1 -U postgres bench_reports

Demo scale (the demo sandbox ingests ~50k objects):
    createdb -h 127.0.0.1 -U postgres bench_reports_demo
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_reports_demo \
        .venv/bin/python -m benchmarks.bench_reports --rows 100000 --voted 10000 --repeats 5
Add --reuse to re-measure without reloading. The table it prints is Markdown, for the README.

"computed" is report_compute (from the database), "reused" report_build on unchanged data (the report cache).
Measured 2026-11-25, PostgreSQL 15 on 127.0.0.1, quiet 2-core machine, with the MAD cells (reports/0002):

| report (100,000 rows, 48,823 objects, 30,000 votes) | computed [s] | reused [s] | numpy floor [s] | ratio computed | ratio reused |
|---|---:|---:|---:|---:|---:|
| autoclass-vs-expert | 0.007 | 0.0002 | 0.028 | 0.3 | 0.01 |
| artifact-fraction | 0.002 | 0.0002 | 0.002 | 1.1 | 0.09 |
| mad-histograms | 0.002 | 0.0001 | 0.002 | 0.8 | 0.06 |
| agreement | 0.055 | 0.0002 | 0.022 | 2.5 | 0.01 |

| report (1,000,000 rows, 487,062 objects, 300,000 votes) | computed [s] | reused [s] | numpy floor [s] | ratio computed | ratio reused |
|---|---:|---:|---:|---:|---:|
| autoclass-vs-expert | 0.043 | 0.0004 | 0.365 | 0.1 | 0.00 |
| artifact-fraction | 0.002 | 0.0002 | 0.016 | 0.1 | 0.01 |
| mad-histograms | 0.002 | 0.0003 | 0.021 | 0.1 | 0.01 |
| agreement | 0.540 | 0.0003 | 0.284 | 1.9 | 0.00 |

Before the MAD cells, computing the MAD reports joined every flagged FilterStat row (670k at 1M rows) to its
Candidate: 0.37 s, 19-25 times the floor. Agreement fetches the votes into numpy (joined to their objects for the AutoClass
selection: at demo scale that join alone, 23 ms, takes as long as the statistic); pair counts aggregated in SQL (a
self-join) took 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable

import numpy as np

os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/hcvvet-bench-reports.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcvvet.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from hcvvet.accounts.models import User  # noqa: E402
from hcvvet.catalog.models import Candidate, FilterStat, Group  # noqa: E402
from hcvvet.reports import selectors, statistics  # noqa: E402
from hcvvet.reports.selectors import ReportFilters  # noqa: E402
from hcvvet.reports.services import report_build, report_compute  # noqa: E402
from hcvvet.vetting.models import Campaign, CampaignCandidate, Label  # noqa: E402
from tests.reports.db import insert_rows  # noqa: E402

FILTERS = np.array(["ACS_F475W", "ACS_F606W", "ACS_F814W", "WFC3_F160W"])
EXPERTS = ("ada", "bob", "cora")


def synthetic_rows(n_rows: int, seed: int = 3) -> dict[str, np.ndarray]:
    """Object-filter rows shaped like the HCV: 1 to 4 filters per object, log-normal MAD, artifacts near
    MAD 0.1 mag."""
    rng = np.random.default_rng(seed)
    per_object = rng.choice([1, 2, 3, 4], p=[0.35, 0.35, 0.2, 0.1], size=n_rows)
    per_object = per_object[np.cumsum(per_object) <= n_rows]
    per_object = np.append(per_object, n_rows - per_object.sum())
    per_object = per_object[per_object > 0]
    n_objects = len(per_object)
    match_id = np.repeat(np.arange(1, n_objects + 1, dtype=np.int64) * 7, per_object)
    rank = np.arange(n_rows) - np.repeat(np.cumsum(per_object) - per_object, per_object)
    auto = rng.choice([1, 2], size=n_objects)
    log_mad = rng.normal(-0.95, 0.35, n_rows)
    artifact = rng.random(n_objects) < 0.2
    expert = np.where(artifact, 4, rng.choice([0, 1, 2], p=[0.5, 0.25, 0.25], size=n_objects))
    return {
        "match_id": match_id,
        "filter": FILTERS[rank],
        "auto_class": np.repeat(auto, per_object),
        "expert_class": np.repeat(expert, per_object),
        "filter_det_flag": (rng.random(n_rows) < 0.67).astype(np.int16),
        "mad": 10**log_mad,
        "mag": rng.uniform(19, 27, n_rows),
        "first": np.cumsum(per_object) - per_object,
    }


def load(rows: dict[str, np.ndarray], n_voted: int) -> None:
    with transaction.atomic():
        Label.objects.all().delete()
        CampaignCandidate.objects.all().delete()
        Campaign.objects.all().delete()
        FilterStat.objects.all().delete()
        Candidate.objects.all().delete()
        Group.objects.get_or_create(group_id=1, defaults={"target_name": "bench"})
        first = rows["first"]
        n_objects = len(first)
        rng = np.random.default_rng(5)
        ra, dec = rng.uniform(0, 359, n_objects), rng.uniform(-80, 80, n_objects)
        candidate_columns = ["match_id", "group_id", "sub_group_id", "ra_deg", "dec_deg", "auto_class",
                             "hcv_expert_class", "expert_class", "num_filters", "stats_mismatch", "needs_review",
                             "has_light_curve", "updated_at"]  # fmt: skip
        now = django.utils.timezone.now()
        n_filters = np.diff(np.append(first, len(rows["match_id"])))
        insert_rows(
            Candidate,
            candidate_columns,
            (
                (
                    int(rows["match_id"][i]),
                    1,
                    -5,
                    float(r),
                    float(d),
                    int(rows["auto_class"][i]),
                    int(rows["expert_class"][i]),
                    int(rows["expert_class"][i]) or None,
                    int(nf),
                    False,
                    False,
                    False,
                    now,
                )  # fmt: skip
                for i, r, d, nf in zip(first, ra, dec, n_filters, strict=True)
            ),
        )
        filter_columns = ["candidate_id", "filter", "filter_det_flag", "var_qual_flag", "num_lc", "mean_mag",
                          "mean_corr_mag", "mad", "chi2", "lc_mismatch"]  # fmt: skip
        insert_rows(
            FilterStat,
            filter_columns,
            (
                (int(m), str(f), int(d), "AAAAA", 12, float(g), float(g), float(mad), 5.0, False)
                for m, f, d, mad, g in zip(
                    rows["match_id"],
                    rows["filter"],
                    rows["filter_det_flag"],
                    rows["mad"],
                    rows["mag"],
                    strict=True,
                )
            ),
        )
        campaign = Campaign.objects.create(name="bench", votes_needed=3)
        experts = [User.objects.get_or_create(username=name)[0] for name in EXPERTS]
        voted = rows["match_id"][first[:n_voted]]
        CampaignCandidate.objects.bulk_create(
            (
                CampaignCandidate(campaign=campaign, candidate_id=int(m), position=i, consensus_class=1)
                for i, m in enumerate(voted)
            ),
            batch_size=10_000,
        )
        votes = rng.choice([1, 2, 4], size=(len(EXPERTS), n_voted))
        insert_rows(
            Label,
            [
                "campaign_id",
                "candidate_id",
                "expert_id",
                "expert_class",
                "reasons",
                "comment",
                "seconds_spent",
                "created_at",
                "updated_at",
                "skipped",
            ],  # fmt: skip
            (
                (campaign.pk, int(m), expert.pk, int(v), "[]", "", 0.0, now, now, False)
                for expert, row in zip(experts, votes, strict=True)
                for m, v in zip(voted, row, strict=True)
            ),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def best_of(repeats: int, function: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def numpy_floors(
    rows: dict[str, np.ndarray], votes: dict[str, np.ndarray], gold: dict
) -> dict[str, Callable]:
    det, mad, expert = rows["filter_det_flag"], rows["mad"], rows["expert_class"]
    categories = [1, 2, 4]

    def agreement():
        pairs = statistics.pairwise_cohen_kappa(
            votes["subject"], votes["rater"], votes["category"], categories=categories
        )
        table, _ = statistics.rating_table(votes["subject"], votes["category"], categories=categories)
        accuracy = statistics.accuracy_on_gold(votes["subject"], votes["rater"], votes["category"], gold)
        return pairs, statistics.fleiss_kappa(table), accuracy

    return {
        "autoclass-vs-expert": lambda: statistics.autoclass_vs_expert(
            rows["match_id"], rows["auto_class"], expert
        ),
        "artifact-fraction": lambda: statistics.artifact_fraction(mad, expert, det),
        "mad-histograms": lambda: statistics.mad_histograms(mad, expert, det),
        "agreement": agreement,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--voted", type=int, default=100_000, help="campaign candidates with 3 votes each")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="skip loading: the database already holds the rows"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rows = synthetic_rows(args.rows)
    if not args.reuse:
        start = time.perf_counter()
        load(rows, args.voted)
        print(
            f"load {args.rows:,} rows ({len(rows['first']):,} objects): {time.perf_counter() - start:.1f} s"
        )
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    stored = selectors.votes(ReportFilters(campaign="bench"), Campaign.objects.get(name="bench"))
    votes = {
        "subject": stored["candidate_id"],
        "rater": stored["username"],
        "category": stored["expert_class"],
    }
    floors = numpy_floors(rows, votes, {})
    filters = {
        "autoclass-vs-expert": ReportFilters(source="hcv"),
        "artifact-fraction": ReportFilters(source="hcv"),
        "mad-histograms": ReportFilters(source="hcv"),
        "agreement": ReportFilters(campaign="bench"),
    }
    n_objects = len(rows["first"])
    scale = f"{args.rows:,} rows, {n_objects:,} objects, {args.voted * len(EXPERTS):,} votes"
    print(
        f"| report ({scale}, {connection.vendor}) | computed [s] | reused [s] | numpy floor [s] "
        "| ratio computed | ratio reused | same result |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, floor in floors.items():
        computed, result = best_of(args.repeats, lambda name=name: report_compute(name, filters[name]))
        report_build(name, filters[name])  # stores it
        reused, again = best_of(args.repeats, lambda name=name: report_build(name, filters[name]))
        floor_seconds, expected = best_of(args.repeats, floor)
        same = _plain(result.statistic.to_dict()) == _plain(again.statistic.to_dict())
        if name != "agreement":  # the floor's votes carry no campaign: subjects differ in form
            same = same and _plain(result.statistic.to_dict()) == _plain(expected.to_dict())
        print(
            f"| {name} | {computed:.3f} | {reused:.4f} | {floor_seconds:.3f} | {computed / floor_seconds:.1f} "
            f"| {reused / floor_seconds:.2f} | {same} |"
        )


def _plain(document: dict) -> str:
    return json.dumps(document, sort_keys=True, default=str)


if __name__ == "__main__":
    main()

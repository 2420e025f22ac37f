"""Report figures: each report computed from scratch (data version moved, so the cache cannot answer) over
N object-filter rows shaped like the HCV (`synthetic_rows`), against the bare SQL GROUP BY over the same rows
in the same run (for the MAD reports: the flagged rows joined to their candidates). Prints seconds and ratios
(a Markdown table, for the README) and checks the aggregate reports against numpy; no assertions.

Goals (issue 13), at the full HCV's 5.5 M rows: every report under 1 s; the aggregate ones
(autoclass-vs-expert, artifact-fraction, mad-histograms) at most 1.5 times the bare GROUP BY. "reused" is the
same report from the cache. The "every object" rows are the scatter reports over constant objects too, which
are thinned to about `selectors.SCATTER_CONSTANTS_CAP` (1 in k by MatchID).

Run (scratch database, migrated and loaded by the script; SQLite in /tmp when DATABASE_URL is unset):
    createdb -h 127.0.0.1 -U postgres bench_reports
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_reports REDIS_URL=redis://127.0.0.1:6379/11 \
        .venv/bin/python -m benchmarks.bench_reports
    dropdb -h 127.0.0.1 -U postgres bench_reports
Add --reuse to re-measure without reloading; --rows (default the HCV's 5.5 M; about 4 min to load on
PostgreSQL) and --voted set the scale.

--ingested measures a database the ingest filled instead (the full sandbox universe through the pipeline:
`python -m benchmarks.bench_ingest --full`, which keeps its database): nothing is loaded but the campaign
"bench" (--voted candidates, 3 votes each, replaced on every run), and the aggregate reports are checked
against numpy over the candidates' rows read back from the database:
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hcvvet_full REDIS_URL=redis://127.0.0.1:6379/11 \
        .venv/bin/python -m benchmarks.bench_reports --ingested
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

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from hcvvet.accounts.models import User  # noqa: E402
from hcvvet.catalog.models import Candidate, FilterStat, Group  # noqa: E402
from hcvvet.catalog.versioning import LABELS, data_version_bump  # noqa: E402
from hcvvet.reports import statistics  # noqa: E402
from hcvvet.reports.selectors import ReportFilters  # noqa: E402
from hcvvet.reports.services import Points, report_build  # noqa: E402
from hcvvet.vetting.models import Campaign, CampaignCandidate, Label  # noqa: E402
from tests.reports.db import insert_filter_stats, insert_rows  # noqa: E402

FILTERS = np.array(["ACS_F475W", "ACS_F606W", "ACS_F814W", "WFC3_F160W"])
EXPERTS = ("ada", "bob", "cora")


# Shares of the real HCV (hcv-facts.md, README "MAST sandbox"): 1.49 filter rows per object, 2.28 % of objects
# candidates, 13.2 % of candidates multi-filter, 13,533 of 84,428 candidates classified by experts.
ROWS_PER_OBJECT = {1: 0.62, 2: 0.29, 3: 0.07, 4: 0.02}  # mean 1.49
CANDIDATE_SHARE = 0.0228
MULTI_FILTER_SHARE = 0.132
CLASSIFIED_SHARE = 13_533 / 84_428
EXPERT_SHARES = {1: (0.408, 0.376, 0.216), 2: (0.390, 0.452, 0.158)}  # ExpertClass 1, 2, 4 per AutoClass


def synthetic_rows(n_rows: int, seed: int = 3) -> dict[str, np.ndarray]:
    """Object-filter rows shaped like the HCV (shares above): constant objects (AutoClass 0) with small MAD,
    candidates with larger MAD; only candidates' rows are flagged (FilterDetFlag 1: the first row of a
    single-filter candidate, the first two and about half the others of a multi-filter one); about a sixth
    of the candidates carry a catalogue ExpertClass. MatchIDs increase by irregular steps, as real ones do."""
    rng = np.random.default_rng(seed)
    per_object = rng.choice(list(ROWS_PER_OBJECT), p=list(ROWS_PER_OBJECT.values()), size=n_rows)
    per_object = per_object[np.cumsum(per_object) <= n_rows]
    per_object = np.append(per_object, n_rows - per_object.sum())
    per_object = per_object[per_object > 0]
    n_objects = len(per_object)
    match_id = np.cumsum(rng.integers(1, 40, n_objects, dtype=np.int64)) + 1_000_000
    first = np.cumsum(per_object) - per_object
    rank = np.arange(n_rows) - np.repeat(first, per_object)
    multi_share = MULTI_FILTER_SHARE / np.mean(per_object >= 2)  # of candidates with two rows or more
    candidate = rng.random(n_objects) < CANDIDATE_SHARE
    auto = np.where(candidate, 1, 0) + (candidate & (per_object >= 2) & (rng.random(n_objects) < multi_share))
    expert = np.zeros(n_objects, dtype=np.int16)
    classified = candidate & (rng.random(n_objects) < CLASSIFIED_SHARE)
    for auto_class, shares in EXPERT_SHARES.items():
        chosen = classified & (auto == auto_class)
        expert[chosen] = rng.choice([1, 2, 4], p=shares, size=int(chosen.sum()))
    row_auto = np.repeat(auto, per_object)
    flagged = ((row_auto == 1) & (rank == 0)) | ((row_auto == 2) & ((rank < 2) | (rng.random(n_rows) < 0.5)))
    log_mad = np.where(row_auto > 0, rng.normal(-0.9, 0.4, n_rows), rng.normal(-1.6, 0.3, n_rows))
    return {
        "match_id": np.repeat(match_id, per_object),
        "filter": FILTERS[rank],
        "auto_class": row_auto,
        "expert_class": np.repeat(expert, per_object),
        "filter_det_flag": flagged.astype(np.int16),
        "mad": 10**log_mad,
        "mag": rng.uniform(19, 27, n_rows),
        "first": first,
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
                             "hcv_expert_class", "expert_class", "num_filters", "stats_mismatch",
                             "needs_review", "has_light_curve", "updated_at"]  # fmt: skip
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
                )
                for i, r, d, nf in zip(first, ra, dec, n_filters, strict=True)
            ),
        )
        insert_filter_stats(
            rows["match_id"], rows["filter"], rows["filter_det_flag"], rows["mad"], rows["mag"]
        )
        add_campaign(rows["match_id"][first[rows["auto_class"][first] > 0][:n_voted]])
    analyze()


def add_campaign(voted: np.ndarray) -> None:
    """The campaign "bench" (replacing an earlier one): the candidates `voted` (MatchIDs), each with a vote
    of every expert."""
    with transaction.atomic():
        Label.objects.filter(campaign__name="bench").delete()
        CampaignCandidate.objects.filter(campaign__name="bench").delete()
        Campaign.objects.filter(name="bench").delete()
        campaign = Campaign.objects.create(name="bench", votes_needed=3)
        experts = [User.objects.get_or_create(username=name)[0] for name in EXPERTS]
        n_voted = len(voted)
        CampaignCandidate.objects.bulk_create(
            (
                CampaignCandidate(campaign=campaign, candidate_id=int(m), position=i, consensus_class=1)
                for i, m in enumerate(voted)
            ),
            batch_size=10_000,
        )
        votes = np.random.default_rng(5).choice([1, 2, 4], size=(len(EXPERTS), n_voted))
        now = django.utils.timezone.now()
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
            ],
            (
                (campaign.pk, int(m), expert.pk, int(v), "[]", "", 0.0, now, now, False)
                for expert, row in zip(experts, votes, strict=True)
                for m, v in zip(voted, row, strict=True)
            ),
        )


def analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a load: index-only scans work


def ingested_rows(n_voted: int) -> dict[str, np.ndarray]:
    """The candidates' object-filter rows of a database the ingest filled (what the aggregate reports count,
    for the numpy check), after adding the campaign "bench" on its first `n_voted` candidates."""
    add_campaign(
        np.array(
            Candidate.objects.filter(auto_class__gt=0).order_by("pk").values_list("pk", flat=True)[:n_voted]
        )
    )
    analyze()
    rows = FilterStat.objects.filter(candidate__auto_class__gt=0).values_list(
        "candidate_id", "candidate__auto_class", "candidate__hcv_expert_class", "filter_det_flag", "mad"
    )
    fields = ("match_id", "auto_class", "expert_class", "filter_det_flag", "mad")
    table = np.array(
        [(m, a, e, d, np.nan if x is None else x) for m, a, e, d, x in rows],
        dtype=list(zip(fields, ("i8", "i2", "i2", "i2", "f8"), strict=True)),
    )
    return {name: table[name] for name in fields}


def best_of(repeats: int, function: Callable[[], object], before: Callable[[], object] = lambda: None):
    """(least seconds of `repeats` calls, the last result); `before` runs untimed before each call."""
    times, result = [], None
    for _ in range(repeats):
        before()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


AGGREGATE_REPORTS = ("autoclass-vs-expert", "artifact-fraction", "mad-histograms")
CLASS_ROWS = "FROM catalog_candidate c WHERE c.auto_class IN (1, 2)"
FILTER_ROWS = (
    "FROM catalog_filterstat f JOIN catalog_candidate c ON c.match_id = f.candidate_id "
    "WHERE c.auto_class IN (1, 2)"
)
FLAGGED_ROWS = f"{FILTER_ROWS} AND f.filter_det_flag > 0 AND f.mad IS NOT NULL"
MAGNITUDE_ROWS = f"{FILTER_ROWS} AND f.mean_corr_mag IS NOT NULL AND f.mad IS NOT NULL"
EVERY_MAGNITUDE_ROW = (
    "FROM catalog_filterstat f JOIN catalog_candidate c ON c.match_id = f.candidate_id "
    "WHERE f.mean_corr_mag IS NOT NULL AND f.mad IS NOT NULL"
)


def cases(campaign: Campaign) -> dict[str, tuple[ReportFilters, str, list]]:
    """Case ("report" or "report, variant") -> (its filters, the bare GROUP BY over the rows it reads,
    parameters)."""
    hcv = ReportFilters(source="hcv")
    by_class = "SELECT c.hcv_expert_class, count(*)"
    return {
        "autoclass-vs-expert": (
            hcv,
            f"SELECT c.auto_class, c.hcv_expert_class, count(*) {CLASS_ROWS} GROUP BY 1, 2",
            [],
        ),
        "artifact-fraction": (hcv, f"{by_class} {FLAGGED_ROWS} GROUP BY 1", []),
        "mad-histograms": (hcv, f"{by_class} {FLAGGED_ROWS} GROUP BY 1", []),
        "agreement": (
            ReportFilters(campaign=campaign.name),
            "SELECT l.expert_id, l.expert_class, count(*) FROM vetting_label l JOIN catalog_candidate c "
            "ON c.match_id = l.candidate_id WHERE l.campaign_id = %s AND l.expert_class IS NOT NULL "
            "AND c.auto_class IN (1, 2) GROUP BY 1, 2",
            [campaign.pk],
        ),
        "mad-vs-magnitude": (
            ReportFilters(source="hcv", filter_name="ACS_F475W"),
            f"{by_class} {MAGNITUDE_ROWS} AND f.filter = %s GROUP BY 1",
            ["ACS_F475W"],
        ),
        "colour-magnitude": (
            ReportFilters(source="hcv", blue="ACS_F475W", red="ACS_F814W"),
            f"{by_class} {MAGNITUDE_ROWS} AND f.filter IN (%s, %s) GROUP BY 1",
            ["ACS_F475W", "ACS_F814W"],
        ),
        "sky": (hcv, f"{by_class} {CLASS_ROWS} GROUP BY 1", []),
        # every object: the constant ones thinned to about SCATTER_CONSTANTS_CAP (1 in k by MatchID)
        "sky, every object": (
            ReportFilters(source="hcv", auto_classes=(0, 1, 2)),
            f"{by_class} FROM catalog_candidate c GROUP BY 1",
            [],
        ),
        "mad-vs-magnitude, every object": (
            ReportFilters(source="hcv", filter_name="ACS_F475W", auto_classes=(0, 1, 2)),
            f"{by_class} {EVERY_MAGNITUDE_ROW} AND f.filter = %s GROUP BY 1",
            ["ACS_F475W"],
        ),
    }


def bare(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def numpy_statistic(name: str, rows: dict[str, np.ndarray]):
    """The aggregate report's statistic from the rows in memory: the check that the database counts right."""
    det, mad, expert = rows["filter_det_flag"], rows["mad"], rows["expert_class"]
    if name == "autoclass-vs-expert":
        return statistics.autoclass_vs_expert(rows["match_id"], rows["auto_class"], expert)
    if name == "artifact-fraction":
        return statistics.artifact_fraction(mad, expert, det)
    return statistics.mad_histograms(mad, expert, det)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_500_000, help="object-filter rows (the HCV: 5.5 M)")
    parser.add_argument("--voted", type=int, default=10_000, help="campaign candidates with 3 votes each")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="skip loading: the database already holds the rows"
    )
    parser.add_argument(
        "--ingested",
        action="store_true",
        help="measure the rows the ingest put in the database (bench_ingest --full): load nothing but the "
        "campaign's votes",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.ingested:
        start = time.perf_counter()
        rows = ingested_rows(args.voted)
        print(f"campaign of {args.voted:,} candidates added: {time.perf_counter() - start:.1f} s")
    else:
        rows = synthetic_rows(args.rows)
    if not args.reuse and not args.ingested:
        start = time.perf_counter()
        load(rows, args.voted)
        print(
            f"load {args.rows:,} rows ({len(rows['first']):,} objects): {time.perf_counter() - start:.1f} s"
        )
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    candidates = Candidate.objects.filter(auto_class__gt=0)
    scale = (
        f"{FilterStat.objects.count():,} rows, {Candidate.objects.count():,} objects, "
        f"{candidates.count():,} candidates, "
        f"{candidates.filter(hcv_expert_class__gt=0).count():,} classified, "
        f"{FilterStat.objects.filter(filter_det_flag__gt=0).count():,} flagged rows, "
        f"{Label.objects.count():,} votes"
    )
    print(
        f"| report ({scale}, {connection.vendor}) | from scratch [s] | reused [s] | bare GROUP BY [s] "
        "| ratio from scratch | same as numpy / points drawn |"
    )
    print("|---|---:|---:|---:|---:|---|")
    campaign = Campaign.objects.get(name="bench")
    for name, (filters, sql, params) in cases(campaign).items():
        report = name.split(",")[0]

        def build(report=report, filters=filters):
            return report_build(report, filters)

        # moving the data version is what a write does: the cache cannot answer, the report is computed
        scratch, result = best_of(args.repeats, build, before=lambda: data_version_bump(LABELS))
        reused, _ = best_of(args.repeats, build)
        floor, _ = best_of(args.repeats, lambda sql=sql, params=params: bare(sql, params))
        same = ""
        if name in AGGREGATE_REPORTS:
            same = str(_plain(result.statistic.to_dict()) == _plain(numpy_statistic(name, rows).to_dict()))
        elif isinstance(result.statistic, Points):
            points = result.statistic
            same = f"{len(points.classes):,} (constants 1 in {points.constant_stride})"
        print(
            f"| {name} | {scratch:.3f} | {reused:.4f} | {floor:.3f} | {scratch / floor:.2f} | {same} |",
            flush=True,
        )


def _plain(document: dict) -> str:
    return json.dumps(document, sort_keys=True, default=str)


if __name__ == "__main__":
    main()

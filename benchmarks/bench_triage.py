"""Triage figures on a sandbox universe: features for every candidate, training, predictions, peak memory,
and the model's quality against the sandbox's hidden ground truth. Prints figures; no assertions.

The script loads the universe's candidates (AutoClass > 0: their summary rows and light curves) into a scratch
database with hcvvet's own loaders, and sets each filter row's MAD threshold from all the field's rows with
hcvvet's own threshold code, as the ingest would. The model then trains on the catalogue's ExpertClass only
(the scratch database holds no hcvvet labels) through the app's services, and predicts every candidate.

Quality is measured on the candidates no expert classified (catalogue ExpertClass 0) against the hidden truth
(`sandbox_truth.nature`), which only this measurement reads, straight from the universe file, never the app:
artifact (`artifact`) against real (every variable nature); the noise of constant stars that crossed the
threshold (`constant`) is left out of the main figure and counted as artifact in a second one.

Run (SQLite scratch database; DATABASE_URL selects another):
    .venv/bin/python -m benchmarks.bench_triage --universe /tmp/hcvvet-demo.sqlite
    .venv/bin/python -m benchmarks.bench_triage --universe /work/data/full-universe.sqlite
Build a universe first with `python -m hcvvet.sandbox build --scale demo --out PATH`. --reuse measures again
on the loaded database.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from itertools import cycle, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_DB = Path(tempfile.gettempdir()) / "hcvvet-bench-triage.sqlite3"
CHUNK = 20_000
TARGET_HALF_WIDTH = 0.02
DRAWS = 20  # draws per sample size whose mean half-width `labels_needed` compares with the target


def setup_django(db_path: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db_path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcvvet.settings.base")
    os.environ.setdefault("MEDIA_ROOT", str(db_path.with_suffix(".media")))  # the model files
    os.environ["HCVVET_TRIAGE_RETRAIN_EVERY"] = "0"
    import django

    django.setup()


def peak_reset() -> None:
    """Start a new peak-RSS measurement of this process (Linux: VmHWM back to the current RSS)."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measured(label: str, fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run `fn`; print and return its result, seconds and peak RSS (MiB) while it ran."""
    peak_reset()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak = peak_mib()
    print(f"   {label}: {seconds:.2f} s, peak RSS {peak:,.0f} MiB", flush=True)
    return result, seconds, peak


# --- loading the universe -------------------------------------------------------------------------------


def load_universe(universe: Path) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from hcvvet.catalog.models import Candidate, FilterStat, Group
    from hcvvet.ingest.services import loader
    from hcvvet.ingest.services.lightcurves import LightCurveRow

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    with closing(sqlite3.connect(universe)) as conn, transaction.atomic():
        Group.objects.bulk_create(
            [
                Group(group_id=g, target_name=n)
                for g, n in conn.execute("SELECT GroupID, TargetName FROM Groups")
            ]
        )
        rows = conn.execute(
            "SELECT MatchID, GroupID, SubGroupID, RA, Dec, AutoClass, ExpertClass, NumFilters FROM HCVmatch "
            "WHERE AutoClass > 0 ORDER BY MatchID"
        )
        candidates = [
            Candidate(
                match_id=m,
                group_id=g,
                sub_group_id=s,
                ra_deg=ra,
                dec_deg=dec,
                auto_class=a,
                hcv_expert_class=e,
                num_filters=n,
                has_light_curve=True,
            )
            for m, g, s, ra, dec, a, e, n in rows
        ]
        Candidate.objects.bulk_create(candidates, batch_size=5_000)
    print(f"   {len(candidates):,} candidates loaded ({time.perf_counter() - t0:.1f} s)", flush=True)
    t0 = time.perf_counter()
    stats = [FilterStat(**row) for row in candidate_filter_rows(universe)]
    with transaction.atomic():
        FilterStat.objects.bulk_create(stats, batch_size=5_000)
    print(f"   {len(stats):,} filter rows with thresholds ({time.perf_counter() - t0:.1f} s)", flush=True)
    t0 = time.perf_counter()
    with closing(sqlite3.connect(universe)) as conn:
        points = conn.execute(
            "SELECT d.MatchID, d.Filter, d.MJD, d.ImageName, d.Mag, d.CorrMag, d.MagErr, d.CI, d.D "
            "FROM HCVdetailed d JOIN HCVmatch m ON m.MatchID = d.MatchID WHERE m.AutoClass > 0"
        )
        count = 0
        while batch := points.fetchmany(CHUNK):
            light_curve = [LightCurveRow(*row) for row in batch]
            with transaction.atomic():
                loader.load_images(light_curve)
                count += loader.load_measurements(light_curve)
    print(f"   {count:,} light-curve points loaded ({time.perf_counter() - t0:.1f} s)", flush=True)


def candidate_filter_rows(universe: Path) -> Iterator[dict]:
    """The candidates' HCVfilter rows with `mad_threshold` from all their field's rows (constant stars too),
    one field at a time, by hcvvet's own threshold code (`catalog.selectors.threshold_curves_of_rows`)."""
    from hcvvet.catalog.selectors import threshold_curves_of_rows

    with closing(sqlite3.connect(universe)) as conn:
        rows = conn.execute(
            "SELECT m.GroupID, f.MatchID, m.AutoClass, f.Filter, f.MeanCorrMag, f.MAD, f.FilterDetFlag, "
            "f.Chi2, f.NumLC, f.VarQualFlag, f.MeanMag FROM HCVfilter f JOIN HCVmatch m "
            "ON m.MatchID = f.MatchID ORDER BY m.GroupID"
        )
        for _, field in groupby(rows, key=itemgetter(0)):
            field_rows = list(field)
            curves = threshold_curves_of_rows(
                [(r[3], r[4], r[5], r[6], r[2], r[7], r[8], r[9]) for r in field_rows]
            )
            for _, match_id, auto, band, corr_mag, mad, flag, chi2, num_lc, vqf, mag in field_rows:
                if auto == 0:
                    continue
                curve = curves.get(band)
                threshold = float(curve.at(np.array([corr_mag], dtype=float))[0]) if curve else float("nan")
                yield {
                    "candidate_id": match_id,
                    "filter": band,
                    "filter_det_flag": flag,
                    "var_qual_flag": vqf,
                    "num_lc": num_lc,
                    "mean_mag": mag,
                    "mean_corr_mag": corr_mag,
                    "mad": mad,
                    "chi2": chi2,
                    "mad_threshold": threshold if np.isfinite(threshold) else None,
                }


# --- quality against the hidden truth ---------------------------------------------------------------------


def truth_of(universe: Path, match_ids: np.ndarray, column: str = "nature") -> np.ndarray:
    """`sandbox_truth.nature` (or another of its columns: `artifact`, the kind) of each MatchID (read from the
    universe file: a measurement, never the app)."""
    with closing(sqlite3.connect(universe)) as conn:
        truth = dict(conn.execute(f"SELECT MatchID, {column} FROM sandbox_truth"))  # noqa: S608 -- our own names
    default = "constant" if column == "nature" else None
    return np.array([truth.get(int(m), default) for m in match_ids], dtype=object)


def quality(universe: Path, model) -> None:
    from hcvvet.catalog.models import Candidate
    from hcvvet.triage.calibration import brier_score, calibration_error, roc_auc
    from hcvvet.triage.models import Prediction

    rows = Prediction.objects.filter(model=model, candidate__hcv_expert_class=0).values_list(
        "candidate_id", "p_artifact"
    )
    ids, p_artifact = (np.array(column) for column in zip(*rows, strict=True))
    nature = truth_of(universe, ids)
    artifact, constant = nature == "artifact", nature == "constant"
    judged = ~constant
    y = artifact[judged]
    p = p_artifact[judged].astype(float)
    print(
        f"\n== quality on the {ids.size:,} candidates no expert classified (of "
        f"{Candidate.objects.count():,}): {artifact.sum():,} artifacts, {(judged & ~artifact).sum():,} real "
        f"variables, {constant.sum():,} constant stars over the threshold"
    )
    print(
        f"   ROC AUC artifact vs real (constants left out): {roc_auc(labels=y, scores=p):.3f} (goal >= 0.90)"
    )
    error = calibration_error(labels=y, probabilities=p)
    print(f"   calibration error of P(artifact) against the truth: {error:.3f} (goal < 0.05)")
    print(f"   Brier score against the truth: {brier_score(labels=y, probabilities=p):.3f}")
    print(f"   mean P(artifact) {p.mean():.3f} against the true artifact fraction {y.mean():.3f}")
    kind = truth_of(universe, ids, "artifact")[judged]
    print(
        "   ROC AUC by kind of artifact against the real variables: "
        + ", ".join(
            f"{name} {roc_auc(labels=y[(kind == name) | ~y], scores=p[(kind == name) | ~y]):.3f} "
            f"({int(np.sum(kind == name)):,})"
            for name in sorted({k for k in kind[y] if k})
        )
    )
    as_artifact, p_all = artifact | constant, p_artifact.astype(float)
    print(
        f"   constants counted as artifacts: ROC AUC {roc_auc(labels=as_artifact, scores=p_all):.3f}, "
        f"calibration error {calibration_error(labels=as_artifact, probabilities=p_all):.3f}"
    )


def labels_needed(half_width: Callable[[int, np.random.Generator], float], population: int) -> int | None:
    """The fewest audit labels (on a grid growing by 10 %) whose mean interval half-width over DRAWS draws is
    at most TARGET_HALF_WIDTH; None if the whole population is not enough."""
    n = 50
    while n <= population:
        rng = np.random.default_rng(n)
        if np.mean([half_width(n, rng) for _ in range(DRAWS)]) <= TARGET_HALF_WIDTH:
            return n
        n = int(n * 1.1) + 1
    return None


def simulated_vetting(universe: Path, model, table) -> None:
    """Labels needed to estimate the artifact fraction of every candidate within +-0.02 (95 %), experts who
    see the truth labelling: a uniform random sample with its Wilson interval; the same sample corrected by
    the model's predictions for every candidate (prediction-powered inference, PPI++); the queue's
    uncertainty-first order with its random audit share (`uncertainty_first`); and its sampled variant
    (`uncertainty_sampled`)."""
    from hcvvet.triage.models import Prediction
    from hcvvet.triage.ppi import labels_only_proportion, prediction_powered_mean

    ids, f = (
        np.array(c)
        for c in zip(
            *Prediction.objects.filter(model=model)
            .order_by("candidate_id")
            .values_list("candidate_id", "p_artifact"),
            strict=True,
        )
    )
    y = (truth_of(universe, ids) == "artifact").astype(float)
    f = f.astype(float)

    def wilson(n: int, rng: np.random.Generator) -> float:
        return labels_only_proportion(labels=y[rng.choice(y.size, n, replace=False)]).half_width

    def ppi(n: int, rng: np.random.Generator) -> float:
        audit = np.zeros(y.size, dtype=bool)
        audit[rng.choice(y.size, n, replace=False)] = True
        return prediction_powered_mean(
            labels=y[audit], labelled_predictions=f[audit], unlabelled_predictions=f[~audit], power_tuned=True
        ).half_width

    random_n, ppi_n = labels_needed(wilson, y.size), labels_needed(ppi, y.size)
    print(
        f"\n== simulated vetting: artifact fraction of all {y.size:,} candidates ({y.mean():.3f}) within "
        f"+-{TARGET_HALF_WIDTH} (95 %)"
    )
    print(f"   random order, labels only (Wilson): {random_n} labels")
    print(f"   random audit sample + the model's predictions (PPI++): {ppi_n} labels")
    if random_n and ppi_n:
        print(f"   ratio {ppi_n / random_n:.2f} (goal at most 0.5)")
    strata = strata_of(table, ids)
    for share in AUDIT_SHARES:
        needed = labels_needed(
            lambda n, rng, share=share: uncertainty_first(y, f, strata, n, rng, share).half_width, y.size
        )
        coverage = covered(
            lambda rng, n=needed or y.size, share=share: uncertainty_first(y, f, strata, n, rng, share),
            y.mean(),
        )
        print(
            f"   uncertainty first, audit share {share:.0%} (fixed model) + PPI: "
            f"{needed or f'more than all {y.size:,}'} labels"
            + (f", ratio {needed / random_n:.2f}" if needed and random_n else "")
            + f"; intervals cover the truth in {coverage:.0%} of 200 draws"
        )
    uncertainty_sampled(y, f, ids, random_n)
    sequential_uncertainty_first(y, strata, Loop(table, ids), random_n)


# The campaign's default audit share (vetting.Campaign.audit_share) and two larger ones.
AUDIT_SHARES = (0.1, 0.3, 0.5)


def strata_of(table, ids: np.ndarray) -> np.ndarray:
    """Each candidate's stratum: quartile of its lead filter's MAD x quartile of its magnitude (16 strata),
    as the campaigns' stratified audit draws them."""
    from hcvvet.triage.training_set import rows_of

    at, _ = rows_of(table, ids)
    codes = []
    for name in ("mad", "mean_corr_mag"):
        values = np.nan_to_num(np.asarray(table.columns[name], dtype=float)[at], nan=0.0)
        codes.append(np.searchsorted(np.quantile(values, [0.25, 0.5, 0.75]), values))
    return codes[0] * 4 + codes[1]


def stratified_sample(strata: np.ndarray, n: int, rng: np.random.Generator, among=None) -> np.ndarray:
    """n indices drawn at random within strata, each stratum in proportion to its size (largest
    remainders), from `among` (a boolean mask; every item by default)."""
    among = np.ones(strata.size, dtype=bool) if among is None else among
    labels, sizes = np.unique(strata[among], return_counts=True)
    quota = n * sizes / sizes.sum()
    counts = np.floor(quota).astype(int)
    counts[np.argsort(counts - quota)[: n - counts.sum()]] += 1
    picked = [
        rng.choice(np.flatnonzero(among & (strata == label)), count, replace=False)
        for label, count in zip(labels, counts, strict=True)
    ]
    return np.concatenate(picked)


def uncertainty_first(y, f, strata, n, rng, share):
    """The estimate after n labels in the queue's uncertainty-first order with `share` of them a stratified
    random audit (vetting.campaigns: `audit_size`, the rest by `triage.queue_order.scores`): the audit sample
    corrects the predictions by PPI, and the candidates labelled by uncertainty count with their label
    instead of their prediction."""
    from hcvvet.triage.ppi import prediction_powered_mean
    from hcvvet.vetting.campaigns import audit_size

    n_audit = max(audit_size(share, n), 2)
    in_audit = np.zeros(y.size, dtype=bool)
    in_audit[stratified_sample(strata, n_audit, rng)] = True
    order = np.argsort(-f * (1.0 - f), kind="stable")
    ranked = order[~in_audit[order]][: n - n_audit]
    known = f.copy()
    known[ranked] = y[ranked]
    return prediction_powered_mean(
        labels=y[in_audit], labelled_predictions=f[in_audit], unlabelled_predictions=known[~in_audit]
    )


# The sampled order's audit shares (its uniform share of the inclusion weight), and the strata of P(artifact)
# its estimate is computed over (1: one stratum).
SAMPLED_SHARES = (0.1, 0.3)
SAMPLED_STRATA = (1, 4)


def sampled_queue(f: np.ndarray, ids: np.ndarray, share: float, campaign_pk: int) -> np.ndarray:
    """Indices in the order the "uncertainty first, sampled" queue of campaign `campaign_pk` serves them under
    the fixed model: descending w / u, as `triage.queue_order.scores` computes it, u the campaign's stable
    uniforms (`vetting.campaigns.sampling_uniforms`)."""
    from hcvvet.triage.queue_order import scores
    from hcvvet.vetting.models import Campaign, QueueOrder

    campaign = Campaign(pk=campaign_pk, seed=0, order=QueueOrder.UNCERTAINTY_SAMPLED, audit_share=share)
    probabilities = np.column_stack((1.0 - f, np.zeros_like(f), f))
    return np.argsort(-scores(campaign, ids, probabilities), kind="stable")


def strata_or_none(f: np.ndarray, weights: np.ndarray, count: int) -> np.ndarray | None:
    """`count` strata of P(artifact) expecting the same number of labels each (`ppi.probability_strata`);
    None for one stratum."""
    from hcvvet.triage.ppi import probability_strata

    return None if count == 1 else probability_strata(f, weights, count)


def sampled_estimate(y, f, weights, queue, n, strata):
    """The estimate after the first n labels of `queue`, each weighed by its inclusion probability."""
    from hcvvet.triage.ppi import inclusion_probabilities, sampled_prediction_powered_mean

    labelled = queue[:n]
    return sampled_prediction_powered_mean(
        predictions=f,
        labelled=labelled,
        labels=y[labelled],
        inclusion=inclusion_probabilities(weights, n)[labelled],
        strata=strata,
    )


def uncertainty_sampled(y, f, ids, random_n: int | None, coverage_draws: int = 200) -> None:
    """The "uncertainty first, sampled" order as the queue serves it, ranked once by the model (a campaign
    keeps its first ranking: `vetting.campaigns.campaign_reorder`): the first n of DRAWS
    campaigns' queues (each its own stable uniforms) for the labels needed, estimated by inverse-probability
    weighted PPI over one stratum and over strata of P(artifact); the coverage over `coverage_draws` more."""
    from hcvvet.triage.ppi import sampling_weights

    for share in SAMPLED_SHARES:
        weights = sampling_weights(f, share)
        queues = [sampled_queue(f, ids, share, pk) for pk in range(1, DRAWS + 1)]
        strata = {count: strata_or_none(f, weights, count) for count in SAMPLED_STRATA}
        needed = {
            count: sampled_labels_needed(y, f, weights, queues, strata[count]) for count in SAMPLED_STRATA
        }
        hits = dict.fromkeys(SAMPLED_STRATA, 0)
        for pk in range(1000, 1000 + coverage_draws):
            queue = sampled_queue(f, ids, share, pk)
            for count in SAMPLED_STRATA:
                e = sampled_estimate(y, f, weights, queue, needed[count] or y.size, strata[count])
                hits[count] += e.lower <= y.mean() <= e.upper
        for count in SAMPLED_STRATA:
            n, coverage = needed[count], hits[count] / coverage_draws
            print(
                f"   uncertainty first, sampled, audit share {share:.0%} (ranked once) + weighted PPI, "
                + ("one stratum" if count == 1 else f"{count} strata of P(artifact)")
                + f": {n or f'more than all {y.size:,}'} labels"
                + (f", ratio {n / random_n:.2f}" if n and random_n else "")
                + f"; intervals cover the truth in {coverage:.0%} of {coverage_draws} draws"
            )


def sampled_labels_needed(y, f, weights, queues: list[np.ndarray], strata) -> int | None:
    """`labels_needed` over the given queues: it asks DRAWS half-widths per n, one from each queue."""
    served = cycle(queues)
    return labels_needed(
        lambda n, _: sampled_estimate(y, f, weights, next(served), n, strata).half_width, y.size
    )


def covered(estimate: Callable[[np.random.Generator], Any], truth: float, draws: int = 200) -> float:
    """Share of `draws` seeded draws whose interval holds `truth`."""
    hits = [(e := estimate(np.random.default_rng(1000 + k))).lower <= truth <= e.upper for k in range(draws)]
    return float(np.mean(hits))


class Loop:
    """The retraining of the real loop, for the sequential simulations: the model trained every
    HCVVET_TRIAGE_RETRAIN_EVERY (200) labels on the catalogue's classes plus the new labels (weight 2, as a
    consensus, never pruned as label issues)."""

    def __init__(self, table, ids: np.ndarray) -> None:
        from django.conf import settings

        from hcvvet.catalog.models import Candidate
        from hcvvet.triage.table import MODEL_FEATURES
        from hcvvet.triage.training_set import rows_of

        self.every = int(settings.HCVVET_TRIAGE_RETRAIN_EVERY) or 200
        at, _ = rows_of(table, ids)
        self.x = table.matrix(MODEL_FEATURES)[at]
        catalogue = dict(Candidate.objects.filter(pk__in=ids.tolist()).values_list("pk", "hcv_expert_class"))
        self.hcv = np.array([catalogue[int(i)] for i in ids])
        self.classified = np.isin(self.hcv, (1, 2, 4))

    def p_artifact(self, labelled: np.ndarray, y: np.ndarray) -> np.ndarray:
        """P(artifact) of every candidate from the model of the catalogue plus the `labelled` ones."""
        from hcvvet.triage.model import Items, train_artifact_model
        from hcvvet.triage.table import MODEL_FEATURES
        from hcvvet.triage.training_set import SOURCE_WEIGHTS

        train = self.classified | labelled
        items = Items.of(
            self.x[train],
            MODEL_FEATURES,
            np.where(labelled, SOURCE_WEIGHTS["consensus"], SOURCE_WEIGHTS["catalogue"])[train],
            prunable=~labelled[train],
        )
        return train_artifact_model(
            items, np.where(labelled, y == 1, self.hcv == 4)[train]
        ).model.artifact_probability(self.x)


def sequential_uncertainty_first(y, strata, loop: Loop, random_n: int | None, draws: int = 3) -> None:
    """The real loop, sequentially: the queue serves the most uncertain candidate under the current model
    with the audit share (10 %) interleaved, and the model is retrained every `loop.every` labels on the
    new labels but never the audit ones, so the audit stays independent of the model it corrects. Estimates
    before each retraining."""
    from hcvvet.triage.ppi import prediction_powered_mean

    every = loop.every
    budget = min(2 * (random_n or 1000), y.size)
    widths: dict[int, list[float]] = {}
    t0 = time.perf_counter()
    for draw in range(draws):
        audit_order = stratified_sample(strata, budget // 10, np.random.default_rng(draw))
        labelled = np.zeros(y.size, dtype=bool)
        for n in range(every, budget + 1, every):
            # the model of the labels so far (the catalogue's alone at first) ranks the next `every`
            f = loop.p_artifact(labelled, y)
            in_audit = np.zeros(y.size, dtype=bool)
            in_audit[audit_order[: n // 10]] = True
            order = np.argsort(-f * (1.0 - f), kind="stable")
            labelled[order[~(in_audit | labelled)[order]][: n - n // 10 - int(labelled.sum())]] = True
            estimate = prediction_powered_mean(
                labels=y[in_audit],
                labelled_predictions=f[in_audit],
                unlabelled_predictions=np.where(labelled, y, f)[~in_audit],
            )
            widths.setdefault(n, []).append(estimate.half_width)
    print_sequential(
        f"uncertainty first, audit share 10 %, retrained every {every} labels",
        widths,
        budget,
        random_n,
        f"{draws} draws, {time.perf_counter() - t0:.0f} s",
    )


def print_sequential(name: str, widths: dict[int, list[float]], budget: int, random_n: int | None, note: str):
    """A sequential simulation's labels needed (the first n whose mean half-width meets the target) and
    its half-widths."""
    needed = next((n for n in sorted(widths) if np.mean(widths[n]) <= TARGET_HALF_WIDTH), None)
    print(
        f"   {name} ({note}): {needed or f'more than {budget}'} labels"
        + (f", ratio {needed / random_n:.2f}" if needed and random_n else "")
        + "; half-width at "
        + ", ".join(f"{n}: {np.mean(w):.3f}" for n, w in sorted(widths.items()))
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--universe", type=Path, required=True, help="sandbox universe file (read only)")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="scratch SQLite database (replaced)")
    parser.add_argument("--reuse", action="store_true", help="measure on the database already loaded")
    args = parser.parse_args()
    if not args.reuse:
        args.db.unlink(missing_ok=True)
    setup_django(args.db)
    from hcvvet.triage import services
    from hcvvet.triage.selectors import candidate_feature_table
    from hcvvet.triage.table import MODEL_FEATURES

    print(f"== {args.universe} -> {os.environ['DATABASE_URL']} (load average {os.getloadavg()[0]:.1f})")
    if not args.reuse:
        load_universe(args.universe)
    print("\n== triage (each stage's wall time and this process's peak RSS while it ran)")
    table, feature_seconds, _ = measured(
        "features, computed (three queries + numpy)", candidate_feature_table
    )
    measured("features, computed and stored", services.features_refresh)
    print(f"   {table.match_id.size:,} candidates, {len(MODEL_FEATURES)} features")
    model, train_seconds, _ = measured(
        "training (5-fold cross-fit, calibration, final fit, file)", lambda: services.model_train(table=table)
    )
    services.model_activate(model=model, user=None)
    classifier = services.model_load(model)
    features = table.matrix(MODEL_FEATURES)
    _, proba_seconds, _ = measured(
        "probabilities alone (both boosters, calibrated)", lambda: classifier.class_probabilities(features)
    )
    measured(
        "contributions alone (pred_contrib, for the reasons)",
        lambda: classifier.artifact.contributions(features),
    )
    _, predict_seconds, _ = measured(
        "predictions, computed and stored with reasons",
        lambda: services.predictions_refresh(model=model, table=table),
    )
    print(f"\n== model {model.pk}: trained on {model.label_counts}")
    print(
        f"   cross-validated on catalogue classes: ROC AUC {model.roc_auc:.3f}, Brier {model.brier:.3f}, "
        f"calibration error {model.calibration_error:.3f}; confusion (true -> predicted) {model.confusion}"
    )
    print(
        f"   goals: features {feature_seconds:.1f} s (< 60), training {train_seconds:.1f} s (< 60), "
        f"predictions {proba_seconds:.1f} s alone, {predict_seconds:.1f} s with reasons, stored (< 10)"
    )
    quality(args.universe, model)
    simulated_vetting(args.universe, model, table)


if __name__ == "__main__":
    main()

"""Build the upgrade test's database of "today's main" (commit 5f6ed17) with that commit's own code.

Re-run from the repository root with the project's venv (needs git, and for PostgreSQL a server and pg_dump):

    .venv/bin/python tests/upgrade/make_main_fixture.py
    .venv/bin/python tests/upgrade/make_main_fixture.py --postgresql postgresql://postgres@127.0.0.1:5432/postgres

The script exports the commit with `git archive` into a temporary folder and runs itself again with that
folder first on PYTHONPATH (`--populate`): the database is migrated by the old migrations and filled through
the old services, never by the current tree. It writes into tests/upgrade/data/:
  main_5f6ed17.sqlite               the SQLite database (journal mode DELETE, 1 kB pages, vacuumed);
  main_5f6ed17.sqlite.json          every row of the kept models as the old code reads them (snapshot.py);
  main_5f6ed17.postgresql.sql.gz    with --postgresql: pg_dump of the same rows made on PostgreSQL
                                    (database test_h7_upgrade, created and dropped here), gzipped;
  main_5f6ed17.postgresql.sql.json  its snapshot.
Rows hold real timestamps of the run, so each re-run changes the files; the test compares a database only with
the snapshot made beside it.
"""

import argparse
import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

COMMIT = "5f6ed17"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA = HERE / "data"
PG_DATABASE = "test_h7_upgrade"
# Every model that holds a user's data at that commit; the test compares all of their rows after the upgrade.
MODELS = (
    "auth.Group",
    "accounts.User",
    "authtoken.Token",
    "catalog.Group",
    "catalog.Image",
    "catalog.Candidate",
    "catalog.FilterStat",
    "catalog.Measurement",
    "catalog.Cutout",
    "ingest.IngestJob",
    "ingest.IngestJobMember",
    "vetting.Campaign",
    "vetting.CampaignCandidate",
    "vetting.Lease",
    "vetting.Label",
    "vetting.LabelEvent",
    "vetting.Adjudication",
    "vetting.ImageFlag",
)


def populate() -> None:
    """Migrate the database of DATABASE_URL and fill it through the old code (inside the exported commit)."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    users = _users()
    candidates = _catalogue()
    _ingest_jobs(users["cora"], candidates)
    _vetting(users, candidates)


def _users() -> dict:
    from rest_framework.authtoken.models import Token

    from hcvvet.accounts.models import Role, User
    from hcvvet.accounts.services import user_create

    users = {
        "cora": user_create(username="cora", password="pw-fixture-1", roles=(Role.CURATOR, Role.EXPERT)),
        "ada": user_create(username="ada", password="pw-fixture-1", roles=(Role.EXPERT,), email="ada@x.org"),
        "bob": user_create(username="bob", password="pw-fixture-1", roles=(Role.EXPERT,)),
        "eve": user_create(username="eve", password="pw-fixture-1", roles=(Role.EXPERT,)),
        "vic": user_create(username="vic", password="pw-fixture-1", roles=(Role.VIEWER,)),
        "dan": user_create(username="dan", password="pw-fixture-1", roles=(Role.EXPERT,)),
    }
    users["dan"].is_active = False
    users["dan"].save(update_fields=["is_active"])
    User.objects.create_superuser(username="root", password="pw-fixture-1", email="root@x.org")
    Token.objects.create(user=users["ada"])
    return users


def _catalogue() -> dict[int, object]:
    """Two groups of candidates with light curves on shared images: classified, unclassified and constant."""
    import numpy as np
    from django.utils import timezone

    from hcvvet.catalog import stats
    from hcvvet.catalog.models import Candidate, Cutout, CutoutStatus, FilterStat, Group, Image, Measurement

    rng = np.random.default_rng(5)
    groups = {
        69810: (Group.objects.create(group_id=69810, target_name="M 87"), 10543),
        69811: (Group.objects.create(group_id=69811, target_name="NGC 4000"), 10775),
    }
    # MatchID: (group, AutoClass, catalogue ExpertClass, filters)
    spec = {
        1000101: (69810, 2, 1, ("ACS_F814W", "ACS_F475W")),
        1000102: (69810, 1, 0, ("ACS_F814W",)),
        1000103: (69810, 1, 2, ("ACS_F814W",)),
        1000104: (69810, 2, 4, ("ACS_F814W", "ACS_F475W")),
        1000105: (69810, 1, 0, ("ACS_F814W",)),
        1000106: (69810, 1, 0, ("ACS_F814W",)),
        1000107: (69810, 0, 0, ("ACS_F814W",)),
        1000108: (69810, 0, 0, ("ACS_F814W",)),
        1000201: (69811, 1, 1, ("ACS_F814W",)),
        1000202: (69811, 1, 0, ("ACS_F814W",)),
        1000203: (69811, 2, 0, ("ACS_F814W", "ACS_F475W")),
        1000204: (69811, 1, 2, ("ACS_F814W",)),
        1000205: (69811, 0, 0, ("ACS_F814W",)),
    }
    candidates = {}
    for n, (match_id, (group_id, auto_class, hcv_class, filters)) in enumerate(spec.items()):
        group, proposal = groups[group_id]
        candidate = Candidate.objects.create(
            match_id=match_id,
            group=group,
            sub_group_id=-5 - n % 3,
            ra_deg=187.70 + 0.0007 * n,
            dec_deg=12.39 + 0.0003 * n,
            auto_class=auto_class,
            hcv_expert_class=hcv_class,
            num_filters=len(filters),
        )
        max_mad = 0.0
        for band in filters:
            instrument, filter_name = band.lower().split("_")
            mjd = 53700 + np.arange(10) * 2.5 + rng.uniform(0, 0.1, 10)
            amplitude = 0.02 if auto_class == 0 else 0.3 + 0.05 * n
            mag = 21.5 + 0.1 * n + amplitude * np.sin(mjd / 1.7) + rng.normal(0, 0.02, 10)
            err = np.full(10, 0.02)
            images = [
                Image.objects.get_or_create(
                    name=f"hst_{proposal}_{visit:02d}_{instrument}_wfc_{filter_name}",
                    defaults={
                        "instrument": instrument,
                        "detector": "wfc",
                        "filter": filter_name,
                        "proposal_id": proposal,
                        "visit": f"{visit:02d}",
                        "mjd": float(mjd[visit - 1]),
                    },
                )[0]
                for visit in range(1, 11)
            ]
            Measurement.objects.bulk_create(
                Measurement(
                    candidate=candidate,
                    filter=band,
                    image=image,
                    mjd=float(t),
                    mag=float(m),
                    corr_mag=float(m) - 0.01,
                    mag_err=float(e),
                    ci=1.1,
                    d=2.9,
                )
                for image, t, m, e in zip(images, mjd, mag, err, strict=True)
            )
            s = stats.filter_statistics(mag, mag - 0.01, err)
            FilterStat.objects.create(
                candidate=candidate,
                filter=band,
                filter_det_flag=1 if auto_class else 0,
                var_qual_flag="AAAAA" if auto_class else "CCCCC",
                num_lc=s.num_lc,
                mean_mag=s.mean_mag,
                mean_corr_mag=s.mean_corr_mag,
                mad=s.mad,
                chi2=s.chi2,
                mad_threshold=0.05,
            )
            max_mad = max(max_mad, s.mad)
        candidate.max_mad = max_mad
        candidate.has_light_curve = True
        candidate.save(update_fields=["max_mad", "has_light_curve"])
        candidates[match_id] = candidate
    image = Image.objects.get(name="hst_10543_01_acs_wfc_f814w")
    Cutout.objects.create(
        image=image,
        candidate=candidates[1000101],
        size_px=19,
        file="cutouts/2026/11/1000101_hst_10543_01_19.jpg",
        status=CutoutStatus.OK,
        attempts=1,
        fetched_at=timezone.now(),
    )
    Cutout.objects.create(
        image=image, candidate=candidates[1000101], size_px=101, zoom=0.5, status=CutoutStatus.PENDING
    )
    Cutout.objects.create(
        image=image,
        candidate=candidates[1000102],
        size_px=19,
        status=CutoutStatus.MISSING,
        error="fitscut answered 404",
        attempts=3,
    )
    return candidates


def _ingest_jobs(curator, candidates: dict) -> None:
    from django.utils import timezone

    from hcvvet.ingest.models import IngestJob, IngestJobMember, JobState

    now = timezone.now()
    job = IngestJob.objects.create(
        target_name="M 87",
        ra_deg=187.70583,
        dec_deg=12.39111,
        radius_arcsec=120.0,
        filters=["ACS_F814W", "ACS_F475W"],
        created_by=curator,
        state=JobState.SUCCEEDED,
        stage="done",
        progress={"summary": {"done": 8, "total": 8}},
        counts={"candidates": 8, "measurements": 100},
        timings={"summary": 1.25, "light_curves": 3.5},
        started_at=now,
        finished_at=now,
    )
    IngestJobMember.objects.bulk_create(
        IngestJobMember(job=job, candidate=c, light_curve_done=True)
        for c in candidates.values()
        if c.group_id == 69810
    )
    IngestJob.objects.create(
        group_ids=[69811],
        source="catalogs",
        fetch_cutouts=False,
        created_by=curator,
        rerun_of=job,
        state=JobState.FAILED,
        error="MAST answered 503 three times; try again later",
    )


def _vetting(users: dict, candidates: dict) -> None:
    from hcvvet.catalog.models import Image, Measurement
    from hcvvet.vetting.adjudication import adjudicate
    from hcvvet.vetting.campaigns import campaign_close, campaign_create, campaign_start, campaign_update
    from hcvvet.vetting.epochs import epoch_reject, epoch_restore
    from hcvvet.vetting.image_flags import image_flag, image_unflag
    from hcvvet.vetting.labels import label_skip, label_submit, label_undo
    from hcvvet.vetting.models import CampaignCandidate
    from hcvvet.vetting.queues import default_campaign, next_item

    cora, ada, bob, eve = users["cora"], users["ada"], users["bob"], users["eve"]
    c = candidates

    blind = campaign_create(
        user=cora,
        name="M 87 blind",
        description="Every variable candidate of the M 87 field, two votes each.",
        experts=(ada, bob, eve),
        selection={"group_ids": [69810], "auto_class": [1, 2], "gold_match_ids": [1000201]},
        votes_needed=2,
        rule="majority",
        order="random",
        seed=7,
    )
    blind = campaign_start(campaign=blind, user=cora)
    first = next_item(expert=ada, campaign=blind).candidate
    label_submit(campaign=blind, candidate=first, expert=ada, expert_class=1, seconds_spent=12.5)
    label_submit(
        campaign=blind, candidate=first, expert=bob, expert_class=1, reasons=["other"], comment="clear"
    )
    label_submit(campaign=blind, candidate=c[1000103], expert=ada, expert_class=2)
    label_submit(
        campaign=blind, candidate=c[1000103], expert=eve, expert_class=4, reasons=["cosmic_ray", "blend"]
    )
    disputed = CampaignCandidate.objects.get(campaign=blind, candidate=c[1000103])
    adjudicate(item=disputed, adjudicator=cora, decided_class=2, note="periodic; the blend is minor")
    # withdrawn: a first vote undone
    label_submit(campaign=blind, candidate=c[1000104], expert=ada, expert_class=4, comment="spike?")
    label_undo(campaign=blind, expert=ada)
    # a change undone: the label is back to its first class
    label_submit(campaign=blind, candidate=c[1000105], expert=bob, expert_class=2)
    label_submit(campaign=blind, candidate=c[1000105], expert=bob, expert_class=1, reasons=["other"])
    label_undo(campaign=blind, expert=bob)
    label_skip(campaign=blind, candidate=c[1000106], expert=eve, seconds_spent=3.0)
    label_submit(campaign=blind, candidate=c[1000201], expert=ada, expert_class=1)
    next_item(expert=bob, campaign=blind)  # leaves bob's lease open
    campaign_update(campaign=blind, user=cora, description="M 87, two votes each; gold 1000201.")

    open_campaign = campaign_create(
        user=cora,
        name="NGC 4000 open",
        experts=(ada, bob, eve, cora),
        selection={
            "match_ids": [1000201, 1000202, 1000203, 1000204],
            "filters": ["ACS_F814W"],
            "mad_min": 0.0,
            "var_qual_flag": "A????",
            "gold_count": 1,
        },
        votes_needed=3,
        blind=False,
        rule="first_k",
        rule_k=2,
        order="stratified",
        seed=11,
    )
    open_campaign = campaign_start(campaign=open_campaign, user=cora)
    label_submit(campaign=open_campaign, candidate=c[1000202], expert=ada, expert_class=1)
    label_submit(campaign=open_campaign, candidate=c[1000202], expert=cora, expert_class=1)
    for expert, expert_class in ((bob, 2), (eve, 4), (ada, 1)):
        label_submit(campaign=open_campaign, candidate=c[1000203], expert=expert, expert_class=expert_class)

    campaign_create(
        user=cora,
        name="Unanimous draft",
        selection={"auto_class": [2], "mag_min": 20.0, "mag_max": 24.5, "hcv_expert_class": [0, 1]},
        experts=(ada,),
        rule="unanimous",
        order="disagreement",
    )
    pilot = campaign_create(
        user=cora, name="Closed pilot", experts=(ada, bob), selection={"match_ids": [1000105, 1000106]}
    )
    pilot = campaign_start(campaign=pilot, user=cora)
    label_submit(campaign=pilot, candidate=c[1000106], expert=ada, expert_class=4, reasons=["chip_edge"])
    campaign_close(campaign=pilot, user=cora)

    queue = default_campaign()
    label_submit(campaign=queue, candidate=c[1000204], expert=eve, expert_class=2)

    point = Measurement.objects.get(candidate=c[1000101], filter="ACS_F814W", image__visit="07")
    epoch_reject(measurement=point, user=ada, reason="cosmic ray hit")
    point = Measurement.objects.get(candidate=c[1000102], filter="ACS_F814W", image__visit="08")
    epoch_reject(measurement=point, user=bob, reason="edge")
    epoch_restore(measurement=point, user=bob)
    image_flag(
        image=Image.objects.get(name="hst_10543_03_acs_wfc_f814w"), user=cora, reason="guiding failure"
    )
    cleared = Image.objects.get(name="hst_10543_05_acs_wfc_f814w")
    image_flag(image=cleared, user=cora, reason="looked trailed")
    image_unflag(image=cleared, user=cora)


def code_environment(code: Path, var: Path, database_url: str) -> dict[str, str]:
    """The environment in which a subprocess runs the hcvvet tree at `code` on `database_url`, as an operator
    would: that tree first on the path, base settings, its own var folder and no Redis. The upgrade test
    uses it too, for the current tree."""
    env = os.environ | {
        "PYTHONPATH": str(code),
        "DJANGO_SETTINGS_MODULE": "hcvvet.settings.base",
        "DATABASE_URL": database_url,
        "HCVVET_VAR_DIR": str(var),
    }
    env.pop("REDIS_URL", None)
    return env


def _run_inside(code: Path, var: Path, database_url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, *args], cwd=code, env=code_environment(code, var, database_url), check=True
    )


def _build(code: Path, var: Path, database_url: str, snapshot_path: Path) -> None:
    _run_inside(code, var, database_url, str(Path(__file__).resolve()), "--populate")
    _run_inside(code, var, database_url, str(HERE / "snapshot.py"), str(snapshot_path), *MODELS)


def _export(work: Path) -> Path:
    code = work / "code"
    code.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", COMMIT], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
    return code


def _sqlite(code: Path, work: Path) -> None:
    database = work / "main.sqlite3"
    _build(code, work / "var", f"sqlite:///{database}", DATA / f"main_{COMMIT}.sqlite.json")
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("PRAGMA page_size=1024")  # small pages: a committed file of under 300 kB
    connection.execute("VACUUM")
    connection.close()
    shutil.copyfile(database, DATA / f"main_{COMMIT}.sqlite")


def _postgresql(code: Path, work: Path, admin_url: str) -> None:
    import psycopg

    base = admin_url.rsplit("/", 1)[0]
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    try:
        url = f"{base}/{PG_DATABASE}"
        _build(code, work / "var", url, DATA / f"main_{COMMIT}.postgresql.sql.json")
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", "--inserts", url], check=True, capture_output=True
        )
        # plain SQL that any client runs: without pg_dump's psql-only restrict guard lines
        lines = dump.stdout.decode().splitlines(keepends=True)
        sql = "".join(line for line in lines if not line.startswith("\\"))
        # mtime 0: the same dump gives the same bytes
        (DATA / f"main_{COMMIT}.postgresql.sql.gz").write_bytes(gzip.compress(sql.encode(), mtime=0))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--populate", action="store_true", help="internal: fill DATABASE_URL (old code)")
    parser.add_argument("--postgresql", metavar="ADMIN_URL", help="also build the PostgreSQL dump")
    args = parser.parse_args()
    if args.populate:
        populate()
        return
    DATA.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hcvvet-upgrade-") as tmp:
        work = Path(tmp)
        code = _export(work)
        _sqlite(code, work)
        if args.postgresql:
            _postgresql(code, work, args.postgresql)


if __name__ == "__main__":
    main()

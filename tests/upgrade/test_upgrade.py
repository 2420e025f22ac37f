"""Upgrading a deployment of today's main (commit 5f6ed17) keeps every user's data.

tests/upgrade/data/ holds a database that commit's own migrations and services built (make_main_fixture.py
says how to rebuild it) and a snapshot of every row as that code read it. Each test copies the database, runs
the current code's `manage.py migrate` on the copy in a subprocess (as an operator would), reads every row
back through the current code's models in another subprocess (snapshot.py) and compares: same primary keys,
same values, same timestamps, same actors. pytest-django's own test database plays no part.

When a later migration renames a model or a field, say so in RENAMED_MODELS / RENAMED_FIELDS below; a value
that changes on purpose goes in NOT_COMPARED with the reason. Nothing else may differ."""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI, using_postgresql
from tests.upgrade.make_main_fixture import DATA, HERE, REPO, code_environment

SQLITE_FIXTURE = DATA / "main_5f6ed17.sqlite"
POSTGRESQL_FIXTURE = DATA / "main_5f6ed17.postgresql.sql.gz"

# old "app.model" -> new "app.model", and (old "app.model", old field) -> new field name
RENAMED_MODELS: dict[str, str] = {}
RENAMED_FIELDS: dict[tuple[str, str], str] = {}
NOT_COMPARED: dict[tuple[str, str], str] = {
    ("auth.group", "permissions"): "a role's permissions are re-synced from the current models after migrate",
    (
        "vetting.campaign",
        "order_version",
    ): "dropped by vetting 0004: live queue orders key on the data version",
}


def _run(args: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(args, cwd=REPO, env=environment, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


def _upgrade_and_read(database_url: str, tmp_path: Path, expected: dict[str, Any]) -> dict[str, Any]:
    """Migrate the database with the current code, then read back every model the snapshot names."""
    environment = code_environment(REPO, tmp_path / "var", database_url)
    _run([sys.executable, "manage.py", "migrate", "--noinput"], environment)
    out = tmp_path / "after.json"
    labels = [RENAMED_MODELS.get(label, label) for label in expected]
    _run([sys.executable, str(HERE / "snapshot.py"), str(out), *labels], environment)
    return json.loads(out.read_text())


def _differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    differences = []
    for label, rows in expected.items():
        new_rows = actual[RENAMED_MODELS.get(label, label)]
        if set(new_rows) != set(rows):
            differences.append(f"{label}: keys {sorted(rows)} became {sorted(new_rows)}")
            continue
        for pk, fields in rows.items():
            for name, value in fields.items():
                if (label, name) in NOT_COMPARED:
                    continue
                new_value = new_rows[pk].get(RENAMED_FIELDS.get((label, name), name), "<missing>")
                if new_value != value:
                    differences.append(f"{label} {pk} {name}: {value!r} became {new_value!r}")
    return differences


def _assert_unchanged(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    differences = _differences(expected, actual)
    assert not differences, f"{len(differences)} values changed:\n" + "\n".join(differences[:40])


def _snapshot_of(fixture: Path) -> dict[str, Any]:
    """The snapshot made beside a fixture: `x.sqlite.json` for `x.sqlite`, `x.sql.json` for `x.sql.gz`."""
    return json.loads(fixture.with_name(fixture.name.removesuffix(".gz") + ".json").read_text())


def test_the_fixture_holds_every_kind_of_row():
    """Guards the fixture itself: a rebuild that lost a kind of row would make the upgrade test vacuous."""
    rows = _snapshot_of(SQLITE_FIXTURE)
    labels = rows["vetting.label"].values()
    events = rows["vetting.labelevent"].values()
    assert {e["kind"] for e in events} >= {
        "label", "change", "undo", "skip", "adjudicate", "reject_epoch", "restore_epoch",
        "flag_image", "unflag_image", "campaign",
    }  # fmt: skip
    assert any(label["expert_class"] is None and not label["skipped"] for label in labels)  # withdrawn
    assert any(label["skipped"] for label in labels)
    assert len({label["expert"] for label in labels}) >= 4
    campaigns = rows["vetting.campaign"].values()
    assert {c["state"] for c in campaigns} == {"draft", "active", "closed"}
    assert {c["blind"] for c in campaigns} == {True, False}
    assert {c["rule"] for c in campaigns} == {"unanimous", "majority", "first_k"}
    items = rows["vetting.campaigncandidate"].values()
    assert {i["consensus"] for i in items} >= {"open", "agreed", "disputed", "adjudicated"}
    assert any(i["is_gold"] for i in items)
    assert {f["cleared_at"] is None for f in rows["vetting.imageflag"].values()} == {True, False}
    assert {c["auto_class"] for c in rows["catalog.candidate"].values()} == {0, 1, 2}
    assert any(m["rejected"] for m in rows["catalog.measurement"].values())
    kinds = (
        "vetting.adjudication",
        "vetting.lease",
        "catalog.cutout",
        "ingest.ingestjob",
        "ingest.ingestjobmember",
    )
    assert all(rows[kind] for kind in kinds)


def test_upgrading_sqlite_keeps_every_row(tmp_path):
    database = tmp_path / "hcvvet.sqlite3"
    shutil.copyfile(SQLITE_FIXTURE, database)
    expected = _snapshot_of(SQLITE_FIXTURE)

    actual = _upgrade_and_read(f"sqlite:///{database}", tmp_path, expected)

    _assert_unchanged(expected, actual)


def test_upgrading_keeps_every_expert_rejection_seen_by_everyone(tmp_path):
    """vetting 0006: each epoch an expert had rejected becomes a rejection of that expert, with its reason and
    time, in no campaign (everyone sees it, as before the upgrade)."""
    database = tmp_path / "hcvvet.sqlite3"
    shutil.copyfile(SQLITE_FIXTURE, database)
    measurements = _snapshot_of(SQLITE_FIXTURE)["catalog.measurement"]
    by_experts = {
        pk: m for pk, m in measurements.items() if m["rejected"] and m["rejected_source"] == "expert"
    }
    assert by_experts

    rows = _upgrade_and_read(f"sqlite:///{database}", tmp_path, {"vetting.epochrejection": {}})

    rejections = rows["vetting.epochrejection"].values()
    assert sorted(
        (str(r["measurement"]), r["campaign"], r["expert"], r["reason"], r["created_at"]) for r in rejections
    ) == sorted(
        (pk, None, m["rejected_by"], m["rejected_reason"], m["rejected_at"]) for pk, m in by_experts.items()
    )


def test_upgrading_sqlite_removes_the_report_triggers(tmp_path):
    """No trigger of today's main (reports' data version and MAD cells, on tables of catalog, vetting and
    accounts) survives the upgrade (issue 13)."""
    database = tmp_path / "hcvvet.sqlite3"
    shutil.copyfile(SQLITE_FIXTURE, database)
    query = "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    with sqlite3.connect(database) as before:
        installed = [name for (name,) in before.execute(query)]
    assert any(name.startswith("hcvvet_") for name in installed)

    _run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        code_environment(REPO, tmp_path, f"sqlite:///{database}"),
    )

    with sqlite3.connect(database) as after:
        remaining = [name for (name,) in after.execute(query)]
    assert set(remaining) & set(installed) == set()
    assert not [name for name in remaining if name.startswith(("hcvvet", "madcell"))]


def _postgresql_urls() -> tuple[str, str]:
    """(server URL of the maintenance database, URL of this test's own database) on DATABASE_URL's server."""
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = os.environ.get("HCVVET_TEST_DB_NAME", "test_hcvvet") + "_upgrade"
    return f"{server}/postgres", f"{server}/{name}"


@pytest.mark.services
@pytest.mark.skipif(not (using_postgresql() or IN_CI), reason="needs PostgreSQL (DATABASE_URL)")
def test_upgrading_postgresql_keeps_every_row_and_drops_the_report_triggers(tmp_path):
    import psycopg

    admin_url, url = _postgresql_urls()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(gzip.decompress(POSTGRESQL_FIXTURE.read_bytes()).decode())
            installed = connection.execute(
                "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
            ).fetchone()
        assert installed[0] > 0
        expected = _snapshot_of(POSTGRESQL_FIXTURE)

        actual = _upgrade_and_read(url, tmp_path, expected)

        _assert_unchanged(expected, actual)
        with psycopg.connect(url) as connection:
            triggers = connection.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").fetchall()
        assert triggers == []
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

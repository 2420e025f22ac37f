"""Fixtures for the database set-ups of several hosts: pgbouncer in transaction mode in front of the test
PostgreSQL server, and a read-only replica alias. PostgreSQL only (skipped on SQLite)."""

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db import connections
from django.db.utils import load_backend

from hcvvet.demo.processes import stop_process_groups
from hcvvet.settings.base import database_alias
from tests.conftest import IN_CI, using_postgresql
from tests.ingest.conftest import via_broker  # noqa: F401 (the ingest tests' fixture, used here too)

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


@dataclass(frozen=True)
class Pooler:
    host: str
    port: int

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_postgresql() -> None:
    if not using_postgresql():
        pytest.skip("pgbouncer and replica aliases are PostgreSQL set-ups (DATABASE_URL is not PostgreSQL)")


def _write_config(folder: Path, server: dict, port: int) -> Path:
    """pgbouncer's ini: transaction pooling, and DISCARD ALL after every transaction, so any session state a
    connection leaves behind (a SET, a WITH HOLD cursor, a prepared statement) is gone before its next
    transaction, as it would be on a busy pool that hands that transaction another server connection."""
    users = folder / "users.txt"
    users.write_text(f'"{server["USER"] or "postgres"}" ""\n')
    ini = folder / "pgbouncer.ini"
    lines = [
        "[databases]",
        f"* = host={server['HOST'] or '127.0.0.1'} port={server['PORT'] or 5432}",
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        f"listen_port = {port}",
        "unix_socket_dir =",
        "auth_type = trust",
        f"auth_file = {users}",
        "pool_mode = transaction",
        "server_reset_query = DISCARD ALL",
        "server_reset_query_always = 1",
        "default_pool_size = 4",
        "max_client_conn = 200",
        "ignore_startup_parameters = extra_float_digits",
    ]
    if os.geteuid() == 0:
        lines.append("user = postgres")  # pgbouncer refuses to run as root; it drops to this user
    ini.write_text("\n".join(lines) + "\n")
    for path in (folder, users, ini):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return ini


def _wait_until_serving(pooler: Pooler, database: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            psycopg.connect(pooler.url(database), connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pgbouncer did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.1)


@pytest.fixture(scope="module")
def pgbouncer(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Pooler]:
    """pgbouncer (Debian's package) in transaction mode on a free loopback port, in front of the server of
    the test database; stopped at the end of the module, so the test database can be dropped."""
    require_postgresql()
    if not os.access(PGBOUNCER, os.X_OK):
        if IN_CI:
            pytest.fail("pgbouncer must be installed in CI (.ci/run installs Debian's package)")
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer)")
    server = connections["default"].settings_dict
    folder = tmp_path_factory.mktemp("pgbouncer")
    pooler = Pooler("127.0.0.1", free_port())
    ini = _write_config(folder, server, pooler.port)
    log = folder / "pgbouncer.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [PGBOUNCER, str(ini)], stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_serving(pooler, server["NAME"], process, log)
        yield pooler
    finally:
        stop_process_groups([process], grace=10)


@pytest.fixture
def through_pgbouncer(pgbouncer, transactional_db) -> Iterator[Pooler]:
    """This process's `default` connection goes through pgbouncer, configured as the settings configure it
    with DATABASE_TRANSACTION_POOLING on. Tests commit (transactional_db): no pooled transaction spans a
    test."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    pooled = database_alias(pgbouncer.url(saved["NAME"]), transaction_pooling=True)
    connection.close()
    connection.settings_dict.update(
        HOST=pooled["HOST"],
        PORT=pooled["PORT"],
        DISABLE_SERVER_SIDE_CURSORS=pooled["DISABLE_SERVER_SIDE_CURSORS"],
    )
    try:
        yield pgbouncer
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def _admin_connection(dbname: str = "postgres") -> psycopg.Connection:
    """An autocommit connection to a database of the test server, as the test database's own user."""
    server = connections["default"].settings_dict
    return psycopg.connect(
        host=server["HOST"] or "127.0.0.1",
        port=server["PORT"] or 5432,
        user=server["USER"] or "postgres",
        password=server["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


@pytest.fixture
def lagging_replica(transactional_db, settings) -> Iterator[str]:
    """A `replica` alias as DATABASE_REPLICA_URL configures it: a copy of the test database as it is now
    (a replica that has not yet replayed what comes next), read through its own role, which may only read.
    Yields the alias; removes the alias, the copy and the role after the test."""
    require_postgresql()
    primary = dict(connections["default"].settings_dict)
    copy = f"{primary['NAME']}_replica"
    reader = f"{primary['NAME']}_reader"
    connections.close_all()  # CREATE DATABASE ... TEMPLATE needs the template free of sessions
    with _admin_connection() as admin:
        # ... including those earlier tests of this process left open (pgbouncer's pooled server
        # connections, a live server's threads); they reconnect when next used
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [primary["NAME"]],
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'DROP ROLE IF EXISTS "{reader}"')
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{primary["NAME"]}"')
        admin.execute(f'CREATE ROLE "{reader}" LOGIN')
        admin.execute(f'ALTER ROLE "{reader}" IN DATABASE "{copy}" SET default_transaction_read_only = on')
    with _admin_connection(copy) as db:
        db.execute(f'GRANT USAGE ON SCHEMA public TO "{reader}"')
        db.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{reader}"')
    replica_url = f"postgresql://{reader}@{primary['HOST'] or '127.0.0.1'}:{primary['PORT'] or 5432}/{copy}"
    replica = {**primary, **database_alias(replica_url, transaction_pooling=False), "ATOMIC_REQUESTS": False}
    # The router reads DATABASES; the connection is made here, not from DATABASES, because Django's test
    # case refuses connections to configured aliases that the test database set-up did not create.
    settings.DATABASES = {**settings.DATABASES, "replica": replica}
    connections["replica"] = load_backend(replica["ENGINE"]).DatabaseWrapper(replica, "replica")
    try:
        yield "replica"
    finally:
        connections["replica"].close()
        del connections["replica"]
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            admin.execute(f'DROP ROLE IF EXISTS "{reader}"')

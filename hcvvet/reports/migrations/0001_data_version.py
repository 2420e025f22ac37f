"""The report data version: a counter that moves whenever a table the reports read is written, by triggers, so
cached reports are reused exactly as long as their data is unchanged (see hcvvet/reports/cache.py).

PostgreSQL: statement-level triggers call nextval on a sequence (no row lock, so concurrent writers never wait on
each other) and take a shared transaction-level advisory lock, which tells readers a write is in flight.
SQLite (one writer at a time): row-level triggers set a counter row to a random number, so a rolled-back
write never leaves behind a version that a later write could reach again.
"""

from django.db import migrations

# frozen here, as a migration must be; hcvvet.reports.cache.ADVISORY_LOCK is the same number
ADVISORY_LOCK = 7_203_114_085_001
TRACKED_TABLES = (
    "accounts_user",
    "catalog_group",
    "catalog_candidate",
    "catalog_filterstat",
    "vetting_campaign",
    "vetting_campaigncandidate",
    "vetting_label",
    "vetting_adjudication",
)

POSTGRESQL = [
    "CREATE SEQUENCE hcvvet_data_version",
    # last_value reads 1 both before and after the first nextval: take that one now, so every write moves it
    "SELECT nextval('hcvvet_data_version')",
    "CREATE TABLE hcvvet_data_epoch (epoch text NOT NULL)",
    "INSERT INTO hcvvet_data_epoch VALUES (md5(random()::text || clock_timestamp()::text))",
    f"""
    CREATE FUNCTION hcvvet_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock_shared({ADVISORY_LOCK});
        PERFORM nextval('hcvvet_data_version');
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION hcvvet_quiet_data_version() RETURNS text LANGUAGE plpgsql AS $$
    DECLARE
        version bigint;
    BEGIN
        -- NULL while this transaction has written (it may roll back) or another write transaction is in
        -- flight (its changes may commit under a version already read)
        IF pg_current_xact_id_if_assigned() IS NOT NULL OR NOT pg_try_advisory_lock({ADVISORY_LOCK}) THEN
            RETURN NULL;
        END IF;
        SELECT last_value INTO version FROM hcvvet_data_version;
        PERFORM pg_advisory_unlock({ADVISORY_LOCK});
        RETURN (SELECT epoch FROM hcvvet_data_epoch) || ':' || version;
    END $$
    """,
    *(
        f"CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION hcvvet_data_changed()"
        for table in TRACKED_TABLES
    ),
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER IF EXISTS hcvvet_data_changed ON {table}" for table in TRACKED_TABLES),
    "DROP FUNCTION IF EXISTS hcvvet_quiet_data_version()",
    "DROP FUNCTION IF EXISTS hcvvet_data_changed()",
    "DROP TABLE IF EXISTS hcvvet_data_epoch",
    "DROP SEQUENCE IF EXISTS hcvvet_data_version",
]
SQLITE = [
    "CREATE TABLE hcvvet_data_version (epoch text NOT NULL, version integer NOT NULL)",
    "INSERT INTO hcvvet_data_version VALUES (lower(hex(randomblob(16))), 0)",
    *(
        f"CREATE TRIGGER hcvvet_data_{event.lower()}_{table} AFTER {event} ON {table} "
        "BEGIN UPDATE hcvvet_data_version SET version = random(); END"
        for table in TRACKED_TABLES
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
]
SQLITE_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS hcvvet_data_{event.lower()}_{table}"
        for table in TRACKED_TABLES
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
    "DROP TABLE IF EXISTS hcvvet_data_version",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("catalog", "0001_initial"),
        ("vetting", "0003_queue_order_version"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]

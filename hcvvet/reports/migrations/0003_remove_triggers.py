"""Drop every trigger, function, sequence, table and view that 0001_data_version and 0002_mad_cells installed
in databases migrated by earlier versions of hcvvet (a fresh database never had them: each statement is IF
EXISTS). The statements are frozen here, as a migration's must be."""

from django.db import migrations

DATA_VERSION_TABLES = (
    "accounts_user",
    "catalog_group",
    "catalog_candidate",
    "catalog_filterstat",
    "vetting_campaign",
    "vetting_campaigncandidate",
    "vetting_label",
    "vetting_adjudication",
)
MADCELL_TABLES = ("catalog_filterstat", "catalog_candidate")
EVENTS = ("insert", "update", "delete")

POSTGRESQL = [
    *(f"DROP TRIGGER IF EXISTS hcvvet_data_changed ON {table}" for table in DATA_VERSION_TABLES),
    *(
        f"DROP TRIGGER IF EXISTS madcell_{event} ON {table}"
        for table in MADCELL_TABLES
        for event in (*EVENTS, "truncate")
    ),
    # CASCADE: a trigger left on a table this list does not name goes with its function
    "DROP FUNCTION IF EXISTS hcvvet_data_changed() CASCADE",
    "DROP FUNCTION IF EXISTS hcvvet_quiet_data_version() CASCADE",
    *(
        f"DROP FUNCTION IF EXISTS madcell_{kind}_{event}() CASCADE"
        for kind in ("filterstat", "candidate")
        for event in EVENTS
    ),
    "DROP FUNCTION IF EXISTS madcell_truncate() CASCADE",
    "DROP TABLE IF EXISTS hcvvet_data_epoch",
    "DROP SEQUENCE IF EXISTS hcvvet_data_version",
    "DROP VIEW IF EXISTS reports_madfineedge",
    "DROP TABLE IF EXISTS reports_madcell",
]
SQLITE = [
    *(
        f"DROP TRIGGER IF EXISTS hcvvet_data_{event}_{table}"
        for table in DATA_VERSION_TABLES
        for event in EVENTS
    ),
    *(
        f"DROP TRIGGER IF EXISTS madcell_{kind}_{event}"
        for kind in ("filterstat", "candidate")
        for event in EVENTS
    ),
    "DROP TABLE IF EXISTS hcvvet_data_version",
    "DROP VIEW IF EXISTS reports_madfineedge",
    "DROP TABLE IF EXISTS reports_madcell",
]


def drop(apps, schema_editor) -> None:
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_mad_cells"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, migrations.RunPython.noop)],
            state_operations=[
                migrations.DeleteModel(name="MadCell"),
                migrations.DeleteModel(name="MadFineEdge"),
            ],
        ),
    ]

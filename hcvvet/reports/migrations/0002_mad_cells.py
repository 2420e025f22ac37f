from django.db import migrations, models

from hcvvet.reports import madcells

# The fine MAD edges [mag], frozen: the union of the notebook's 29 and 49 log-spaced bins from 0.007 to 2 mag
# (hcvvet.reports.statistics.log_bins). Readers take them from the view reports_madfineedge, never from code.
FINE_EDGES = [
    0.007,
    0.007856318837041854,
    0.008507174649702574,
    0.008817392238465522,
    0.009896034962377617,
    0.01033886007436316,
    0.011106629412421718,
    0.012465317409835976,
    0.012564926904492048,
    0.013990215425228592,
    0.015270289662465799,
    0.015701656139928126,
    0.017622459557838744,
    0.018558145872877758,
    0.019778237282750966,
    0.022197734018279982,
    0.022553912587889732,
    0.024913210843922538,
    0.0274100104884719,
    0.027960875377757717,
    0.03138136456149395,
    0.03331167805365855,
    0.03522028650522037,
    0.03952882861671053,
    0.04048403758244823,
    0.04436444012395172,
    0.04920068260557284,
    0.04979159809151677,
    0.05588266714468575,
    0.05979411425859879,
    0.06271886436470495,
    0.07039134222090063,
    0.07266842471745298,
    0.07900240397924588,
    0.08831471151287656,
    0.08866686779339136,
    0.09951359766667432,
    0.10732981071116278,
    0.11168722169864255,
    0.12535006052684503,
    0.1304390635484829,
    0.1406842916773412,
    0.1578943786829409,
    0.15852398496437092,
    0.17720979735854403,
    0.19265588946553255,
    0.19888809558518564,
    0.2232183274013248,
    0.23413675699672576,
    0.25052490719085774,
    0.2811719353588139,
    0.28454889766944524,
    0.3155680531724235,
    0.3458153098363311,
    0.35417189150101946,
    0.3974981861071716,
    0.420273033902668,
    0.4461246410291058,
    0.500699631569357,
    0.5107622999957667,
    0.5619508495997508,
    0.6207348700782528,
    0.6306950064574562,
    0.7078487228085639,
    0.7543857072737331,
    0.7944407506824198,
    0.8916256906428521,
    0.9168129950024354,
    1.0006993869982703,
    1.1142126099432306,
    1.123116206327249,
    1.2605084297079645,
    1.3541144670982843,
    1.4147080172235327,
    1.5877710349467675,
    1.6456697524705761,
    1.7820050701088186,
    2.0,
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    schema_editor.execute(madcells.fine_edges_view_sql(FINE_EDGES, vendor))
    schema_editor.execute(madcells.backfill_sql(FINE_EDGES, vendor))
    forward, _ = (madcells.postgresql_sql if vendor == "postgresql" else madcells.sqlite_sql)(FINE_EDGES)
    for statement in forward:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    _, reverse = (madcells.postgresql_sql if vendor == "postgresql" else madcells.sqlite_sql)(FINE_EDGES)
    for statement in [*reverse, "DROP VIEW IF EXISTS reports_madfineedge"]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_data_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="MadFineEdge",
            fields=[
                ("position", models.SmallIntegerField(primary_key=True, serialize=False)),
                ("edge", models.FloatField()),
            ],
            options={"db_table": "reports_madfineedge", "managed": False},
        ),
        migrations.CreateModel(
            name="MadCell",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("auto_class", models.SmallIntegerField()),
                ("hcv_expert_class", models.SmallIntegerField()),
                ("expert_class", models.SmallIntegerField(help_text="hcvvet consensus, 0 while undecided")),
                ("fine_bin", models.SmallIntegerField()),
                ("n", models.BigIntegerField()),
            ],
            options={
                "indexes": [models.Index(fields=["auto_class"], name="madcell_auto_class")],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]

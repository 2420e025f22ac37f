from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("name", models.CharField(max_length=16, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField()),
            ],
        ),
    ]

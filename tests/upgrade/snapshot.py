"""Write every row of the named models, as the code on PYTHONPATH reads them, to a JSON file.

Run by path (`python tests/upgrade/snapshot.py OUT.json app.Model ...`) with DJANGO_SETTINGS_MODULE and
DATABASE_URL set. It imports nothing of the tree it sits in but Django and the models, so the same file reads
a database through today's main (when the fixture is built) and through the current code (in the upgrade
test). Rows are keyed by primary key; datetimes keep their microseconds; many-to-many fields are sorted lists
of keys."""

import datetime
import json
import sys
from pathlib import Path
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(labels: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    from django.apps import apps
    from django.core import serializers

    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for label in labels:
        model = apps.get_model(label)
        queryset = model._default_manager.order_by("pk")
        rows[label.lower()] = {}
        for row in serializers.serialize("python", queryset):
            fields = {
                name: sorted(value) if isinstance(value, list) and name in _m2m(model) else value
                for name, value in row["fields"].items()
            }
            rows[label.lower()][str(row["pk"])] = _plain(fields)
    return rows


def _m2m(model) -> set[str]:
    return {field.name for field in model._meta.many_to_many}


def main(argv: list[str]) -> None:
    import django

    django.setup()
    out, *labels = argv
    Path(out).write_text(json.dumps(snapshot(labels), indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])

"""`manage.py restore_vetting INPUT.json [--replace]`: restore a backup made by `backup_vetting`."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hcvvet.vetting.backup import vetting_import
from hcvvet.vetting.errors import VettingError


class Command(BaseCommand):
    help = (
        "Restore vetting data from a backup_vetting JSON file. Refuses a database that already holds vetting "
        "data unless --replace is given; the candidates and images it names must be ingested first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("input", help="the JSON file to read, or - for standard input")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete every campaign, label, event, adjudication and flag of this database first",
        )

    def handle(self, *args, input: str, replace: bool, **options) -> None:
        try:
            text = sys.stdin.read() if input == "-" else Path(input).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot read {input}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{input} is not UTF-8 text: {error.reason}") from error
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"{input} is not JSON: {error}") from error
        try:
            summary = vetting_import(document, replace=replace)
        except VettingError as error:
            raise CommandError(error.message) from error
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in summary.counts.items())
        self.stderr.write(f"restored {counts}")
        if summary.users_created:
            self.stderr.write(
                f"created {len(summary.users_created)} inactive users without a password: "
                f"{', '.join(summary.users_created)} (activate them and set passwords in the admin)"
            )

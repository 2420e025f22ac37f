"""`manage.py backup_vetting OUTPUT.json`: write every campaign, label, event, adjudication, image flag and
epoch rejection to a versioned JSON document (format in hcvvet/vetting/backup/ and the README)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hcvvet.vetting.backup import vetting_export


class Command(BaseCommand):
    help = "Back up the vetting data (campaigns, labels, events, adjudications, image flags) to a JSON file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", help="the JSON file to write, or - for standard output")
        parser.add_argument("--force", action="store_true", help="overwrite OUTPUT if it exists")

    def handle(self, *args, output: str, force: bool, **options) -> None:
        path = None if output == "-" else Path(output)
        if path is not None and path.exists() and not force:
            raise CommandError(f"{path} exists; pass --force to overwrite it")
        with transaction.atomic():  # one consistent snapshot of every table
            document = vetting_export()
        text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        if path is None:
            sys.stdout.write(text)
            return
        try:
            partial = path.with_name(path.name + ".partial")
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from error
        self.stderr.write(
            f"backed up {len(document['campaigns'])} campaigns, {len(document['labels'])} labels, "
            f"{len(document['events'])} events, {len(document['adjudications'])} adjudications and "
            f"{len(document['image_flags'])} image flags to {path}"
        )

"""`manage.py report NAME`: a report on stdout or in a file, for scripts and cron."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hcvvet.reports import services
from hcvvet.reports.forms import ReportFilterForm
from hcvvet.reports.labelled_anonymous import anonymised_report

BINARY_FORMATS = ("fits", "png", "pdf")


class Command(BaseCommand):
    help = "Compute a validation report from the database and print or save it (JSON, tables or figures)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=services.REPORTS)
        parser.add_argument("--source", choices=["hcv", "labels"], default="hcv", help="label source")
        parser.add_argument("--campaign", default="", help="campaign name (its candidates and consensus)")
        parser.add_argument("--format", choices=services.FORMATS, default="json", dest="fmt")
        parser.add_argument("--out", type=Path, help="file to write; default: standard output")
        parser.add_argument("--group", help="GroupID")
        parser.add_argument("--filter", default="", help="INSTRUMENT_FILTER, e.g. ACS_F814W")
        parser.add_argument("--auto-class", action="append", default=[], help="AutoClass (repeatable)")
        parser.add_argument("--labelled-from", default="", help="YYYY-MM-DD")
        parser.add_argument("--labelled-to", default="", help="YYYY-MM-DD")
        parser.add_argument(
            "--anonymous",
            action="store_true",
            help="name experts by stable anonymous ids (expert-...), not by username (the agreement report)",
        )

    def handle(self, *args, name: str, fmt: str, out: Path | None, **options) -> None:
        form = ReportFilterForm(
            {
                "source": options["source"],
                "campaign": options["campaign"],
                "group": options["group"] or "",
                "filter": options["filter"],
                "auto_class": options["auto_class"],
                "labelled_from": options["labelled_from"],
                "labelled_to": options["labelled_to"],
                "anonymous": "1" if options["anonymous"] else "",
            }
        )
        if not form.is_valid():
            problems = "; ".join(f"--{f.replace('_', '-')}: {' '.join(e)}" for f, e in form.errors.items())
            raise CommandError(f"invalid report options: {problems}")
        try:
            result = services.report_build(name, form.filters(name))
            if form.cleaned_data["anonymous"]:
                result = anonymised_report(result)
            body, _, _ = services.report_render(result, fmt)
        except services.ReportError as error:
            raise CommandError(str(error)) from None
        if out is None:
            if fmt in BINARY_FORMATS:
                raise CommandError(f"{fmt} output is binary: give --out PATH")
            self.stdout.write(body.decode(), ending="\n" if fmt == "json" else "")
            return
        try:
            out.write_bytes(body)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from None
        self.stderr.write(f"wrote {len(body):,} bytes to {out}")

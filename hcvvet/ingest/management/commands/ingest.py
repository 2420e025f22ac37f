"""`manage.py ingest`: queue an ingest job; with --wait, follow it with a progress bar."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from hcvvet.ingest.models import IngestJob, JobState, Source
from hcvvet.ingest.services.lifecycle import IngestSpecError, job_create
from hcvvet.ingest.services.state import job_status

COUNT_NAMES = ("groups", "candidates", "filter_rows", "measurements", "images", "cutouts")


def _int_list(text: str) -> list[int]:
    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise CommandError(f"expected comma-separated integers, got {text!r}") from None


class Command(BaseCommand):
    help = "Queue an ingest of HCV candidates, light curves and cutouts from MAST."

    def add_arguments(self, parser):
        parser.add_argument("--target", default="", help='Object name resolved by MAST, e.g. "IC 1613".')
        parser.add_argument(
            "--ra", type=float, help="Cone centre RA in degrees (with --dec), instead of --target."
        )
        parser.add_argument("--dec", type=float, help="Cone centre Dec in degrees (with --ra).")
        parser.add_argument("--radius-arcsec", type=float, help="Cone radius, at most 1800 (default 1800).")
        parser.add_argument("--filters", default="", help="Comma-separated, e.g. ACS_F475W,ACS_F814W.")
        parser.add_argument("--autoclass-min", type=int, default=0, choices=(0, 1, 2))
        parser.add_argument(
            "--expert-validated",
            action="store_true",
            help="Only catalogue ExpertClass > 0; alone, every expert-validated object of the HCV.",
        )
        parser.add_argument("--groups", default="", help="Comma-separated GroupIDs.")
        parser.add_argument("--matchids", default="", help="Comma-separated MatchIDs.")
        parser.add_argument("--source", choices=Source.values, default=Source.CASJOBS)
        parser.add_argument("--no-cutouts", action="store_true")
        parser.add_argument("--wait", action="store_true", help="Follow the job until it ends.")

    def handle(self, *args, **options):
        try:
            job = job_create(
                target_name=options["target"],
                ra_deg=options["ra"],
                dec_deg=options["dec"],
                radius_arcsec=options["radius_arcsec"],
                filters=[f for f in options["filters"].split(",") if f.strip()],
                autoclass_min=options["autoclass_min"],
                expert_validated=options["expert_validated"],
                group_ids=_int_list(options["groups"]),
                match_ids=_int_list(options["matchids"]),
                source=options["source"],
                fetch_cutouts=not options["no_cutouts"],
            )
        except IngestSpecError as e:
            raise CommandError(f"{e.field}: {e.message}") from None
        self.stdout.write(f"Queued ingest job {job.pk}.")
        if not options["wait"]:
            return
        job = self._follow(job)
        if job.state != JobState.SUCCEEDED:
            raise CommandError(f"Ingest job {job.pk} {job.state}: {job.error}")
        counts = ", ".join(f"{name.replace('_', ' ')} {job.counts.get(name, 0)}" for name in COUNT_NAMES)
        self.stdout.write(self.style.SUCCESS(f"Ingest job {job.pk} succeeded: {counts}."))
        for warning in job.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))

    def _follow(self, job: IngestJob) -> IngestJob:
        tty = sys.stdout.isatty()
        last = None
        while True:
            job.refresh_from_db()
            status = job_status(job)
            line = self._bar(status)
            if line != last:
                self.stdout.write(("\r" if tty else "") + line, ending="" if tty else "\n")
                self.stdout.flush()
                last = line
            if status["finished"]:
                if tty:
                    self.stdout.write("")
                return job
            time.sleep(0.5)

    @staticmethod
    def _bar(status: dict, width: int = 30) -> str:
        filled = int(width * status["percent"] / 100)
        stage = status["stage"] or status["state"]
        retry = status["progress"].get("retry")
        note = f" (retrying: {retry['reason']})" if retry and not status["finished"] else ""
        return f"[{'#' * filled}{'.' * (width - filled)}] {status['percent']:3d}% {stage}{note}"

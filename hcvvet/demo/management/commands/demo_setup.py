"""Creates the demo accounts and, on an empty catalogue, queues the ingest of the sandbox's demo groups."""

from django.core.management.base import BaseCommand

from hcvvet.accounts.services import user_create
from hcvvet.catalog.models import Candidate
from hcvvet.demo.accounts import DEMO_USERS
from hcvvet.demo.ingest import ingest_demo_groups


class Command(BaseCommand):
    help = "Create the demo accounts and queue the demo ingest (used by `make demo`)."

    def handle(self, *args, **options):
        for username, password, roles in DEMO_USERS:
            user_create(username=username, password=password, roles=roles)
        if Candidate.objects.exists():
            self.stdout.write("Catalogue already holds data; no demo ingest queued.")
            return
        jobs = ingest_demo_groups()
        self.stdout.write(f"Queued {len(jobs)} demo ingest jobs.")

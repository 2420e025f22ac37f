"""Triage fixtures: the sandbox's tiny universe ingested through the real pipeline (eager tasks)."""

import pytest

from hcvvet.catalog.models import Candidate
from hcvvet.ingest.models import JobState
from hcvvet.ingest.services.lifecycle import job_create
from tests.ingest.conftest import via_broker  # noqa: F401 (the ingest tests' fixture: tasks go to Redis)

# Small trees and three folds: the tiny universe holds only a few dozen classified candidates.
SMALL = {"rounds": 40, "num_leaves": 4, "min_data_in_leaf": 3, "folds": 3, "seed": 0}


@pytest.fixture
def tiny_catalogue(mast):
    """Every object of the tiny universe with a catalogue ExpertClass or AutoClass, light curves included."""
    job = job_create(whole_catalogue=True, fetch_cutouts=False)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert Candidate.objects.filter(has_light_curve=True, hcv_expert_class=4).count() >= 3
    return job

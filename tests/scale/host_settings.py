"""Settings of the processes of one "host" in tests/scale: those of a test worker, with the host's own media
folder (the bucket named by HCVVET_S3_BUCKET holds the files) and the API rate the throttle test counts."""

import os
from pathlib import Path

from hcvvet.settings.worker_test import *  # noqa: F403 (extends the worker-test settings with all of them)
from hcvvet.settings.worker_test import REST_FRAMEWORK

MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "user": os.environ.get("HCVVET_API_RATE", "1000000/hour"),
    },
}

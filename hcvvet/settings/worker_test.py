"""Settings of a real worker process started by integration tests: tasks go through the broker."""

from .test import *  # noqa: F403 (extends the test settings with all of them)

CELERY_TASK_ALWAYS_EAGER = False

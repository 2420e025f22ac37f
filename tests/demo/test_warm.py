"""The demo's web application is warm before it answers anyone (issue 18, cold speed): loading it, as
gunicorn does once before forking its workers (`--preload`), imports every view, builds the candidate page's
figures and leaves no database connection for the workers to share."""

import subprocess
import sys
from pathlib import Path

from hcvvet.demo.processes import web_args

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
import hcvvet.demo.wsgi
VIEWS = ("hcvvet.review.views", "hcvvet.reports.views", "astropy.timeseries")
from django.db import connections
from hcvvet.review.plots import review_figures
print(
    review_figures.cache_info().currsize,
    all(name in sys.modules for name in VIEWS),
    any(connection.connection is not None for connection in connections.all()),
)
"""


def test_loading_the_demo_application_warms_what_a_first_request_would():
    process = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert process.returncode == 0, process.stderr[-3000:]
    figures_built, views_imported, connection_open = process.stdout.split()
    assert (figures_built, views_imported, connection_open) == ("1", "True", "False")


def test_gunicorn_loads_the_warmed_application_once_before_forking_its_workers():
    args = web_args(8000)
    assert args[args.index("gunicorn") + 1 :][:2] == ["hcvvet.demo.wsgi:application", "--preload"]

"""The demo's WSGI application: hcvvet's own, warmed once before gunicorn forks its workers (`--preload`, see
`processes.web_args`), so that no user's first request pays for what every process does once: importing
every view through the URLconf, building the candidate page's Bokeh figures, astropy's coordinate machinery
and periodogram (together seconds on a busy machine), and compiling the templates of the pages a new user
opens first. The launcher prints the URL only once this has run (it waits for /healthz). Warming reads no
database and leaves no connection open, so the forked workers share nothing but memory pages."""

import numpy as np
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver

from hcvvet.wsgi import application

# The pages a new user meets first: signing in, the queues, a candidate (with the parts they include).
FIRST_TEMPLATES = (
    "registration/login.html",
    "base.html",
    "includes/topbar.html",
    "review/home.html",
    "review/candidate.html",
    "review/_candidate_facts.html",
    "review/_class_colours.html",
    "review/_filter_table.html",
    "review/_keymap_dialog.html",
    "review/_strip_and_plots.html",
)


def warm_web_process() -> None:
    """Do once, in this process, what the first sign-in, queue and candidate requests would do first."""
    from hcvvet.catalog.stats import periodogram
    from hcvvet.review.page import sexagesimal
    from hcvvet.review.plots import review_figures

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and with it every view module)
    for name in FIRST_TEMPLATES:
        get_template(name)
    review_figures()  # built once per process, the first time in about a second
    sexagesimal(187.7, 12.39)
    mjd = np.linspace(53000.0, 53010.0, 12)
    periodogram(mjd, np.sin(mjd), np.full(mjd.size, 0.01), min_period_days=0.1, max_period_days=5.0)
    connections.close_all()


warm_web_process()

__all__ = ["application"]

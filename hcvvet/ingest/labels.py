"""Words for an ingest job on its pages and in the admin: what it selects, its stages and its counts, so no
page shows a raw key such as `light_curves_missing`."""

from __future__ import annotations

from .models import IngestJob

STAGE_LABELS = {
    "": "Waiting for a worker",
    "resolve": "Resolving the target",
    "summary": "Summary rows",
    "light_curves": "Light curves",
    "cutouts": "Cutouts",
    "done": "Done",
}
COUNT_LABELS = {
    "groups": "Groups",
    "candidates": "Objects",
    "variable_candidates": "Variable candidates (AutoClass > 0)",
    "filter_rows": "Per-filter summary rows",
    "measurements": "Light-curve points",
    "images": "HLA images",
    "cutouts": "Cutouts",
    "cutouts_missing": "Cutouts MAST could not make",
    "stats_mismatches": "Objects whose catalogue MAD differs from their light curve",
    "light_curves_missing": "Objects without a light curve in MAST",
}
SHOWN_IDS = 3


def readable(key: str, labels: dict[str, str]) -> str:
    """`key` in words: its label, else the key with spaces and a capital."""
    return labels.get(key) or key.replace("_", " ").capitalize()


def _ids(kind: str, ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:SHOWN_IDS])
    more = f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
    return f"{kind}{'s' if len(ids) > 1 else ''} {shown}{more}"


def job_selection(job: IngestJob) -> str:
    """What the job fetches, in words: a target, a cone, GroupIDs or MatchIDs, and its filters."""
    if job.target_name:
        what = job.target_name
    elif job.ra_deg is not None:
        what = f"cone RA {job.ra_deg:.5f} Dec {job.dec_deg:+.5f}, radius {job.radius_arcsec:g}″"
    elif job.group_ids:
        what = _ids("GroupID", job.group_ids)
    elif job.match_ids:
        what = _ids("MatchID", job.match_ids)
    else:
        what = "every object"
    if job.filters:
        what += f" in {', '.join(job.filters)}"
    return what


def _stage_done(status: dict) -> str:
    """The running stage's counter in words ("30 of 60"); "" when it has none."""
    counter = status["progress"].get(status["stage"], {})
    if not isinstance(counter, dict) or "done" not in counter:
        return ""
    total = counter.get("total")
    return f"{counter['done']} of {total}" if total is not None else str(counter["done"])


def labelled_status(status: dict) -> dict:
    """A `job_status` answer with the words a page shows: the stage's label and counter, and the counts and
    the time per stage as rows of label and value."""
    return {
        **status,
        "stage_label": readable(status["stage"], STAGE_LABELS),
        "stage_done": "" if status["finished"] else _stage_done(status),
        "count_rows": [
            {"label": readable(key, COUNT_LABELS), "value": value} for key, value in status["counts"].items()
        ],
        "timing_rows": [
            {"label": readable(stage, STAGE_LABELS), "value": f"{seconds:.1f} s"}
            for stage, seconds in status["timings"].items()
        ],
    }

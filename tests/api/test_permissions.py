"""The permission matrix: every endpoint x (anonymous, viewer, expert, another expert, curator).

Each request runs on the same fresh world (tests/api/scenario.py), rolled back after every role, so the
codes below are what each role gets from the same starting state. ada (expert) and bob (other expert) are the
experts of the blind campaign; cora (curator) is not in it; vic is a viewer.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction

ROLES = ("anonymous", "viewer", "expert", "other_expert", "curator")


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    expected: tuple[int, int, int, int, int]  # in ROLES order
    body: dict = field(default_factory=dict)


def readers(code: int = 200) -> tuple[int, ...]:
    return (401, code, code, code, code)


def curators_only(code: int) -> tuple[int, ...]:
    return (401, 403, 403, 403, code)


def cases(w) -> list[Case]:
    first, _second, third = (c.match_id for c in w.candidates)
    label, blind, draft, image, job = w.ada_label.pk, w.blind.pk, w.draft.pk, w.image.name, w.job.pk
    vote = {"campaign": blind, "candidate": third, "expert_class": 2}
    return [
        Case("get", "/api/schema/", readers()),
        Case("get", "/api/docs/", readers()),
        Case("post", "/api/auth/token/", (200,) * 5, {"username": "vic", "password": "pw-for-tests-1"}),
        Case("get", "/api/me/", readers()),
        Case("get", "/api/candidates/", readers()),
        Case("get", "/api/candidates/?ra=187.7059&dec=12.3911&radius_arcsec=30", readers()),
        Case("get", f"/api/candidates/{first}/", readers()),
        Case("get", f"/api/candidates/{first}/light-curve/", readers()),
        Case("get", f"/api/candidates/{first}/labels/?campaign={blind}", readers()),
        Case("get", f"/api/candidates/{first}/history/", readers()),
        Case("get", "/api/labels/", readers()),
        Case("get", f"/api/labels/{label}/", (401, 404, 200, 404, 404)),
        Case("post", "/api/labels/", (401, 403, 201, 201, 403), vote),
        Case("patch", f"/api/labels/{label}/", (401, 403, 200, 404, 404), {"expert_class": 4}),
        Case("put", f"/api/labels/{label}/", (401, 403, 405, 405, 405), {"expert_class": 4}),
        Case("delete", f"/api/labels/{label}/", (401, 403, 405, 405, 405)),
        Case("post", "/api/labels/undo/", (401, 403, 200, 200, 409), {"campaign": blind}),
        Case("post", "/api/labels/skip/", (401, 403, 200, 200, 403), {"campaign": blind, "candidate": third}),
        Case("get", "/api/queues/", readers()),
        Case("post", "/api/queues/next/", (401, 403, 200, 200, 403), {"campaign": blind}),
        Case("post", "/api/queues/next/", (401, 403, 200, 200, 200), {}),
        Case("get", "/api/campaigns/", readers()),
        Case("get", f"/api/campaigns/{blind}/", readers()),
        Case(
            "post", "/api/campaigns/", curators_only(201), {"name": "New", "selection": {"auto_class": [2]}}
        ),
        Case("patch", f"/api/campaigns/{draft}/", curators_only(200), {"description": "M87 only"}),
        Case("post", f"/api/campaigns/{draft}/start/", curators_only(200)),
        Case("post", f"/api/campaigns/{draft}/match-ids/", curators_only(400)),
        Case("post", f"/api/campaigns/{blind}/close/", curators_only(200)),
        Case("get", "/api/adjudication/", curators_only(200)),
        Case("post", f"/api/adjudication/{w.disputed.pk}/", curators_only(201), {"decided_class": 4}),
        Case("get", "/api/images/", readers()),
        Case("get", f"/api/images/{image}/", readers()),
        Case("post", f"/api/images/{image}/flag/", curators_only(201), {"reason": "satellite trail"}),
        Case("post", f"/api/images/{image}/unflag/", curators_only(409)),
        Case("get", "/api/image-flags/", readers()),
        Case("get", f"/api/image-flags/{w.flag.pk}/", readers()),
        Case("get", "/api/ingest-jobs/", readers()),
        Case("get", f"/api/ingest-jobs/{job}/", readers()),
        Case(
            "post", "/api/ingest-jobs/", curators_only(201), {"target_name": "IC 1613", "radius_arcsec": 60}
        ),
        Case("post", f"/api/ingest-jobs/{job}/rerun/", curators_only(201)),
        Case("post", f"/api/ingest-jobs/{job}/cancel/", curators_only(200)),
        Case("get", "/api/reports/", readers()),
        Case("get", "/api/reports/autoclass-vs-expert/", readers()),
        Case("get", "/api/reports/artifact-fraction/?fmt=votable", readers()),
        Case("get", "/api/reports/labelled-candidates/?fmt=csv", curators_only(200)),
        Case("get", "/api/reports/agreement/?campaign=Blind+pilot", curators_only(200)),
        Case("get", "/api/reports/artifact-fraction/?source=labels", curators_only(200)),
        Case("get", "/api/reports/mad-vs-magnitude/", (401, 200, 403, 403, 200)),
        Case("post", "/api/reports/labelled-candidates/import/", curators_only(400)),
        Case("get", "/api/triage/models/", readers()),
        Case("get", "/api/triage/models/1/", (401, 404, 404, 404, 404)),  # no model trained in this world
        Case("post", "/api/triage/models/1/activate/", curators_only(404)),
        Case("post", "/api/triage/models/rollback/", curators_only(409)),
        Case("get", f"/api/triage/predictions/{first}/", readers()),
        Case("get", "/api/triage/predictions/", readers()),
        Case("get", "/api/triage/shown/", readers()),  # one's own records; a curator's, everyone's
        Case("get", "/api/triage/anchoring/", curators_only(200)),  # label data, as the label reports
        # label data of a blind campaign under way, as the label reports; its MAD order has no estimate
        Case("get", "/api/triage/estimates/?campaign=Blind+pilot", curators_only(400)),
    ]


def test_permission_matrix(clients, world):
    mismatches = []
    for case in cases(world):
        got = []
        for role in ROLES:
            sid = transaction.savepoint()
            fmt = "multipart" if case.path.endswith("/import/") else "json"
            response = getattr(clients[role], case.method)(case.path, case.body or None, format=fmt)
            transaction.savepoint_rollback(sid)
            got.append(response.status_code)
        if tuple(got) != case.expected:
            mismatches.append(
                f"{case.method.upper()} {case.path}: expected {case.expected}, got {tuple(got)}"
            )
    assert not mismatches, "\n".join(mismatches)


def test_the_matrix_covers_every_operation_of_the_schema(clients, world):
    """A new endpoint without a row in the matrix fails here."""
    schema = clients["viewer"].get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    documented = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "patch"}
    }
    covered = set()
    for case in cases(world):
        template = _template_of(case.path.split("?")[0], schema["paths"])
        covered.add((case.method, template))
    assert documented - covered == set()


def _template_of(path: str, templates) -> str:
    """The schema path template a concrete path belongs to: exact if one is, else matching fixed segments."""
    if path in templates:
        return path
    parts = path.strip("/").split("/")
    for template in templates:
        pieces = template.strip("/").split("/")
        if len(pieces) == len(parts) and all(
            piece.startswith("{") or piece == part for part, piece in zip(parts, pieces, strict=True)
        ):
            return template
    return path


pytestmark = pytest.mark.django_db

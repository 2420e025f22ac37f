"""Locust users for `benchmarks.bench_load`: experts labelling through the API, as a person at a keyboard.

Each simulated expert signs in with an API token (read from the file named by HCVVET_LOAD_TOKENS, one
`username token` per line, taken in turn), then loops: POST /api/queues/next/ (a lease on the next candidate
of the campaign), a few seconds of looking, POST /api/labels/ with a class. Every label answer is written to
HCVVET_LOAD_LOG (JSON lines: kind, user, candidate, status) so the benchmark can check that nothing was lost
or duplicated.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, events, task

_TOKENS = [line.split() for line in Path(os.environ["HCVVET_LOAD_TOKENS"]).read_text().splitlines() if line]
_NEXT_TOKEN = itertools.count()
_CAMPAIGN = int(os.environ["HCVVET_LOAD_CAMPAIGN"])
_ANSWERS: list[dict] = []


@events.quitting.add_listener
def _write_log(environment, **_kwargs) -> None:
    Path(os.environ["HCVVET_LOAD_LOG"]).write_text("".join(json.dumps(answer) + "\n" for answer in _ANSWERS))


class Expert(HttpUser):
    wait_time = between(1.0, 3.0)  # reading the page before the next key press

    def on_start(self) -> None:
        self.username, token = _TOKENS[next(_NEXT_TOKEN) % len(_TOKENS)]
        self.client.headers["Authorization"] = f"Token {token}"
        self.rng = random.Random(self.username)  # noqa: S311 (a simulated expert, not a secret)

    @task
    def label_next(self) -> None:
        with self.client.post(
            "/api/queues/next/", json={"campaign": _CAMPAIGN}, name="next-candidate", catch_response=True
        ) as answer:
            _ANSWERS.append({"kind": "next", "user": self.username, "status": answer.status_code})
            if answer.status_code != 200:
                answer.failure(f"next-candidate {answer.status_code}")
                return
            candidate = answer.json()["candidate"]
        if candidate is None:  # this expert's queue is empty
            return
        match_id = candidate["match_id"]
        body = {"campaign": _CAMPAIGN, "candidate": match_id, "expert_class": self.rng.choice((1, 2, 4))}
        with self.client.post("/api/labels/", json=body, name="label", catch_response=True) as answer:
            _ANSWERS.append(
                {"kind": "label", "user": self.username, "candidate": match_id, "status": answer.status_code}
            )
            if answer.status_code not in (200, 201):
                answer.failure(f"label {answer.status_code}: {answer.text[:200]}")

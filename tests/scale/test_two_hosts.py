"""Two hosts, each with a gunicorn web process and a Celery worker and folders of its own, sharing nothing but
PostgreSQL, Redis and an S3-compatible bucket (moto's server on loopback): what one host does, the other
serves."""

import json
import re
from contextlib import ExitStack

import pytest
import requests
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate, Cutout, CutoutStatus
from hcvvet.ingest.models import IngestJob, JobState
from hcvvet.reports import services as report_services
from hcvvet.reports.selectors import ReportFilters
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from tests.conftest import require_env
from tests.ingest.conftest import finished, sandbox_env
from tests.scale.hosts import host_env, local_jpegs, log_folder, object_store, web_processes
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.services, pytest.mark.django_db(transaction=True)]

M31 = 1045904
# API requests per hour and user on both hosts together.
API_RATE = 6
PAGE_DATA = re.compile(r'<script id="page-data" type="application/json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def two_hosts(django_db_setup, sandbox_server, tmp_path_factory):
    """Hosts `a` and `b`: a web process and a worker each, for the module. Worker A takes the ingest and
    cutout queues (so an ingest and its cutouts run there), worker B the others."""
    redis_url = require_env("REDIS_URL")
    require_env("DATABASE_URL")  # the database the hosts share: PostgreSQL in CI
    logs, roots = log_folder(), {name: tmp_path_factory.mktemp(f"host-{name}") for name in ("a", "b")}
    with ExitStack() as stack:
        store = stack.enter_context(object_store(logs))
        mast = {**sandbox_env(sandbox_server), "HCVVET_INGEST_PREFETCH_CANDIDATES": "2"}
        envs = {
            name: host_env(root, store, redis_url, HCVVET_API_RATE=f"{API_RATE}/hour", **mast)
            for name, root in roots.items()
        }
        stack.enter_context(
            celery_worker(env=envs["a"], concurrency=2, queues=("celery", "ingest", "cutouts"))
        )
        stack.enter_context(
            celery_worker(env=envs["b"], concurrency=1, queues=("reports", "triage"), flush_broker=False)
        )
        webs = stack.enter_context(web_processes(envs, logs))
        yield {"store": store, "web": webs, "roots": roots}


def api(user) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    return session


def signed_in(user) -> requests.Session:
    """A browser session of `user` (its session lives in the shared database, so any host accepts it)."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session


def ingest_through(web: str, user) -> IngestJob:
    response = api(user).post(f"{web}/api/ingest-jobs/", json={"group_ids": [M31]}, timeout=30)
    assert response.status_code == 201, response.text
    job = IngestJob.objects.get(pk=response.json()["id"])
    job = wait_for(lambda: finished(job), timeout=120)
    assert job.state == JobState.SUCCEEDED, job.error
    return job


def test_an_ingest_on_host_a_is_reviewed_with_every_cutout_on_host_b(two_hosts, sandbox, curator):
    store, web = two_hosts["store"], two_hosts["web"]
    job = ingest_through(web["a"], curator)
    fetched = Cutout.objects.filter(candidate__group_id=M31, status=CutoutStatus.OK)
    assert job.counts["cutouts"] == fetched.count() > 0
    assert job.counts["cutouts_missing"] == 0
    # The JPEGs are in the bucket, on neither host's disk.
    assert {c.file.name for c in fetched} <= store.keys()
    assert [local_jpegs(root) for root in two_hosts["roots"].values()] == [[], []]

    match_ids = sorted(set(fetched.values_list("candidate_id", flat=True)))
    campaign = campaign_create(
        user=curator, name="two hosts", selection={"match_ids": match_ids}, experts=(curator,)
    )
    campaign_start(campaign=campaign, user=curator)
    browser = signed_in(curator)
    for match_id in match_ids:
        page = browser.get(f"{web['b']}/review/{campaign.pk}/{match_id}/", timeout=30)
        assert page.status_code == 200, page.text[:500]
        epochs = json.loads(PAGE_DATA.search(page.text).group(1))["epochs"]
        shown = {e[size] for e in epochs for size in ("inner", "outer") if e[size]}
        expected = {c.pk: c for c in fetched.filter(candidate_id=match_id)}
        assert shown == {reverse("review:cutout", kwargs={"cutout_id": pk}) for pk in expected}
        for pk, cutout in expected.items():
            image = browser.get(web["b"] + reverse("review:cutout", kwargs={"cutout_id": pk}), timeout=30)
            assert image.status_code == 200
            assert image.headers["Content-Type"] == "image/jpeg"
            assert image.content[:2] == b"\xff\xd8"
            assert image.content == store.read(cutout.file.name)


def _table(body: dict) -> dict:
    """A report's answer without the time it was served."""
    return {**body, "provenance": {k: v for k, v in body["provenance"].items() if k != "exported_at"}}


def test_a_report_computed_on_host_a_is_served_from_the_shared_cache_by_host_b(two_hosts, sandbox, curator):
    web = two_hosts["web"]
    ingest_through(web["a"], curator)
    name = "autoclass-vs-expert"
    first = api(curator).get(f"{web['a']}/api/reports/{name}/", timeout=30)
    assert first.status_code == 200, first.text
    # Change the data behind hcvvet's back (no service, so no data version moves): a host that computes the
    # report now gets another answer; one that reads the cache entry host A stored gets host A's.
    Candidate.objects.filter(group_id=M31).update(hcv_expert_class=1)
    fresh = report_services.report_compute(name, ReportFilters()).to_dict()
    assert len(fresh["rows"]) > len(first.json()["rows"])
    second = api(curator).get(f"{web['b']}/api/reports/{name}/", timeout=30)
    assert second.status_code == 200, second.text
    assert _table(second.json()) == _table(first.json())


def test_the_api_throttle_counts_requests_on_both_hosts_together(two_hosts, make_user):
    web = two_hosts["web"]
    session = api(make_user("tess", Role.VIEWER))
    answers = [session.get(f"{web['ab'[i % 2]]}/api/me/", timeout=30).status_code for i in range(API_RATE)]
    assert answers == [200] * API_RATE
    # Each host alone has seen only half the rate; together they have seen all of it.
    assert [session.get(f"{web[host]}/api/me/", timeout=30).status_code for host in "ab"] == [429, 429]

"""What the environment selects for a deployment over several hosts: the bucket, Redis for every cache, and a
queue per kind of work."""

import pytest

from hcvvet.celery import app
from hcvvet.settings.base import caches_for, default_storage_for


def test_without_a_bucket_files_stay_on_the_local_filesystem():
    assert default_storage_for("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_with_an_endpoint_is_private_path_style_and_hands_out_short_lived_urls(monkeypatch):
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://minio:9000")
    monkeypatch.setenv("HCVVET_S3_URL_SECONDS", "120")
    storage = default_storage_for("hcvvet")
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("hcvvet", "http://minio:9000")
    assert options["addressing_style"] == "path"
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert (options["querystring_auth"], options["querystring_expire"]) == (True, 120)


def test_with_redis_every_cache_is_shared_and_without_it_none_is_redis(tmp_path):
    shared = caches_for("redis://127.0.0.1:6379/3", shared_dir=tmp_path)
    assert {alias: c["BACKEND"] for alias, c in shared.items()} == dict.fromkeys(
        ("default", "reports", "throttle"), "django.core.cache.backends.redis.RedisCache"
    )
    assert len({c["KEY_PREFIX"] for c in shared.values()}) == 3  # no alias reads another's keys
    alone = caches_for("", shared_dir=tmp_path)
    assert not any("redis" in c["BACKEND"] for c in alone.values())


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("hcvvet.ingest.run", "ingest"),
        ("hcvvet.ingest.resume_stale", "ingest"),
        ("hcvvet.ingest.part", "ingest"),
        ("hcvvet.ingest.cutouts", "cutouts"),
        ("hcvvet.ingest.retry_missing_cutouts", "cutouts"),
        ("hcvvet.triage.tasks.retrain", "triage"),
        ("hcvvet.ping", "celery"),
    ],
)
def test_tasks_go_to_the_queue_of_their_kind_of_work(task, queue):
    route = app.amqp.router.route({}, task)
    assert route["queue"].name == queue
    assert route["queue"].routing_key == queue  # only that queue's workers get it


def test_a_worker_started_without_queues_takes_every_routed_queue():
    declared = set(app.amqp.queues)
    for task in ("hcvvet.ingest.run", "hcvvet.ingest.cutouts", "hcvvet.triage.tasks.retrain", "hcvvet.ping"):
        assert app.amqp.router.route({}, task)["queue"].name in declared
    assert {"ingest", "cutouts", "triage", "reports"} <= declared

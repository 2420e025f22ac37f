"""What operators watch: Prometheus metrics (web requests through django-prometheus, Celery tasks here), a
protected /metrics, and log records that carry the request id and the ingest job id (JSON lines on demand)."""

# hcvvet web and worker image (production: PostgreSQL, Redis, gunicorn, Celery worker and beat).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=hcvvet.settings.production \
    HCVVET_VAR_DIR=/var/lib/hcvvet

WORKDIR /app
# LightGBM (hcvvet.triage) needs the OpenMP runtime
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN useradd --system --home /app hcvvet \
    && mkdir -p /var/lib/hcvvet/media \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && chown -R hcvvet /var/lib/hcvvet
USER hcvvet
EXPOSE 8000
CMD ["gunicorn", "hcvvet.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]

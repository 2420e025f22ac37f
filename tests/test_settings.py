"""Run modes: every MAST URL from the environment, a sandbox base deriving all of them, a strict
production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HCVVET_", "DJANGO_")) and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRINT_URLS = (
    "from hcvvet.settings import base as s;"
    "print(s.HCVVET_CASJOBS_URL, s.HCVVET_CASJOBS_LOGIN_URL, s.HCVVET_CASJOBS_FAST_URL,"
    " s.HCVVET_MAST_INVOKE_URL, s.HCVVET_FITSCUT_URL, s.HCVVET_CATALOGS_URL, s.HCVVET_CASJOBS_CONTEXT)"
)


def test_real_mast_urls_are_the_defaults():
    out = run_python(PRINT_URLS).stdout.split()
    assert out == [
        "https://mastweb.stsci.edu/ps1casjobs/services/jobs.asmx",
        "https://mastweb.stsci.edu/ps1casjobs/casusers.asmx/GetWebServiceId",
        "https://ps1images.stsci.edu/cgi-bin/quick_casjobs.cgi",
        "https://mast.stsci.edu/api/v0/invoke",
        "https://hla.stsci.edu/cgi-bin/fitscut.cgi",
        "https://catalogs.mast.stsci.edu/api/v0.1/hsc",
        "HSCv3",
    ]


def test_one_sandbox_base_url_derives_every_mast_url_and_explicit_urls_win():
    out = run_python(
        PRINT_URLS,
        HCVVET_MAST_SANDBOX="http://127.0.0.1:9999/",
        HCVVET_FITSCUT_URL="http://elsewhere/fitscut",
    ).stdout.split()
    assert out[:4] == [
        "http://127.0.0.1:9999/casjobs/services/jobs.asmx",
        "http://127.0.0.1:9999/casjobs/casusers.asmx/GetWebServiceId",
        "http://127.0.0.1:9999/cgi-bin/quick_casjobs.cgi",
        "http://127.0.0.1:9999/api/v0/invoke",
    ]
    assert out[4] == "http://elsewhere/fitscut"
    assert out[5] == "http://127.0.0.1:9999/api/v0.1/hsc"


def test_database_url_selects_the_database():
    code = "from hcvvet.settings import base as s; d=s.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    assert run_python(code).stdout.split()[0] == "django.db.backends.sqlite3"
    out = run_python(code, DATABASE_URL="postgresql://u@db.example:5432/hcv").stdout.split()
    assert out == ["django.db.backends.postgresql", "hcv"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("import hcvvet.settings.production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings_and_a_real_secret():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--settings=hcvvet.settings.production"],
        cwd=ROOT,
        # pytest-django sets DJANGO_ALLOW_ASYNC_UNSAFE for its own process; a deployment never has it.
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "SECRET_KEY": secrets.token_urlsafe(64),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout

"""`make demo` (`python -m hcvvet.demo`): the whole app on one machine, with no outside service.

Builds the demo MAST sandbox universe once (cached under var/), serves it on loopback, migrates the embedded
SQLite database, creates the demo accounts, starts gunicorn and a real Celery worker on the serverless
filesystem broker (Redis when REDIS_URL is set), queues the ingest of the sandbox's demo groups through the
normal pipeline, prints the URL and logins, and stops everything cleanly on Ctrl-C.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .accounts import DEMO_USERS
from .processes import background_priority, free_port, stop_process_groups, wait_http, web_args, worker_args

ROOT = Path(__file__).resolve().parents[2]
VAR = Path(os.environ.get("HCVVET_VAR_DIR", ROOT / "var"))


def build_sandbox() -> Path:
    scale = os.environ.get("HCVVET_DEMO_SCALE", "demo")
    universe = VAR / "sandbox" / f"{scale}-seed1.sqlite"
    if not universe.exists():
        print(f"Building the {scale} MAST sandbox universe (once)...", flush=True)
        universe.parent.mkdir(parents=True, exist_ok=True)
        partial = universe.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hcvvet.sandbox",
                "build",
                "--scale",
                scale,
                "--seed",
                "1",
                "--out",
                str(partial),
            ],
            check=True,
        )
        partial.rename(universe)
    return universe


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The demo takes no options (its settings come from the environment); --help says so before anything
    starts."""
    parser = argparse.ArgumentParser(
        prog="python -m hcvvet.demo",
        description="Run the whole app on this machine, with no outside service (what `make demo` runs).",
        epilog=(
            "Environment: PORT (web port, default 8000), HCVVET_VAR_DIR (default var/), HCVVET_DEMO_SCALE "
            "(sandbox scale, default demo), REDIS_URL (broker and cache; a filesystem broker without it)."
        ),
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    parse_args(argv)
    (VAR / "staticfiles").mkdir(parents=True, exist_ok=True)
    universe = build_sandbox()
    sandbox_port = free_port(8765)
    web_port = free_port(int(os.environ.get("PORT", "8000")))
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hcvvet.settings.base",
        "HCVVET_MAST_SANDBOX": sandbox_url,
        "CASJOBS_USERID": os.environ.get("CASJOBS_USERID", "demo"),
        "CASJOBS_PW": os.environ.get("CASJOBS_PW", "demo"),
        "HCVVET_SERVE_MEDIA": "1",
        "HCVVET_STATIC_FINDERS": "1",
    }
    children: list[subprocess.Popen] = []

    def start(*cmd: str, background: bool = False) -> None:
        """Start a child process; a background one (the MAST sandbox) at a lower CPU priority."""
        children.append(
            subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=env,
                start_new_session=True,
                preexec_fn=background_priority if background else None,
            )
        )

    def interrupted(*_):
        """Ctrl-C or SIGTERM: leave whatever the launcher is doing for the `finally` below, which stops."""
        raise SystemExit(0)

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    try:
        start(
            sys.executable,
            "-m",
            "hcvvet.sandbox",
            "serve",
            "--db",
            str(universe),
            "--port",
            str(sandbox_port),
            background=True,
        )
        wait_http(f"{sandbox_url}/_sandbox/health")
        manage("migrate", "--noinput", "-v0", env=env)
        manage("demo_setup", env=env)
        start(sys.executable, *worker_args(beat_schedule=VAR / "celerybeat-schedule"))
        start(sys.executable, *web_args(web_port))
        wait_http(f"http://127.0.0.1:{web_port}/healthz")
        print(
            f"\n  hcvvet is running at http://127.0.0.1:{web_port}/\n"
            + "".join(
                f"  login: {user} / {password}  ({', '.join(roles)})\n"
                for user, password, roles in DEMO_USERS
            )
            + f"  MAST sandbox: {sandbox_url} (CasJobs user demo / demo)\n"
            "  The demo groups are being ingested by the Celery worker; a curator can watch /ingest/.\n"
            "  Press Ctrl-C to stop.\n",
            flush=True,
        )
        while all(child.poll() is None for child in children):
            time.sleep(1)
        print("A demo process exited unexpectedly; stopping.", file=sys.stderr)
    finally:
        # the one place that stops; a second Ctrl-C meanwhile must not cut it short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_process_groups(children)
        print("hcvvet demo stopped.", flush=True)

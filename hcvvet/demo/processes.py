"""Starting and stopping the demo's child processes: free ports, waiting for HTTP, stopping process groups."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# How long the demo's processes get to stop on their own before they are killed (`make demo`, Ctrl-C). Celery
# waits for a running task on SIGTERM (a warm shutdown), and an ingest task runs for minutes.
STOP_GRACE_SECONDS = 2.0


def stop_process_groups(processes: list[subprocess.Popen], grace: float = STOP_GRACE_SECONDS) -> None:
    """Stop processes started with start_new_session=True, their children too, all at once (the demo's on
    Ctrl-C, the tests' and benchmarks' servers and workers): SIGTERM to each leader (gunicorn's master and
    Celery's main process stop their own workers; a pool child sent SIGTERM itself dies mid-task and Celery
    logs it as an error), then SIGKILL to the whole group of each leader still running after `grace` seconds,
    and to every group's leftovers. A worker killed mid-ingest loses nothing: the job's lease expires and
    `resume_stale_ingests`, queued when a worker starts, resumes it from its last committed batch."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
    for process in processes:
        with contextlib.suppress(ProcessLookupError):  # the whole group has ended
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def free_port(preferred: int) -> int:
    """`preferred` if nothing listens on it on loopback, else a port the kernel picks."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 60.0) -> None:
    """Return once `url` answers; exit the demo if it has not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a loopback URL the demo built)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not come up within {timeout:.0f} s")


# The MAST sandbox stands in for a remote service: in the demo it runs this much nicer than the web server and
# the worker, so on a small shared machine an expert's request gets a core before it does. The worker is not
# niced: a niced worker holding SQLite's write lock is the one that waits for a core, and every save behind
# it with it. One worker process: ingest transactions then never hand the write lock to each other, and a
# label save waited half as long at p95 (benchmarks.bench_demo_writes, issue 13; README "Demo writes").
BACKGROUND_NICENESS = 10
WORKER_CONCURRENCY = 1


def background_priority() -> None:
    """`preexec_fn` of the demo's background process (the sandbox): lower its CPU priority."""
    os.nice(BACKGROUND_NICENESS)


def worker_args(concurrency: int = WORKER_CONCURRENCY, beat_schedule: Path | None = None) -> list[str]:
    """The demo's Celery worker, after the Python executable; with `beat_schedule` (a file) it also runs beat
    in the worker (`--beat`: triage retraining checks, stale ingest resumption), as one demo process."""
    args = ["-m", "celery", "-A", "hcvvet", "worker", "--loglevel=WARNING", f"--concurrency={concurrency}"]
    return [*args, "--beat", "--schedule", str(beat_schedule)] if beat_schedule else args


def web_args(port: int, workers: int = 2) -> list[str]:
    """The demo's web server (gunicorn, `workers` processes of 4 threads) on loopback `port`, after the Python
    executable. The application is loaded and warmed once, before the workers are forked (`--preload`,
    hcvvet.demo.wsgi), so no worker meets its first user cold."""
    return [
        *("-m", "gunicorn", "hcvvet.demo.wsgi:application", "--preload", "--bind", f"127.0.0.1:{port}"),
        *("--workers", str(workers), "--threads", "4", "--timeout", "120", "--log-level", "warning"),
    ]


def launch_demo(var_dir: Path | str, scale: str, port: int) -> subprocess.Popen:
    """`python -m hcvvet.demo` as a terminal runs it (a process group of its own, which Ctrl-C signals), with
    its var/ in `var_dir`, on the embedded database and filesystem broker, its output piped as text: for the
    tests and benchmarks of the demo."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(HCVVET_VAR_DIR=str(var_dir), HCVVET_DEMO_SCALE=scale, PORT=str(port))
    return subprocess.Popen(  # noqa: S603 (our own program, a list argv)
        [sys.executable, "-m", "hcvvet.demo"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def descendant_pids(root: int) -> set[int]:
    """The live descendants of process `root` (Linux /proc), for the tests and benchmarks of the demo."""
    found: set[int] = set()
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:  # ended meanwhile
            continue
        found.update(children)
        todo += children
    return found

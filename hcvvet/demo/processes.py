"""Starting and stopping the demo's child processes: free ports, waiting for HTTP, stopping process groups."""

import os
import signal
import socket
import subprocess
import time
import urllib.request


def stop_process_groups(processes: list[subprocess.Popen], timeout: float = 15.0) -> None:
    """Stop processes started with start_new_session=True, their children too: SIGTERM to each group, then
    SIGKILL to those still running after `timeout` seconds."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
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


def worker_args(concurrency: int = WORKER_CONCURRENCY) -> list[str]:
    """The demo's Celery worker, after the Python executable."""
    return ["-m", "celery", "-A", "hcvvet", "worker", "--loglevel=WARNING", f"--concurrency={concurrency}"]


def web_args(port: int, workers: int = 2) -> list[str]:
    """The demo's web server (gunicorn, `workers` processes of 4 threads) on loopback `port`, after the Python
    executable."""
    return [
        *("-m", "gunicorn", "hcvvet.wsgi:application", "--bind", f"127.0.0.1:{port}"),
        *("--workers", str(workers), "--threads", "4", "--timeout", "120", "--log-level", "warning"),
    ]

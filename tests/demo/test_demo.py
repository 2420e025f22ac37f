"""`make demo` on a bare machine: embedded SQLite, filesystem broker, sandbox on loopback, a real worker."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from hcvvet.demo.processes import BACKGROUND_NICENESS, descendant_pids, launch_demo

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def niceness_by_command(root: int) -> dict[str, set[int]]:
    """Niceness of the live descendants of process `root`, by the program they run."""
    found: dict[str, set[int]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            todo += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            niceness = os.getpriority(os.PRIO_PROCESS, pid)
        except OSError:  # ended meanwhile
            continue
        for program in ("gunicorn", "celery", "hcvvet.sandbox"):
            if program in command:
                found.setdefault(program, set()).add(niceness)
    return found


def start_demo(tmp_path: Path) -> tuple[subprocess.Popen, list[str], str]:
    """`python -m hcvvet.demo` at the tiny scale in its own process group, read until it prints its URL:
    the process, its output so far and the URL."""
    demo = launch_demo(tmp_path, "tiny", free_port())
    output: list[str] = []
    deadline = time.monotonic() + 240
    url = None
    while url is None and time.monotonic() < deadline:
        line = demo.stdout.readline()
        if not line and demo.poll() is not None:
            break
        output.append(line)
        match = re.search(r"running at (http://\S+/)", line)
        url = match.group(1) if match else None
    if url is None:
        demo.kill()
        demo.communicate(timeout=60)
    assert url, "".join(output)
    return demo, output, url


def ctrl_c(demo: subprocess.Popen, output: list[str]) -> None:
    """Ctrl-C in the demo's terminal: SIGINT to its process group; wait for it to end."""
    os.killpg(demo.pid, signal.SIGINT)
    rest, _ = demo.communicate(timeout=60)
    output.append(rest)


@pytest.mark.worker
def test_demo_serves_login_and_health_then_stops_cleanly_on_ctrl_c(tmp_path):
    demo, output, url = start_demo(tmp_path)
    try:
        assert requests.get(url + "healthz", timeout=10).json()["status"] == "ok"
        session = requests.Session()
        login_page = session.get(url + "accounts/login/", timeout=10)
        assert login_page.status_code == 200
        assert "Sign in" in login_page.text
        signed_in = session.post(
            url + "accounts/login/",
            data={
                "username": "demo",
                "password": "hcvvet-demo",
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": url + "accounts/login/"},
            timeout=10,
        )
        assert signed_in.status_code == 200
        assert "demo" in signed_in.text
        # the MAST sandbox (a remote service in production) yields the CPU to the web and the worker
        niceness = niceness_by_command(demo.pid)
        own = os.getpriority(os.PRIO_PROCESS, demo.pid)
        background = min(19, own + BACKGROUND_NICENESS)
        assert niceness == {"gunicorn": {own}, "celery": {own}, "hcvvet.sandbox": {background}}
    finally:
        ctrl_c(demo, output)
    assert demo.returncode == 0, "".join(output)
    assert "hcvvet demo stopped." in "".join(output)


def celery_processes(root: int) -> int:
    """How many live descendants of process `root` run Celery (its main process and its pool)."""
    return sum("celery" in command for command in live_members(process_groups(root)))


def process_groups(root: int) -> set[int]:
    """Process groups of the live descendants of process `root` (each demo child leads its own)."""
    groups = set()
    for pid in descendant_pids(root):
        with contextlib.suppress(OSError):  # ended meanwhile
            groups.add(int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2]))
    return groups


def live_members(groups: set[int]) -> list[str]:
    """Command lines of the running (not zombie) processes of process groups `groups`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, pgid = stat.read_text().rsplit(")", 1)[1].split()[:3]
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(pgid) in groups and state != "Z":
            found.append(command)
    return found


@pytest.mark.worker
def test_ctrl_c_stops_every_demo_process_with_one_stopped_line_and_no_celery_error(tmp_path):
    demo, output, _ = start_demo(tmp_path)
    try:
        # stop once the worker has its pool process, as on a user's screen by the time they press Ctrl-C
        deadline = time.monotonic() + 60
        while celery_processes(demo.pid) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert celery_processes(demo.pid) >= 2, "the worker never started its pool process"
        groups = process_groups(demo.pid)
        assert len(groups) == 3, groups  # the sandbox, the worker, gunicorn
        assert live_members(groups)
    finally:
        ctrl_c(demo, output)
    text = "".join(output)
    assert demo.returncode == 0, text
    assert live_members(groups) == [], text
    assert [line for line in text.splitlines() if "stopped" in line] == ["hcvvet demo stopped."], text
    celery_errors = [line for line in text.splitlines() if "Traceback" in line or "ERROR" in line]
    assert celery_errors == [], text

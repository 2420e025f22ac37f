"""How long `make demo` takes to stop on Ctrl-C, while its worker ingests.

Starts `python -m hcvvet.demo` in a scratch folder (the demo universe, scale demo and seed 1, built once into
/tmp/hcvvet-demo.sqlite as bench_ingest, linked in), waits until it prints its URL and the worker has started
an ingest, sends SIGINT to the launcher's process group (what Ctrl-C in a terminal does), and prints the
seconds until every process of the demo is gone, the number of "stopped" lines and any Celery ERROR or
Traceback line. No assertions.

    .venv/bin/python -m benchmarks.bench_demo_stop --runs 3
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from hcvvet.demo.processes import descendant_pids, launch_demo

ROOT = Path(__file__).resolve().parents[1]
UNIVERSE = Path("/tmp/hcvvet-demo.sqlite")  # noqa: S108 (built once, shared by the benchmarks)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pid_alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def program(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    return next(
        (name for name in ("gunicorn", "celery", "hcvvet.sandbox", "hcvvet.demo") if name in command), "?"
    )


def link_universe(scratch: Path | str) -> None:
    """The shared demo universe (UNIVERSE, built once by `ensure_universe`) as the scratch var dir's own."""
    (Path(scratch) / "sandbox").mkdir(exist_ok=True)
    link = Path(scratch) / "sandbox" / "demo-seed1.sqlite"
    if not link.exists():
        link.symlink_to(UNIVERSE)


def start_demo(scratch: Path | str) -> tuple[subprocess.Popen, list[str], threading.Thread]:
    """`python -m hcvvet.demo` on the scratch var dir, once it has printed its URL: the launcher, its output
    so far (still growing) and the thread that reads it."""
    demo = launch_demo(scratch, "demo", free_port())
    output: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in demo.stdout:
            output.append(line)
            if re.search(r"running at http://", line):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(300):
        demo.kill()
        raise SystemExit("the demo did not start:\n" + "".join(output))
    return demo, output, reader


def ctrl_c(demo: subprocess.Popen) -> tuple[float, dict[str, float]]:
    """Ctrl-C to the demo (SIGINT to the launcher's process group): seconds until every demo process is gone,
    and when each program's last process went."""
    names = {pid: program(pid) for pid in descendant_pids(demo.pid) | {demo.pid}}
    gone: dict[str, float] = {}
    t0 = time.perf_counter()
    os.killpg(demo.pid, signal.SIGINT)
    while alive := [pid for pid in names if pid_alive(pid)]:
        for name in set(names.values()) - {names[pid] for pid in alive} - set(gone):
            gone[name] = time.perf_counter() - t0
        time.sleep(0.02)
    elapsed = time.perf_counter() - t0
    for name in set(names.values()) - set(gone):
        gone[name] = elapsed
    demo.wait()
    return elapsed, gone


def stop_line(elapsed: float, output: list[str]) -> str:
    """The stop's figures as printed: seconds, "stopped" lines, Celery error lines, load average."""
    stopped = sum("stopped" in line for line in output)
    errors = [line.rstrip() for line in output if "Traceback" in line or "ERROR" in line]
    return (
        f"every demo process gone {elapsed:.2f} s after Ctrl-C; 'stopped' lines: {stopped}; "
        f"error lines: {len(errors)}  (load average {os.getloadavg()[0]:.2f})"
    )


def one_run(warmup: float) -> tuple[float, dict[str, float], list[str]]:
    with tempfile.TemporaryDirectory(prefix="hcvvet-demo-stop-") as scratch:
        link_universe(scratch)
        demo, output, reader = start_demo(scratch)
        time.sleep(warmup)  # the worker is now inside an ingest
        elapsed, gone = ctrl_c(demo)
        reader.join(10)
        return elapsed, gone, output


def ensure_universe() -> None:
    if not UNIVERSE.exists():
        subprocess.run(  # noqa: S603 (our own program, a list argv)
            [
                sys.executable,
                "-m",
                "hcvvet.sandbox",
                "build",
                "--scale",
                "demo",
                "--seed",
                "1",
                "--out",
                str(UNIVERSE),
            ],
            check=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of ingest before Ctrl-C")
    args = parser.parse_args()
    ensure_universe()
    for run in range(1, args.runs + 1):
        elapsed, gone, output = one_run(args.warmup)
        print(f"run {run}: {stop_line(elapsed, output)}")
        print(
            "    gone after: "
            + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in sorted(gone.items()))
        )
        for line in [line.rstrip() for line in output if "Traceback" in line or "ERROR" in line][:5]:
            print("   ", line)


if __name__ == "__main__":
    main()

"""Python API for tests: run the sandbox on an ephemeral loopback port in a background thread.

with SandboxServer(db_path) as sb:
    jobs = mastcasjobs.MastCasJobs(username="demo", password="demo", context="HSCv3", **sb.casjobs_kwargs())
    sb.faults.set("casjobs", "http_500", next_n=2)
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from .app import SandboxApp, SandboxHTTPServer, service_urls
from .faults import FaultRegistry


class SandboxServer:
    """A running sandbox. Use as a context manager, or call `start()` / `stop()`."""

    def __init__(
        self,
        db_path: str | Path,
        user: str = "demo",
        password: str = "demo",  # noqa: S107 (the sandbox's loopback demo login, no secret)
        host: str = "127.0.0.1",
        port: int = 0,
        workdir: str | Path | None = None,
    ) -> None:
        self.app = SandboxApp(Path(db_path), None if workdir is None else Path(workdir))
        self.app.casjobs.add_user(user, password)
        self.user, self.password = user, password
        self._httpd = SandboxHTTPServer((host, port), self.app)
        self._thread: threading.Thread | None = None

    @property
    def faults(self) -> FaultRegistry:
        return self.app.faults

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def urls(self) -> dict[str, str]:
        """casjobs, casjobs_login, casjobs_fast, mast_invoke, fitscut, catalogs."""
        return service_urls(self.base_url)

    def casjobs_kwargs(self) -> dict[str, str]:
        """The URL keyword arguments for `mastcasjobs.MastCasJobs` pointing at this sandbox."""
        urls = self.urls
        return {
            "base_url": urls["casjobs"],
            "wsid_url": urls["casjobs_login"],
            "fast_url": urls["casjobs_fast"],
        }

    def add_user(self, name: str, password: str) -> str:
        """Create another CasJobs account; returns its WSID."""
        return self.app.casjobs.add_user(name, password).wsid

    def truth(self, match_id: int) -> dict:
        """The sandbox_truth row of an object (empty dict when it has none)."""
        with closing(sqlite3.connect(f"file:{self.app.universe}?mode=ro", uri=True)) as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT * FROM sandbox_truth WHERE MatchID = ?", (int(match_id),)).fetchone()
        return dict(row) if row is not None else {}

    def calls(self, service: str) -> int:
        """Requests routed to `service` so far (casjobs, login, fast, output, invoke, fitscut, catalogs)."""
        return self.faults.calls(service)

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="hcvvet-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.app.stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
        self._httpd.server_close()
        self.app.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

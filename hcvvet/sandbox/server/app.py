"""The sandbox HTTP server: routing, parameter parsing, fault application and the `/_sandbox/` control API.

One `ThreadingHTTPServer` (daemon threads, HTTP/1.0: one request per connection) serves every emulated
MAST service under one host. Handlers never let an exception escape: a malformed request gets a 4xx or
500 with a message and the server keeps serving.
"""

from __future__ import annotations

import json
import logging
import select
import socket
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from . import catalogs, fitscut_handler, lookup
from .casjobs import CasJobsService
from .faults import OPTIONS, SERVICES, FaultRegistry, FaultRule
from .wire import JSON_TYPE, Response, casjobs_error, text_error

log = logging.getLogger(__name__)

MAX_BODY = 512 * 1024 * 1024
HANG_DEFAULT_SECONDS = 600.0
PATHS = {
    "casjobs": "/casjobs/services/jobs.asmx",
    "casjobs_login": "/casjobs/casusers.asmx/GetWebServiceId",
    "casjobs_fast": "/cgi-bin/quick_casjobs.cgi",
    "mast_invoke": "/api/v0/invoke",
    "fitscut": "/cgi-bin/fitscut.cgi",
    "catalogs": "/api/v0.1/hsc",
}
MALFORMED_BODY = b"<!-- sandbox: malformed response --><<\x00\xff{{ not XML, JSON, CSV or JPEG \xfe"


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    body: bytes
    content_type: str
    base_url: str


class SandboxApp:
    """Everything behind the HTTP layer: the universe, the CasJobs state and the fault registry."""

    def __init__(self, universe: Path, workdir: Path | None = None) -> None:
        self.universe = Path(universe).resolve()
        if not self.universe.is_file():
            raise FileNotFoundError(f"universe file not found: {self.universe}")
        self._tmp = None
        if workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="hcvvet-sandbox-")
            workdir = Path(self._tmp.name)
        self.workdir = Path(workdir)
        self.faults = FaultRegistry()
        self.casjobs = CasJobsService(self.universe, self.workdir, self.faults)
        self.stopping = threading.Event()
        self.request_ids = iter(range(1, 1 << 62))

    def close(self) -> None:
        self.stopping.set()
        if self._tmp is not None:
            self._tmp.cleanup()

    def route(self, req: Request) -> tuple[str, object] | None:
        """(service, handler) for a request path, or None when nothing is served there."""
        path = req.path
        low = path.lower()
        ops = PATHS["casjobs"].lower() + "/"
        if low.startswith(ops) and "/" not in path[len(ops) :]:
            op = path[len(ops) :]
            return "casjobs", lambda: self.casjobs.operation(op, req.params, req.base_url)
        if low == PATHS["casjobs_login"].lower():
            return "login", lambda: self.casjobs.login(req.params)
        if low == PATHS["casjobs_fast"]:
            return "fast", lambda: self.casjobs.fast_table(req.params)
        if low.startswith("/casjobs/output/"):
            return "output", lambda: self.casjobs.output_file(path[len("/casjobs/output/") :])
        if low == PATHS["mast_invoke"]:
            return "invoke", lambda: lookup.invoke(self.universe, req.params)
        if low == PATHS["fitscut"]:
            return "fitscut", lambda: fitscut_handler.fitscut(self.universe, req.params)
        if low.startswith(PATHS["catalogs"] + "/"):
            rest = path[len(PATHS["catalogs"]) + 1 :]
            return "catalogs", lambda: catalogs.catalogs(self.universe, rest, req.params)
        return None

    def control(self, req: Request) -> Response:
        """The `/_sandbox/` API: `health`, and `faults` (GET list, POST set, DELETE clear)."""
        what = req.path[len("/_sandbox/") :].strip("/")
        if what == "health":
            calls = {s: self.faults.calls(s) for s in SERVICES}
            return _json(200, {"status": "ok", "universe": str(self.universe), "calls": calls})
        if what != "faults":
            return _json(404, {"error": f"unknown control endpoint {req.path}"})
        if req.method == "GET":
            return _json(200, {"faults": self.faults.rules()})
        if req.method == "DELETE":
            self.faults.clear(req.params.get("service") or None)
            return _json(200, {"faults": self.faults.rules()})
        if req.method != "POST":
            return _json(405, {"error": "use GET, POST or DELETE"})
        try:
            spec = (
                json.loads(req.body or b"{}")
                if "json" in req.content_type or req.body[:1] == b"{"
                else req.params
            )
            if not isinstance(spec, dict):
                raise ValueError("the fault must be a JSON object")
            unknown = set(spec) - {"service", "kind", *OPTIONS}
            if unknown:
                raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
            rule = self.faults.set(
                str(spec.get("service")),
                str(spec.get("kind")),
                **{k: _number(spec[k]) for k in OPTIONS if spec.get(k) is not None},
            )
        except (ValueError, TypeError) as e:
            return _json(400, {"error": str(e)})
        return _json(200, {"fault": rule.as_dict()})


def _number(value: object) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"not a number: {value!r}")
    number = float(value)
    return int(number) if number.is_integer() else number


def _json(status: int, payload: object) -> Response:
    return Response(status, JSON_TYPE, json.dumps(payload).encode("utf-8"))


def blocked_page(request_id: str) -> Response:
    body = (
        "<html><head><title>Request Rejected</title></head><body>"
        "403 Response Code. The requested URL was rejected. Please consult with your administrator.<br><br>"
        f"Please contact our technical support with Request ID: {request_id} <br><br>"
        "<a href='javascript:history.back();'>[Go Back]</a></body></html>"
    )
    return Response(403, "text/html; charset=utf-8", body.encode("utf-8"))


class Handler(BaseHTTPRequestHandler):
    """Parses a request, routes it through fault injection to a service and writes the response."""

    protocol_version = "HTTP/1.0"
    server_version = "Microsoft-IIS/10.0"
    sys_version = ""
    server: SandboxHTTPServer

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def _handle(self) -> None:
        try:
            req = self._parse()
            if isinstance(req, Response):
                self._write(req)
                return
            app = self.server.app
            if req.path.startswith("/_sandbox/"):
                self._write(app.control(req))
                return
            routed = app.route(req)
            if routed is None:
                self._write(text_error(f"Not found: {req.path}", 404))
                return
            service, handler = routed
            app.faults.count_call(service)
            self._serve(service, handler, app.faults.pick(service))
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception as e:  # the server must survive any request
            log.exception("unhandled error in sandbox handler")
            try:
                self._write(text_error(f"Internal sandbox error: {type(e).__name__}: {e}", 500))
            except OSError:
                self.close_connection = True

    def _serve(self, service: str, handler: object, rule: FaultRule | None) -> None:
        app = self.server.app
        kind = rule.kind if rule else None
        if kind == "delay":
            app.stopping.wait(rule.delay_seconds())
        elif kind == "hang":
            self._hang(rule.seconds if rule.seconds is not None else HANG_DEFAULT_SECONDS)
            return
        elif kind == "http_500":
            self._write(casjobs_error("Sandbox injected fault: the server encountered an internal error"))
            return
        elif kind == "http_503":
            self._write(
                Response(503, "text/html; charset=utf-8", b"<html><body>Service Unavailable</body></html>")
            )
            return
        elif kind == "blocked_403":
            self._write(blocked_page(f"{rule.seed:04d}{next(app.request_ids):012d}"))
            return
        try:
            response = handler()
        except Exception as e:
            log.exception("service %s failed", service)
            msg = f"Internal sandbox error: {type(e).__name__}: {e}"
            response = casjobs_error(msg) if service == "casjobs" else text_error(msg, 500)
        if kind == "malformed":
            _close_stream(response)
            response = Response(200, response.content_type, MALFORMED_BODY)
        if kind == "truncate":
            body = response.materialize()
            self._write(response, declared_length=len(body), body=body[: len(body) // 2])
            return
        self._write(response)

    def _hang(self, seconds: float) -> None:
        """Hold the connection without answering until the client goes away, `seconds` pass or shutdown."""
        self.close_connection = True
        deadline = self.server.app.stopping
        waited = 0.0
        while waited < seconds and not deadline.is_set():
            readable, _, _ = select.select([self.connection], [], [], 0.1)
            waited += 0.1
            if readable:
                try:
                    if not self.connection.recv(1, socket.MSG_PEEK):
                        return
                except OSError:
                    return

    def _parse(self) -> Request | Response:
        split = urlsplit(self.path)
        path = unquote(split.path)
        if "\x00" in path:
            return text_error("Bad request path", 400)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return text_error("Chunked request bodies are not supported; send Content-Length", 411)
        raw_length = self.headers.get("Content-Length") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            return text_error(f"Invalid Content-Length: {raw_length!r}", 400)
        if length < 0 or length > MAX_BODY:
            return text_error("Request body too large", 413)
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            return text_error("Incomplete request body", 400)
        params: dict[str, str] = {}
        for key, value in parse_qsl(split.query, keep_blank_values=True, errors="replace"):
            params.setdefault(key.lower(), value)
        ctype = self.headers.get("Content-Type", "").lower()
        if body and ("x-www-form-urlencoded" in ctype or not ctype):
            text = body.decode("utf-8", errors="replace")
            for key, value in parse_qsl(text, keep_blank_values=True, errors="replace"):
                params[key.lower()] = value
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return Request(self.command, path, params, body, ctype, f"http://{host}")

    def _write(
        self, response: Response, declared_length: int | None = None, body: bytes | None = None
    ) -> None:
        if body is None and isinstance(response.body, bytes):
            body = response.body
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        for key, value in response.headers.items():
            self.send_header(key, value)
        if body is not None:
            self.send_header(
                "Content-Length", str(declared_length if declared_length is not None else len(body))
            )
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command == "HEAD":
            _close_stream(response)
            return
        if body is not None:
            self.wfile.write(body)
            return
        try:
            for chunk in response.chunks():
                self.wfile.write(chunk)
        finally:
            _close_stream(response)


def _close_stream(response: Response) -> None:
    close = getattr(response.body, "close", None)
    if close is not None:
        close()


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], app: SandboxApp) -> None:
        self.app = app
        super().__init__(address, Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        log.debug("connection error from %s", client_address, exc_info=True)


def service_urls(base_url: str) -> dict[str, str]:
    """The URL of every emulated service under `base_url` (no trailing slash)."""
    return {name: base_url + path for name, path in PATHS.items()}

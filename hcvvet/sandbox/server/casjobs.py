"""CasJobs emulation: WSID login, the jobs.asmx operations, per-user MyDB files, jobs, extracts, uploads
and the MAST `quick_casjobs.cgi` fast-table service.

Each user's MyDB is its own SQLite file under `workdir`; every request opens a connection whose `main`
is that file with the universe ATTACHed read-only as `hscv3` (see sql.py). Jobs finish synchronously.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import sqlite3
import threading
import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import sql
from .extract import write_extract
from .faults import QUICK_LIMIT_MESSAGES, FaultRegistry
from .wire import (
    CAS_NS,
    XML_TYPE,
    Response,
    ServiceError,
    casjobs_error,
    parse_bool,
    text_error,
    xml_scalar,
    xml_text,
)

STATUS_FINISHED, STATUS_FAILED = 5, 4
EXTRACT_TYPES = {"csv": "CSV", "fits": "FITS", "votable": "VOTable", "dataset": "DataSet"}
EXTRACT_SUFFIX = {"CSV": "csv", "FITS": "fits", "VOTable": "xml", "DataSet": "xml"}
FAST_CHUNK = 5000
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_ $#@-]{0,127}$")


@dataclass
class User:
    name: str
    password: str
    wsid: str


@dataclass
class Job:
    job_id: int
    wsid: str
    query: str
    context: str
    task_name: str
    job_type: str
    status: int
    rows: int = 0
    error: str = ""
    output_loc: str = ""
    submitted: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"))

    def fields(self) -> list[tuple[str, str]]:
        """CJJob child elements in WSDL order; empty values are omitted (the client chokes on them)."""
        pairs = [
            ("JobID", str(self.job_id)),
            ("Rows", str(self.rows)),
            ("WebServicesID", self.wsid),
            ("TimeSubmit", self.submitted),
            ("TimeStart", self.submitted),
            ("TimeEnd", self.submitted),
            ("Status", str(self.status)),
            ("Queue", "500"),
            ("TaskName", self.task_name),
            ("OutputLoc", self.output_loc),
            ("Error", self.error),
            ("Query", self.query),
            ("Context", self.context),
            ("Type", self.job_type),
        ]
        return [(k, v) for k, v in pairs if v]


@dataclass
class Result:
    """A result set (names + rows) or, for statements without one, the affected row count."""

    names: list[str] | None
    rows: list[tuple]
    affected: int = 0


def wsid_for(name: str) -> str:
    """A stable 9-digit WebServicesID for a user name."""
    return str(100_000_000 + zlib.crc32(name.encode("utf-8")) % 900_000_000)


def format_value(value: object, null: str) -> str:
    if value is None:
        return null
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def typed_csv(result: Result) -> str:
    """The typed CSV text of ExecuteQuickJob (header `[name]:type`, NULL as `null`)."""
    if result.names is None:
        return f"[Rows Affected]:int\n{result.affected}\n"
    types = sql.column_types(result.names, result.rows)
    buf = io.StringIO()
    buf.write(",".join(f"[{n}]:{t}" for n, t in zip(result.names, types, strict=True)) + "\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows([format_value(v, "null") for v in row] for row in result.rows)
    return buf.getvalue()


def _tsv_field(value: object) -> str:
    return format_value(value, "").replace("\t", " ").replace("\n", " ").replace("\r", " ")


class CasJobsService:
    """All CasJobs state: users, MyDB files, jobs and extract outputs. Thread-safe."""

    def __init__(self, universe: Path, workdir: Path, faults: FaultRegistry) -> None:
        self.universe = Path(universe)
        self.workdir = Path(workdir)
        self.output_dir = self.workdir / "output"
        self.output_dir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "mydb").mkdir(exist_ok=True)
        self.faults = faults
        self.users: dict[str, User] = {}
        self.jobs: dict[int, Job] = {}
        self._job_ids = itertools.count(1001)
        self._lock = threading.Lock()
        with closing(sqlite3.connect(f"file:{self.universe}?mode=ro", uri=True)) as c:
            self.catalog_tables = {
                r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }

    # ---- users -------------------------------------------------------------------------------------
    def add_user(self, name: str, password: str) -> User:
        user = User(name, password, wsid_for(name))
        with self._lock:
            self.users[name] = user
        return user

    def _by_wsid(self, wsid: str | None, pw: str | None) -> User:
        for user in list(self.users.values()):
            if wsid is not None and user.wsid == wsid.strip() and user.password == pw:
                return user
        raise ServiceError("Invalid WebServicesID or password", 500)

    # ---- connections -------------------------------------------------------------------------------
    def connect(self, user: User) -> sqlite3.Connection:
        """A connection with the user's MyDB as `main` and the universe read-only as `hscv3`."""
        path = self.workdir / "mydb" / f"{user.wsid}.sqlite"
        conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
        conn.execute("ATTACH DATABASE ? AS hscv3", (f"file:{self.universe}?mode=ro",))
        sql.register_functions(conn)
        return conn

    @staticmethod
    def mydb_tables(conn: sqlite3.Connection) -> set[str]:
        return {
            r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type IN ('table','view')")
        }

    def _find_table(self, conn: sqlite3.Connection, name: str) -> str | None:
        """The MyDB table matching `name` (brackets, `mydb.` prefix and case ignored), or None."""
        n = name.strip()
        if n.lower().startswith("mydb."):
            n = n[5:]
        n = n.strip('[]"')
        for t in self.mydb_tables(conn):
            if t.lower() == n.lower():
                return t
        return None

    def run(self, user: User, query: str, context: str | None) -> Result:
        """Execute a T-SQL batch; returns the last result set, else the last affected-row count."""
        with closing(self.connect(user)) as conn:
            statements = sql.translate(query, context, self.mydb_tables(conn), self.catalog_tables)
            result = Result(None, [], 0)
            try:
                for st in statements:
                    cur = conn.execute(st.sql)
                    if st.kind == "query":
                        names = [d[0] for d in cur.description]
                        result = Result(names, cur.fetchall())
                    elif st.kind == "into":
                        n = conn.execute(f'SELECT count(*) FROM main."{st.target}"').fetchone()[0]
                        result = Result(None, [], n)
                    else:
                        result = Result(None, [], max(cur.rowcount, 0))
                conn.commit()
            except sqlite3.Error as e:
                raise sql.SqlError(_sql_message(e, conn)) from None
            return result

    # ---- jobs.asmx operations ----------------------------------------------------------------------
    def operation(self, op: str, params: dict[str, str], base_url: str) -> Response:
        """Dispatch one jobs.asmx operation (name case-insensitive) to its handler."""
        handler = {
            "executequickjob": self.execute_quick_job,
            "submitjob": self.submit_job,
            "getjobstatus": self.get_job_status,
            "canceljob": self.cancel_job,
            "getjobs": self.get_jobs,
            "submitextractjob": lambda p: self.submit_extract_job(p, base_url),
            "uploaddata": self.upload_data,
        }.get(op.lower())
        if handler is None:
            return text_error(f"Unknown web method {op}.\nParameter name: methodName", 500)
        try:
            return handler(params)
        except sql.SqlError as e:
            return casjobs_error(str(e))
        except ServiceError as e:
            return casjobs_error(e.message, 500)

    def execute_quick_job(self, p: dict[str, str]) -> Response:
        user = self._by_wsid(p.get("wsid"), p.get("pw"))
        result = self.run(user, p.get("qry", ""), p.get("context"))
        if result.names is not None and result.rows:
            for kind, message in QUICK_LIMIT_MESSAGES.items():
                if self.faults.fire("casjobs", kind):
                    raise ServiceError(message, 500)
        return xml_scalar("string", typed_csv(result))

    def _new_job(self, user: User, query: str, context: str, task: str, job_type: str) -> Job:
        with self._lock:
            job = Job(next(self._job_ids), user.wsid, query, context, task, job_type, STATUS_FINISHED)
            self.jobs[job.job_id] = job
        return job

    def submit_job(self, p: dict[str, str]) -> Response:
        user = self._by_wsid(p.get("wsid"), p.get("pw"))
        query, context = p.get("qry", ""), p.get("context", "")
        sql.normalize_context(context)
        job = self._new_job(user, query, context, p.get("taskname", ""), "QUERY")
        try:
            result = self.run(user, query, context)
            job.rows = len(result.rows) if result.names is not None else result.affected
        except sql.SqlError as e:
            job.status, job.error = STATUS_FAILED, str(e)
        return xml_scalar("long", str(job.job_id))

    def _job(self, user: User, jobid: str | None) -> Job | None:
        try:
            job = self.jobs.get(int((jobid or "").strip()))
        except ValueError:
            raise ServiceError(f"Invalid job id '{jobid}'", 500) from None
        return job if job is not None and job.wsid == user.wsid else None

    def get_job_status(self, p: dict[str, str]) -> Response:
        user = self._by_wsid(p.get("wsid"), p.get("pw"))
        job = self._job(user, p.get("jobid"))
        if job is None:
            raise ServiceError(f"Job {p.get('jobid')} does not exist", 500)
        return xml_scalar("int", str(job.status))

    def cancel_job(self, p: dict[str, str]) -> Response:
        """Cancelling a finished or unknown job does nothing (as the WSDL documents)."""
        user = self._by_wsid(p.get("wsid"), p.get("pw"))
        self._job(user, p.get("jobid"))
        return Response(200, XML_TYPE, b"")

    def get_jobs(self, p: dict[str, str]) -> Response:
        user = self._by_wsid(p.get("owner_wsid", p.get("wsid")), p.get("owner_pw", p.get("pw")))
        conditions = _parse_conditions(p.get("conditions", ""))
        with self._lock:
            jobs = [j for j in self.jobs.values() if j.wsid == user.wsid]
        jobs = [j for j in jobs if all(_matches(j, k, v) for k, v in conditions)]
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n<ArrayOfCJJob '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="{CAS_NS}">'
        ]
        for job in jobs:
            inner = "".join(f"<{k}>{xml_text(v)}</{k}>" for k, v in job.fields())
            parts.append(f"\n  <CJJob>{inner}</CJJob>")
        parts.append("\n</ArrayOfCJJob>")
        return Response(200, XML_TYPE, "".join(parts).encode("utf-8"))

    def submit_extract_job(self, p: dict[str, str], base_url: str) -> Response:
        user = self._by_wsid(p.get("wsid"), p.get("pw"))
        table, kind = p.get("tablename", ""), EXTRACT_TYPES.get(p.get("type", "").strip().lower())
        if kind is None:
            raise ServiceError(
                f"Unknown output type '{p.get('type', '')}' (CSV, FITS, VOTable, DataSet)", 500
            )
        job = self._new_job(user, f"EXTRACT {table}", "MYDB", f"extract {table}", kind)
        with closing(self.connect(user)) as conn:
            found = self._find_table(conn, table)
            if found is None:
                job.status, job.error = STATUS_FAILED, f"Table '{table}' does not exist in MyDB"
                return xml_scalar("long", str(job.job_id))
            cur = conn.execute(f'SELECT * FROM main."{found}"')
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        fname = f"{user.name}_{job.job_id}_{found}.{EXTRACT_SUFFIX[kind]}".replace(" ", "_")
        (self.output_dir / fname).write_bytes(write_extract(kind, found, names, rows))
        job.rows, job.output_loc = len(rows), f"{base_url}/casjobs/output/{fname}"
        return xml_scalar("long", str(job.job_id))

    def upload_data(self, p: dict[str, str]) -> Response:
        user = self._by_wsid(p.get("wsid"), p.get("pw"))
        name = p.get("tablename", "").strip().strip("[]")
        if not _TABLE_NAME.match(name):
            raise ServiceError(f"Invalid table name '{name}'", 500)
        exists = parse_bool(p.get("tableexists"), False)
        reader = csv.reader(io.StringIO(p.get("data", "")))
        header = next(reader, None)
        if not header:
            raise ServiceError("No data to upload", 500)
        rows = [[_parse_cell(c) for c in r] for r in reader if r]
        if any(len(r) != len(header) for r in rows):
            raise ServiceError("Upload data rows do not match the header", 500)
        with closing(self.connect(user)) as conn:
            found = self._find_table(conn, name)
            if exists and found is None:
                raise ServiceError(f"Table '{name}' does not exist in MyDB", 500)
            if not exists and found is not None:
                raise ServiceError(f"There is already an object named '{name}' in the database.", 500)
            if found is None:
                types = [sql.infer_type([r[i] for r in rows]) for i in range(len(header))]
                cols = ", ".join(f'"{h.strip()}" {t}' for h, t in zip(header, types, strict=True))
                conn.execute(f'CREATE TABLE main."{name}" ({cols})')
                found = name
            marks = ",".join("?" * len(header))
            try:
                conn.executemany(f'INSERT INTO main."{found}" VALUES ({marks})', rows)
            except sqlite3.Error as e:
                raise ServiceError(f"Upload failed: {e}", 500) from None
            conn.commit()
        return Response(200, XML_TYPE, b"")

    # ---- quick_casjobs.cgi ---------------------------------------------------------------------------
    def fast_table(self, p: dict[str, str]) -> Response:
        """Stream a MyDB table as typed TSV (NULL as an empty field), for `MastCasJobs.fast_table`."""
        user = self.users.get(p.get("userid", ""))
        if user is None or user.password != p.get("pw"):
            return text_error("Invalid user name or password", 401)
        table = p.get("table", "")
        conn = self.connect(user)
        found = self._find_table(conn, table)
        if found is None:
            conn.close()
            return text_error(f"Table MyDB.{table} not found", 404)
        return Response(200, "text/plain; charset=utf-8", self._tsv_chunks(conn, found))

    @staticmethod
    def _tsv_chunks(conn: sqlite3.Connection, table: str) -> Iterator[bytes]:
        try:
            cur = conn.execute(f'SELECT * FROM main."{table}"')
            names = [d[0] for d in cur.description]
            rows = cur.fetchmany(FAST_CHUNK)
            types = sql.column_types(names, rows)
            yield ("\t".join(f"[{n}]:{t}" for n, t in zip(names, types, strict=True)) + "\n").encode()
            while rows:
                text = "\n".join("\t".join([_tsv_field(v) for v in row]) for row in rows) + "\n"
                yield text.encode("utf-8")
                rows = cur.fetchmany(FAST_CHUNK)
        finally:
            conn.close()

    # ---- GetWebServiceId -----------------------------------------------------------------------------
    def login(self, p: dict[str, str]) -> Response:
        """`-1` for bad credentials (or a `reject_login` fault), else the user's WSID."""
        user = self.users.get(p.get("userid", ""))
        ok = user is not None and user.password == p.get("password")
        if ok and self.faults.fire("login", "reject_login"):
            ok = False
        return xml_scalar("long", user.wsid if ok and user else "-1")

    def output_file(self, name: str) -> Response:
        if not re.fullmatch(r"[A-Za-z0-9_.$#@-]+", name) or name.startswith("."):
            return text_error("Not found", 404)
        path = self.output_dir / name
        if not path.is_file():
            return text_error("Not found", 404)
        ctype = {"csv": "text/csv", "fits": "application/fits", "xml": "text/xml"}[path.suffix[1:]]
        return Response(200, ctype, path.read_bytes())


def _sql_message(error: sqlite3.Error, conn: sqlite3.Connection) -> str:
    """Rephrase SQLite errors the way SQL Server words the common ones."""
    msg = str(error)
    m = re.match(r"no such table: (?:\w+\.)?(.+)", msg)
    if m:
        return f"Invalid object name '{m.group(1)}'."
    m = re.match(r"table (?:\w+\.)?\"?([^\"]+)\"? already exists", msg)
    if m:
        return f"There is already an object named '{m.group(1)}' in the database."
    m = re.match(r"no such column: (.+)", msg)
    if m:
        return f"Invalid column name '{m.group(1)}'."
    if "readonly" in msg or "read-only" in msg:
        return "The database HSCv3 is read-only: write your results to MyDB (select ... into mydb.Table)."
    return msg


def _parse_cell(text: str) -> object:
    t = text.strip()
    if t == "" or t.lower() == "null":
        return None
    for conv in (int, float):
        try:
            return conv(t)
        except ValueError:
            pass
    return text


def _parse_conditions(text: str) -> list[tuple[str, str]]:
    out = []
    for part in text.split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            out.append((key.strip().lower(), value.strip()))
    return out


def _matches(job: Job, key: str, value: str) -> bool:
    """GetJobs condition: `key : v1|v2` (any of) or `key : lo,hi` (numeric range)."""
    attr = {
        "jobid": job.job_id,
        "status": job.status,
        "wsid": job.wsid,
        "taskname": job.task_name,
        "context": job.context,
        "type": job.job_type,
        "query": job.query,
        "error": job.error,
        "queue": 500,
    }.get(key)
    if attr is None:
        return True
    if "," in value and isinstance(attr, int):
        lo, hi = (v.strip() for v in value.split(",", 1))
        try:
            return (not lo or attr >= int(lo)) and (not hi or attr <= int(hi))
        except ValueError:
            return False
    return any(str(attr).lower() == v.strip().lower() for v in value.split("|"))

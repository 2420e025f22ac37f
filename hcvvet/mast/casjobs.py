"""CasJobs through `mastcasjobs`: lazily logged in, every call bounded in time, every error typed.

`mastcasjobs` calls `requests` without timeouts, so each of its calls runs in a helper thread that hcvvet
stops waiting for after `timeout_seconds` (the task time limit is the outer bound). Tables are streamed
from the `fast_table` service by hcvvet itself: `MastCasJobs.fast_table` would hold a whole result in
memory as an astropy table.

Errors are typed by their form on the wire, never by the words of a message: a CasJobs fault (HTTP 500 with
the ASMX exception body, `System.Exception: ... --->`) on an operation that runs SQL is a fault of that SQL
(`QueryFaultError`); a result over the quick-job limit and a syntax error look alike there, so `fetch` and
`execute` run the statement once more as a batch job, whose own status decides. Connection faults, timeouts
and 5xx answers without a fault body are outages (retryable).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
import xml.parsers.expat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar
from xml.etree.ElementTree import ParseError

import requests

from . import http
from .errors import (
    MastBadResponseError,
    MastBlockedError,
    MastError,
    MastLoginError,
    MastQueryError,
    MastRequestError,
    MastTimeoutError,
    MastUnavailableError,
)
from .typed_csv import iter_typed_rows

log = logging.getLogger(__name__)

SERVICE = "MAST CasJobs"
_STATUS = re.compile(r"^(?P<op>\w+) failed with status: (?P<status>\d+)\s*(?P<msg>.*)$", re.DOTALL)
# The body of an ASMX fault: the service ran the operation and it raised (casjobs' `_parse_error` reads it).
_FAULT_BODY = re.compile(r"System\.Exception:.*--->", re.DOTALL)
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,100}$")
# CasJobs job status codes (GetJobStatus).
JOB_CANCELLED, JOB_FAILED, JOB_FINISHED = 3, 4, 5
# A batch job (select into MyDB) may run this long; below the ingest task's hard time limit.
BATCH_JOB_SECONDS = 1800
T = TypeVar("T")


class QueryFaultError(MastQueryError):
    """CasJobs raised a fault while running a statement: an SQL error, or a limit of the quick-job queue
    (the wire does not tell which). `fetch` and `execute` try the statement once more as a batch job."""


class _CasJobsFault(Exception):
    """Raised inside the client when an operation answered with a fault body; `message` is CasJobs' own."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Select:
    """A `select <columns> <source>` statement that can also write its rows into a MyDB table.

    Precondition: `source` (`from ... where ...`) holds only validated values (CasJobs takes no parameters).
    """

    columns: str
    source: str

    def sql(self, *, into: str | None = None) -> str:
        target = f" into mydb.{into}" if into else ""
        return f"select {self.columns}{target} {self.source}"


@dataclass(frozen=True)
class CasJobsConfig:
    base_url: str
    login_url: str
    fast_url: str
    context: str
    username: str
    password: str
    timeout_seconds: float

    @classmethod
    def from_settings(cls) -> CasJobsConfig:
        from django.conf import settings

        return cls(
            base_url=settings.HCVVET_CASJOBS_URL,
            login_url=settings.HCVVET_CASJOBS_LOGIN_URL,
            fast_url=settings.HCVVET_CASJOBS_FAST_URL,
            context=settings.HCVVET_CASJOBS_CONTEXT,
            username=settings.CASJOBS_USERID,
            password=settings.CASJOBS_PW,
            timeout_seconds=settings.HCVVET_MAST_TIMEOUT_SECONDS,
        )


class CasJobsClient:
    """One CasJobs account. The login (a network call) happens on first use, never at construction."""

    def __init__(self, config: CasJobsConfig | None = None) -> None:
        self.config = config or CasJobsConfig.from_settings()
        self._jobs = None
        self._lock = threading.Lock()

    def _client(self):
        with self._lock:
            if self._jobs is None:
                if not self.config.username or not self.config.password:
                    raise MastLoginError(
                        "No CasJobs account configured: set CASJOBS_USERID and CASJOBS_PW", service=SERVICE
                    )
                self._jobs = self._bounded(
                    _fault_aware_client_class(),
                    username=self.config.username,
                    password=self.config.password,
                    context=self.config.context,
                    base_url=self.config.base_url,
                    wsid_url=self.config.login_url,
                    fast_url=self.config.fast_url,
                    request_type="POST",
                )
            return self._jobs

    def query(self, sql: str, *, context: str | None = None, task_name: str = "hcvvet") -> tuple[list, list]:
        """Run `sql` as a quick job; (column names, list of row tuples). `QueryFaultError` when CasJobs
        faults on it (see `fetch` for results that may exceed the quick-job limit)."""
        text = self._run_sql("quick", sql, context=context, task_name=task_name, astropy=False)
        try:
            names, rows = iter_typed_rows(text.splitlines(), ",")
            return names, list(rows)
        except ValueError as e:
            raise MastBadResponseError(f"{SERVICE} sent an unreadable table ({e})", service=SERVICE) from e

    def fetch(self, select: Select, *, table: str, task_name: str = "hcvvet") -> tuple[list, list]:
        """The rows of `select`: a quick job, or, when CasJobs faults on it, once more as a batch job into
        MyDB table `table` whose own status decides (`MastQueryError` with CasJobs' message when it fails);
        that table is streamed, then dropped."""
        try:
            return self.query(select.sql(), task_name=task_name)
        except QueryFaultError:
            pass
        self.select_into(select.sql(into=table), table, task_name=task_name)
        try:
            with self.stream_table(table) as (names, rows):
                return names, list(rows)
        finally:
            self.drop_table_quietly(table)

    def execute(self, statement: str, *, task_name: str = "hcvvet") -> None:
        """Run a statement without results in MyDB: a quick job, or once more as a batch job when CasJobs
        faults on the quick one (the batch job's status decides)."""
        try:
            self.query(statement, context="MYDB", task_name=task_name)
        except QueryFaultError:
            self.run_batch_job(statement, context="MYDB", task_name=task_name)

    def select_into(self, sql_select_into: str, table: str, *, task_name: str = "hcvvet") -> None:
        """Drop MyDB table `table` if present, then run a `select ... into mydb.<table>` statement as a
        batch job (a quick job may not run long enough for a large selection) and wait for it."""
        self._check_table(table)
        self.execute(f"DROP TABLE IF EXISTS {table}", task_name=task_name)
        self.run_batch_job(sql_select_into, task_name=task_name)

    def run_batch_job(self, sql: str, *, context: str | None = None, task_name: str = "hcvvet") -> None:
        """Submit `sql` to the CasJobs queue and poll its status until it ends; `MastQueryError` with
        CasJobs' message when the job fails or is cancelled. The submission may take up to BATCH_JOB_SECONDS
        (a server may run the job before answering); each status poll is bounded by the ordinary timeout."""
        jobs = self._client()
        job_id = self._run_sql("submit", sql, context=context, task_name=task_name, timeout=BATCH_JOB_SECONDS)
        deadline = time.monotonic() + BATCH_JOB_SECONDS
        pause = 0.2
        while True:
            code, _ = self._bounded(jobs.status, job_id)
            if code == JOB_FINISHED:
                return
            if code in (JOB_CANCELLED, JOB_FAILED):
                raise self._job_error(jobs, job_id, code)
            if time.monotonic() > deadline:
                self._bounded(jobs.cancel, job_id)
                raise MastTimeoutError(
                    f"{SERVICE} job {job_id} did not finish within {BATCH_JOB_SECONDS} s", service=SERVICE
                )
            time.sleep(pause)
            pause = min(pause * 2, 5.0)

    def _job_error(self, jobs, job_id: int, code: int) -> MastQueryError:
        """A failed or cancelled batch job: its statement cannot succeed as it is; CasJobs' own words."""
        info = self._bounded(jobs.job_info, jobid=job_id)
        ended = "was cancelled" if code == JOB_CANCELLED else "failed"
        message = (info[0].get("Error") if info else "") or f"job {job_id} {ended}"
        return MastQueryError(f"MAST CasJobs refused the query: {http.first_line(message)}", service=SERVICE)

    def drop_table(self, table: str) -> None:
        self._check_table(table)
        self.execute(f"DROP TABLE IF EXISTS {table}", task_name="hcvvet cleanup")

    def drop_table_quietly(self, table: str) -> bool:
        """Drop MyDB table `table`, logging rather than raising a MAST error (cleanup after the data is in,
        or after a failure that the caller reports); whether it was dropped."""
        try:
            self.drop_table(table)
        except MastError as e:
            log.warning("could not drop MyDB.%s: %s", table, e.message)
            return False
        return True

    @contextmanager
    def stream_table(self, table: str) -> Iterator[tuple[list[str], Iterator[tuple]]]:
        """Stream MyDB table `table` from the fast_table service: (column names, row iterator).

        Reading the iterator may raise `MastBadResponseError` when the connection drops mid-way.
        """
        self._check_table(table)
        self._client()  # the fast service needs a valid login; fail here with a login error if not
        response = http.request(
            "POST",
            self.config.fast_url,
            service=SERVICE,
            timeout_seconds=self.config.timeout_seconds,
            stream=True,
            data={"userid": self.config.username, "pw": self.config.password, "table": table},
        )
        response.encoding = response.encoding or "utf-8"
        try:
            lines = _guarded_lines(response)
            try:
                names, rows = iter_typed_rows(lines, "\t")
            except ValueError as e:
                raise MastBadResponseError(
                    f"{SERVICE} sent an unreadable table ({e})", service=SERVICE
                ) from e
            yield names, _guarded_rows(rows)
        finally:
            response.close()

    def _check_table(self, table: str) -> None:
        if not _TABLE_NAME.match(table):
            raise ValueError(f"not a safe MyDB table name: {table!r}")

    def _run_sql(self, operation: str, sql: str, *, context: str | None, task_name: str, **kwargs):
        """The client's `operation` ("quick" or "submit") on `sql` in `context` (default: the configured
        one), bounded as `_bounded` says; a fault there is a fault of the SQL."""
        return self._bounded(
            getattr(self._client(), operation),
            sql,
            context=context or self.config.context,
            task_name=task_name,
            runs_sql=True,
            **kwargs,
        )

    def _bounded(
        self, fn: Callable[..., T], *args, timeout: float | None = None, runs_sql: bool = False, **kwargs
    ) -> T:
        """Call `fn` in a helper thread; give up after `timeout` (default: the configured timeout);
        translate its errors (`runs_sql`: the call runs a statement, so a fault is the statement's)."""
        timeout = timeout or self.config.timeout_seconds
        values: list[T] = []
        errors: list[BaseException] = []
        done = threading.Event()

        def run() -> None:
            try:
                values.append(fn(*args, **kwargs))
            except BaseException as e:  # re-raised in the caller's thread below
                errors.append(e)
            finally:
                done.set()

        threading.Thread(target=run, name="hcvvet-casjobs-call", daemon=True).start()
        if not done.wait(timeout):
            raise MastTimeoutError(f"{SERVICE} did not answer within {timeout:g} s", service=SERVICE)
        if errors:
            raise translate_error(errors[0], runs_sql=runs_sql) from errors[0]
        return values[0]


def translate_error(error: BaseException, *, runs_sql: bool = False) -> MastError:
    """The typed error for an exception raised inside `mastcasjobs` / `casjobs`; `runs_sql`: the call ran a
    statement (ExecuteQuickJob, SubmitJob), so a CasJobs fault is a fault of that statement."""
    if isinstance(error, MastError):
        return error
    if isinstance(error, _CasJobsFault):
        if runs_sql:
            return QueryFaultError(
                f"MAST CasJobs refused the query: {http.first_line(error.message)}", service=SERVICE
            )
        return MastUnavailableError(f"{SERVICE} failed: {http.first_line(error.message)}", service=SERVICE)
    if isinstance(error, ValueError) and "username/password" in str(error):  # the client's -1 WSID answer
        return MastLoginError(
            "MAST CasJobs rejected the login: check CASJOBS_USERID and CASJOBS_PW", service=SERVICE
        )
    if isinstance(error, requests.HTTPError) and error.response is not None:
        try:
            http.raise_for_status(error.response, service=SERVICE)
        except MastError as typed:
            return typed
    if isinstance(error, requests.Timeout):
        return MastTimeoutError(f"{SERVICE} timed out", service=SERVICE)
    if isinstance(error, requests.ConnectionError):
        return MastUnavailableError(f"{SERVICE} could not be reached", service=SERVICE)
    if isinstance(error, requests.RequestException):
        return MastBadResponseError(
            f"{SERVICE} answer was cut short ({type(error).__name__})", service=SERVICE
        )
    if isinstance(error, xml.parsers.expat.ExpatError | ParseError | IndexError | AttributeError):
        return MastBadResponseError(f"{SERVICE} sent an unreadable answer", service=SERVICE)
    m = _STATUS.match(str(error))
    if m:
        return _status_error(int(m.group("status")), m.group("msg").strip())
    return MastBadResponseError(f"{SERVICE} call failed: {type(error).__name__}: {error}", service=SERVICE)


def _status_error(status: int, message: str) -> MastError:
    """A failed call whose body was not a CasJobs fault: a blocked request, an outage or a refused request."""
    if status == 403:
        return MastBlockedError(
            f"MAST blocked the request: {http.blocked_request_id(message)}", service=SERVICE
        )
    if status >= 500:
        return MastUnavailableError(
            f"{SERVICE} answered HTTP {status}: {http.first_line(message)}", service=SERVICE
        )
    return MastRequestError(
        f"MAST CasJobs refused the request (HTTP {status}): {http.first_line(message)}", service=SERVICE
    )


@functools.cache
def _fault_aware_client_class() -> type:
    """`mastcasjobs.MastCasJobs` raising `_CasJobsFault` for a fault body, so errors are typed by their form
    (imported on first use: astropy is slow to import)."""
    import mastcasjobs

    class FaultAwareCasJobs(mastcasjobs.MastCasJobs):
        def _parse_error(self, text, maxlines=2):
            message = super()._parse_error(text, maxlines)
            if _FAULT_BODY.search(text):
                raise _CasJobsFault(message.strip())
            return message

    return FaultAwareCasJobs


def _guarded_lines(response: requests.Response) -> Iterator[str]:
    try:
        yield from response.iter_lines(decode_unicode=True, chunk_size=1 << 16)
    except requests.RequestException as e:
        raise MastBadResponseError(f"{SERVICE} table download was cut short", service=SERVICE) from e


def _guarded_rows(rows: Iterator[tuple]) -> Iterator[tuple]:
    try:
        yield from rows
    except ValueError as e:
        raise MastBadResponseError(f"{SERVICE} sent an unreadable table row ({e})", service=SERVICE) from e

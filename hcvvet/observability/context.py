"""The request id and the job id of the work in progress, for every log record made meanwhile.

A request's id is its X-Request-ID header when that is a plain token (a proxy's id carries through), else a
new one; the response echoes it. Tasks published during a request carry it in a message header, so a job's
worker logs name the request that started it. A task's job id is its `job_id` argument.
"""

import inspect
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar, Token

from celery import signals
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "hcvvet_request_id"
_TOKEN = re.compile(r"[A-Za-z0-9._:-]{1,64}")

request_id: ContextVar[str] = ContextVar("hcvvet_request_id", default="")
job_id: ContextVar[int | None] = ContextVar("hcvvet_job_id", default=None)
task_name: ContextVar[str] = ContextVar("hcvvet_task_name", default="")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Set here, cleared when the response is closed: Django logs a failed request (django.request) after
        # the middleware has returned.
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id.set(given if _TOKEN.fullmatch(given) else uuid.uuid4().hex)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id.get()
        return response


@receiver(request_finished)
def _request_done(**_) -> None:
    request_id.set("")


class ContextFilter(logging.Filter):
    """Adds `request_id`, `job_id` and `task` to every record (empty outside a request or a task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.job_id = job_id.get()
        record.task = task_name.get()
        return True


def task_job_id(task, args, kwargs) -> int | None:
    """The `job_id` argument of a task call, if the task takes one."""
    try:
        bound = inspect.signature(task.run).bind_partial(*(args or ()), **(kwargs or {}))
    except TypeError:
        return None
    value = bound.arguments.get("job_id")
    return value if isinstance(value, int) else None


@signals.before_task_publish.connect
def _carry_request_id(headers=None, **_) -> None:
    if headers is not None and request_id.get():
        headers.setdefault(TASK_HEADER, request_id.get())


_task_tokens: dict[str, tuple[Token[str], Token[int | None], Token[str]]] = {}


@signals.task_prerun.connect
def _enter_task(task_id=None, task=None, args=None, kwargs=None, **_) -> None:
    """A task published by a request runs with that request's id; one run in-process (eager) keeps the id
    of the request it runs in."""
    _task_tokens[task_id] = (
        request_id.set(getattr(task.request, TASK_HEADER, None) or request_id.get()),
        job_id.set(task_job_id(task, args, kwargs)),
        task_name.set(task.name),
    )


@signals.task_postrun.connect
def _leave_task(task_id=None, **_) -> None:
    tokens = _task_tokens.pop(task_id, None)
    if tokens is not None:
        request_id.reset(tokens[0])
        job_id.reset(tokens[1])
        task_name.reset(tokens[2])

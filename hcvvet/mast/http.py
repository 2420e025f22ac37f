"""The one place hcvvet's own HTTP calls to MAST are made: always with a timeout, errors typed."""

from __future__ import annotations

import threading

import requests

from .errors import (
    MastBadResponseError,
    MastBlockedError,
    MastRequestError,
    MastTimeoutError,
    MastUnavailableError,
)

_local = threading.local()


def session() -> requests.Session:
    """This thread's HTTP session: connections to MAST are kept alive and reused (no new TCP and TLS
    handshake per cutout); one per thread because a Session is not guaranteed thread-safe."""
    if getattr(_local, "session", None) is None:
        _local.session = requests.Session()
    return _local.session


def request(
    method: str, url: str, *, service: str, timeout_seconds: float, stream: bool = False, **kwargs
) -> requests.Response:
    """Send one request; return the response when its status is 2xx, else raise a typed `MastError`.

    Precondition: `timeout_seconds` > 0 (it bounds connecting and each read, not the whole body).
    """
    try:
        response = session().request(method, url, timeout=timeout_seconds, stream=stream, **kwargs)
    except requests.Timeout as e:
        raise MastTimeoutError(
            f"{service} did not answer within {timeout_seconds:g} s", service=service
        ) from e
    except requests.ConnectionError as e:
        raise MastUnavailableError(f"{service} could not be reached ({_reason(e)})", service=service) from e
    except requests.RequestException as e:
        raise MastBadResponseError(f"{service} answer was cut short ({_reason(e)})", service=service) from e
    raise_for_status(response, service=service)
    return response


def raise_for_status(response: requests.Response, *, service: str) -> None:
    status = response.status_code
    if status < 400:
        return
    try:
        text = response.text[:2000]
    except requests.RequestException:
        text = ""
    if status == 403 and "Request ID" in text:
        raise MastBlockedError(
            f"MAST blocked the request to {service}: {blocked_request_id(text)}", service=service
        )
    if status >= 500:
        raise MastUnavailableError(f"{service} answered HTTP {status}: {first_line(text)}", service=service)
    raise MastRequestError(
        f"{service} rejected the request (HTTP {status}): {first_line(text)}", service=service
    )


def read_body(response: requests.Response, *, service: str) -> bytes:
    """The whole body; a connection cut before Content-Length bytes arrived is a transient error."""
    try:
        return response.content
    except requests.RequestException as e:
        raise MastBadResponseError(f"{service} answer was cut short ({_reason(e)})", service=service) from e


def blocked_request_id(text: str) -> str:
    marker = "Request ID:"
    i = text.find(marker)
    if i < 0:
        return "contact MAST support"
    return "contact MAST support with Request ID " + text[i + len(marker) :].split()[0].strip("<")


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return "(empty body)"


def _reason(error: Exception) -> str:
    return type(error).__name__

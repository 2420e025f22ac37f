"""Typed MAST errors. Each says whether retrying the same call later may succeed (`retryable`).

Transient: HTTP 5xx, timeouts, refused or dropped connections, truncated or garbled bodies.
Permanent: rejected login, SQL errors, unknown target names, blocked access, bad requests.
"""


class MastError(Exception):
    """A MAST call failed. `message` is worded for the user who started the work."""

    retryable = False

    def __init__(self, message: str, *, service: str = "", retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.service = service
        if retryable is not None:
            self.retryable = retryable

    def __reduce__(self):
        # Celery pickles nothing (JSON), but result backends and logging may copy exceptions.
        return (_rebuild, (type(self), self.message, self.service, self.retryable))


def _rebuild(cls: type, message: str, service: str, retryable: bool) -> "MastError":
    return cls(message, service=service, retryable=retryable)


class MastTransientError(MastError):
    """Worth retrying with backoff: MAST was slow, down for a moment or cut the answer short."""

    retryable = True


class MastTimeoutError(MastTransientError):
    """No complete answer within the configured time."""


class MastUnavailableError(MastTransientError):
    """HTTP 5xx or a connection that could not be made or was dropped."""


class MastBadResponseError(MastTransientError):
    """A truncated or unparseable body: usually a connection cut mid-way, so retried."""


class MastPermanentError(MastError):
    """Retrying the same request cannot help; the user must change something."""


class MastLoginError(MastPermanentError):
    """CasJobs rejected the user name or password (CASJOBS_USERID / CASJOBS_PW)."""


class MastQueryError(MastPermanentError):
    """CasJobs refused the SQL (unknown table or column, syntax, context)."""


class MastBlockedError(MastPermanentError):
    """MAST's firewall blocked the request (HTTP 403 page with a Request ID)."""


class UnknownTargetError(MastPermanentError):
    """Name.Lookup knows no object of that name."""


class MastRequestError(MastPermanentError):
    """MAST rejected the request's parameters (HTTP 4xx)."""


class CutoutUnavailableError(MastError):
    """fitscut could not deliver a cutout; `retryable` tells whether a later attempt may succeed."""

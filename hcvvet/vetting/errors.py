"""Errors the vetting services raise for things a user can cause; views and the API map them to responses."""


class VettingError(Exception):
    """Base class: `field` names the offending input, if any; `status` is the HTTP status to send."""

    status = 400

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(VettingError):
    """The request is malformed (unknown class, reason code, selection key...)."""


class NotAllowed(VettingError):
    """The user may not do this (not an expert of the campaign, not a curator)."""

    status = 403


class Conflict(VettingError):
    """The state forbids it now (candidate already has its votes, nothing to undo, campaign not active)."""

    status = 409

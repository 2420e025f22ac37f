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


def storable(text: str) -> bool:
    """Whether every database can store the text: no NUL character (PostgreSQL text cannot hold one) and no
    lone surrogate (not encodable as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def require_storable(text: str, *, field: str) -> None:
    """InvalidInput naming `field` unless the text is `storable`, saying which fault it has."""
    if not storable(text):
        fault = "a NUL character" if "\x00" in text else "invalid Unicode"
        raise InvalidInput(f"{field} holds {fault}", field=field)


class NotAllowed(VettingError):
    """The user may not do this (not an expert of the campaign, not a curator)."""

    status = 403


class Conflict(VettingError):
    """The state forbids it now (candidate already has its votes, nothing to undo, campaign not active)."""

    status = 409

"""What every API view shares: JSON request bodies (uploads opt in to multipart), vetting errors as 4xx."""

from django.http import QueryDict
from rest_framework import exceptions
from rest_framework.parsers import MultiPartParser

from hcvvet.vetting.errors import VettingError, storable
from hcvvet.vetting.models import Campaign
from hcvvet.vetting.queues import default_campaign

from ..parsers import JSONParser

# Integer keys in URLs: at most 18 digits, so every one fits a 64-bit column (longer ones are simply 404).
ID_PATTERN = r"\d{1,18}"

# No request we accept is larger than this (label imports: 5 MB, MatchID lists: 2 MB, with the form around
# them).
MAX_REQUEST_BYTES = 6 * 1024 * 1024

# Request body of the upload operations: one file in the multipart field `file`.
UPLOAD_FILE = {
    "multipart/form-data": {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}},
        "required": ["file"],
    }
}


def unstorable_text(value) -> bool:
    """Whether parsed input holds text no database column can store: a NUL character (PostgreSQL text cannot
    hold one) or a lone UTF-16 surrogate (not encodable as UTF-8)."""
    if isinstance(value, str):
        return not storable(value)
    if isinstance(value, QueryDict):
        return any(unstorable_text(k) or unstorable_text(v) for k, v in value.lists())
    if isinstance(value, dict):
        return any(unstorable_text(k) or unstorable_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(unstorable_text(v) for v in value)
    return False


class ApiView:
    """Mixin for every API view: JSON bodies only; text that cannot be stored (NUL, lone surrogates) refused;
    the vetting services' errors as 400/403/409 naming the field that caused them."""

    parser_classes = (JSONParser,)

    def initial(self, request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_REQUEST_BYTES:
            # Refused before the body is read: no upload we accept is this large.
            raise RequestTooLarge(f"The request is {length:,} bytes; the limit is {MAX_REQUEST_BYTES:,}.")
        super().initial(request, *args, **kwargs)
        for where, value in (("path", kwargs), ("query", request.query_params), ("body", request.data)):
            if unstorable_text(value):
                raise exceptions.ParseError(f"The request {where} holds a NUL character or invalid Unicode.")

    def handle_exception(self, exc):
        if isinstance(exc, VettingError):
            exc = vetting_error_as_api_exception(exc)
        return super().handle_exception(exc)


class RowsOfTheAsker:
    """A view whose rows depend on who asks (`rows_for(user)`); the schema generator, which has no user and
    also runs in `check --deploy`, gets the class's empty `queryset` without a query."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return self.rows_for(self.request.user)


class UploadView(ApiView):
    parser_classes = (MultiPartParser,)


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request is too large."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The current state does not allow this."
    default_code = "conflict"


def vetting_error_as_api_exception(exc: VettingError) -> exceptions.APIException:
    detail = {exc.field: [exc.message]} if exc.field else [exc.message]
    if exc.status == 403:
        return exceptions.PermissionDenied(detail)
    if exc.status == 409:
        return Conflict(detail)
    return exceptions.ValidationError(detail)


def campaign_or_default(validated: dict) -> Campaign:
    """The campaign a validated form names, else the default campaign (created on first use)."""
    return validated.get("campaign") or default_campaign()

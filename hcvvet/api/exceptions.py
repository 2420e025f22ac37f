"""The API's error answers. The exception handler: DRF's, plus the errors that input alone can cause
outside DRF's own exceptions, answered as 400s rather than 500s:

- RecursionError: input nested deeper than some code can walk (the JSON parser refuses most of it first).
- django.core.exceptions.ValidationError: a model's or a service's own validation, with its fields.

And `not_found`: the JSON 404 of a URL under /api/ that no route matches.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from .parsers import too_deep


def exception_handler(exc, context):
    if isinstance(exc, RecursionError):
        exc = too_deep()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    return drf_exception_handler(exc, context)


def not_found(request, exception):
    """The site's 404 page (`handler404`): JSON under /api/, as every other API answer, else Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)

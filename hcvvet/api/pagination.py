"""Cursor pagination: stable pages over lists that grow while a client walks them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Pages of 50 (at most 500 with `page_size`), newest-stable by the view's `ordering`.

    A cursor is opaque to clients, but one can be forged: one that does not decode, or whose position is no
    value of the ordering's column (text for a number, a number beyond the column's range), is a 400 naming
    `cursor`, never a 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as error:  # DRF's answer to a cursor that does not decode
            raise self.invalid_cursor() from error
        except (ValueError, TypeError, OverflowError, DjangoValidationError, DataError) as error:
            if request.query_params.get(self.cursor_query_param) is None:
                raise
            raise self.invalid_cursor() from error

    def invalid_cursor(self) -> exceptions.ValidationError:
        return exceptions.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})


class CandidateCursorPagination(StableCursorPagination):
    ordering = "match_id"

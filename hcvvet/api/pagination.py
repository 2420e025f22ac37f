"""Cursor pagination: stable pages over lists that grow while a client walks them."""

from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Pages of 50 (at most 500 with `page_size`), newest-stable by the view's `ordering`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"


class CandidateCursorPagination(StableCursorPagination):
    ordering = "match_id"

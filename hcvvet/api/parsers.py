"""The API's JSON parser: DRF's, refusing bodies nested deeper than any request the API accepts.

Without a limit, a body of a few kB of brackets exhausts the interpreter's recursion (a 500) in the decoder
or in any code that walks the parsed value afterwards.
"""

from rest_framework import exceptions, parsers

MAX_JSON_DEPTH = 32


def json_depth(value) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0, `[]` and `{}` are 1), walked without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(
        f"JSON parse error - the body is nested deeper than {MAX_JSON_DEPTH} levels."
    )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep() from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise too_deep()
        return data

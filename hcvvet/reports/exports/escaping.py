"""Free text as one line of printable ASCII, so that CSV, ECSV, VOTable and FITS all keep it whole."""

from __future__ import annotations

import re

ESCAPED_DESCRIPTION = (
    "escaped to one line of printable ASCII as a Python string literal (backslash escapes; a leading or "
    "trailing space as \\x20)"
)


def text_escape(value: str) -> str:
    """`value` as one line of printable ASCII that every format keeps as is: Python string-literal escapes
    (`\\\\`, `\\n`, `\\xe9`, `\\u2248`, ...), and a leading or trailing space as `\\x20` because CSV, ECSV and
    VOTable readers strip field ends. `text_unescape` (or Python's "unicode_escape" codec) reverses it."""
    escaped = value.encode("unicode_escape").decode("ascii")
    core = escaped.strip(" ")
    if not core:
        return "\\x20" * len(escaped)
    lead = len(escaped) - len(escaped.lstrip(" "))
    trail = len(escaped) - len(escaped.rstrip(" "))
    return "\\x20" * lead + core + "\\x20" * trail


_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t", "'": "'", '"': '"'}


def text_unescape(value: str) -> str:
    """The text `text_escape` escaped. Lenient with hand-edited files: other characters, non-ASCII ones
    included, and unknown escapes are kept as they are."""

    def unescaped(match: re.Match[str]) -> str:
        code = match.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, match.group(0))

    return _ESCAPE.sub(unescaped, value)

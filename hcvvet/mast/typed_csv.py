"""Parsing CasJobs typed tables (`[Name]:type` headers) into Python values, row by row.

mastcasjobs reads whole results into astropy tables with a pure-Python reader; hcvvet streams rows
instead, so a full-scale result never sits in memory at once.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import product
from operator import call

_HEADER = re.compile(r"\[(?P<name>[^\[\]]+)\]:(?P<type>.+)$")
_INTEGER = {"int", "smallint", "tinyint", "bigint", "integer", "bit"}
_FLOAT = {"float", "decimal", "real"}


# A NULL comes as `null` in any letter case (or, for a number, as an empty field). Its 16 spellings are
# listed instead of lowering every value read: no other string lowers to "null" (no character but the ASCII
# letters lowers to n, u or l), so `text in _NULL` is exactly `text.lower() == "null"`, and much cheaper.
_NULL = frozenset(map("".join, product(*zip("null", "NULL", strict=True))))
_NULL_NUMBER = _NULL | {""}


def _int(text: str) -> int | None:
    return None if text in _NULL_NUMBER else int(text)


def _float(text: str) -> float | None:
    return None if text in _NULL_NUMBER else float(text)


def _str(text: str) -> str | None:
    return None if text in _NULL else text


def parse_header(fields: list[str]) -> tuple[list[str], list[Callable[[str], object]]]:
    """Column names and converters from typed header fields; a ValueError for a plain header."""
    names: list[str] = []
    converters: list[Callable[[str], object]] = []
    for field in fields:
        m = _HEADER.match(field.strip())
        if m is None:
            raise ValueError(f"not a typed column header: {field!r}")
        kind = m.group("type").strip().lower()
        names.append(m.group("name"))
        converters.append(_int if kind in _INTEGER else _float if kind in _FLOAT else _str)
    return names, converters


def iter_typed_rows(lines: Iterable[str], delimiter: str) -> tuple[list[str], Iterator[tuple]]:
    """(column names, iterator of converted row tuples) of a typed table given as text lines."""
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError("empty table: no header line") from None
    names, converters = parse_header(header)
    width = len(names)

    def rows() -> Iterator[tuple]:
        for fields in reader:
            if not fields:
                continue
            if len(fields) != width:
                raise ValueError(f"row has {len(fields)} fields, header has {width}")
            yield tuple(map(call, converters, fields))

    return names, rows()

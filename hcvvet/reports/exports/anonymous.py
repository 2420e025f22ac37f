"""Expert usernames replaced by stable anonymous ids in a labelled or agreement table: per-expert columns
renamed and re-described, and every cell that names an expert (AdjudicatedBy, rater_a, rater_b) mapped.

The ids themselves are made where the user ids and the secret are (`hcvvet.reports.labelled_anonymous`);
this module only applies a username -> id mapping.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping

import numpy as np
from astropy.table import Column, MaskedColumn, Table

from .columns import COMMENT_PREFIX, column_spec, expert_column
from .escaping import text_escape

ANONYMOUS_PREFIX = "expert-"
ANONYMOUS_NOTE = (
    "expert usernames replaced by anonymous ids (expert-<8 hex digits>), stable across exports of this "
    "deployment"
)
# columns whose cells name an expert; AdjudicatedBy holds the username escaped (`text_escape`)
NAME_CELLS: dict[str, Callable[[str], str]] = {"AdjudicatedBy": text_escape, "rater_a": str, "rater_b": str}
# free text (stored escaped) in which a username, as a word of its own, becomes the id too
FREE_TEXT = ("AdjudicationNote",)
NAME_EDGE = r"\w@+-"  # characters of a username: a match must not continue into one (nor into ".x")


def anonymous_id(secret: str, user_id: int) -> str:
    """`expert-` and the first 8 hex digits of HMAC-SHA256(secret, "hcvvet-expert:<user id>"): the same for
    one account in every export of a deployment, not reversible without the secret."""
    digest = hmac.new(secret.encode(), f"hcvvet-expert:{user_id}".encode(), hashlib.sha256).hexdigest()
    return ANONYMOUS_PREFIX + digest[:8]


def _cells_mapped(column: Column, convert: Callable[[str], str]) -> Column:
    """The column with `convert` applied to every cell, mask, unit and description kept."""
    values = [convert(value) for value in np.ma.getdata(column).tolist()]
    attributes = {"name": column.name, "unit": column.unit, "description": column.description}
    if isinstance(column, MaskedColumn):
        return MaskedColumn(values, mask=np.ma.getmaskarray(column), **attributes)
    return Column(values, **attributes)


def _names_mapped(column: Column, ids: Mapping[str, str], encode: Callable[[str], str]) -> Column:
    """Cells that are a username (as `encode` writes it) replaced by its id."""
    lookup = {encode(name): anonymous for name, anonymous in ids.items()}
    return _cells_mapped(column, lambda value: lookup.get(value, value))


def _mentions_replaced(column: Column, ids: Mapping[str, str]) -> Column:
    """Free text (stored escaped) with each username mentioned as a word of its own replaced by its id."""
    if not ids:
        return column
    escaped = {text_escape(name): anonymous for name, anonymous in ids.items()}
    words = "|".join(re.escape(name) for name in sorted(escaped, key=len, reverse=True))
    pattern = re.compile(f"(?<![{NAME_EDGE}.])({words})(?![{NAME_EDGE}]|\\.\\w)")
    return _cells_mapped(column, lambda value: pattern.sub(lambda m: escaped[m.group(1)], value))


def anonymised_table(table: Table, ids: Mapping[str, str]) -> Table:
    """A copy of `table` with every username of `ids` replaced by its anonymous id: the per-expert column
    names (`Vote_<username>` -> `Vote_expert-1a2b3c4d`) and their descriptions, the cells of the columns
    that name an expert, and a username mentioned in a comment or note. The provenance says so
    (`experts`)."""
    table = table.copy(copy_data=True)
    for name in list(table.colnames):
        per_expert = expert_column(name)
        if name.startswith(COMMENT_PREFIX) or name in FREE_TEXT:
            table.replace_column(name, _mentions_replaced(table[name], ids))
        if per_expert is not None and per_expert[1] in ids:
            new_name = per_expert[0] + ids[per_expert[1]]
            table.rename_column(name, new_name)
            table[new_name].description = column_spec(new_name).description
        elif name in NAME_CELLS:
            table.replace_column(name, _names_mapped(table[name], ids, NAME_CELLS[name]))
    table.meta["experts"] = ANONYMOUS_NOTE
    return table

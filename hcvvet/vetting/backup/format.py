"""The backup document's name and version, and how its values are written and read back: timestamps as
ISO 8601 with a UTC offset, users by username, choices checked against the model's values. A reader refuses
anything else.

Each kind of row the document holds as a list of records (campaigns, their items, labels, events,
adjudications, image flags) is declared once below as a `Record`: the keys of a record and the model fields
they come from and go back to. Export writes and restore reads through the same declaration."""

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, cast

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..errors import InvalidInput
from ..models import Adjudication, Campaign, CampaignCandidate, ImageFlag, Label, LabelEvent
from ..selection import Selection

FORMAT = "hcvvet-vetting-backup"
# 2: an expert's epoch rejection names its campaign (`campaign`, null for one made before rejections had a
# campaign), one entry per rejection; version 1 held one entry per rejected epoch, read as without a campaign.
# 3: campaigns carry the model settings (`audit_share`, `model_display`, `retire_confidence`,
# `retrain_after`) and their items the model's ranking and retirement (`in_audit`, `priority`, `retired_*`);
# versions 1 and 2 are read with the defaults (no model: never shown, nothing retired).
# 4: the sampling design of "uncertainty first, sampled" campaigns (`sampling_model`,
# `sampling_uniform_served`; each item's `sampling_p_artifact`), which their catalogue estimate weighs the
# labels by; earlier versions read as unranked.
# Also since 4: a campaign's p of the rule "Dawid-Skene posterior above p" (`rule_posterior`); earlier
# versions read it as empty (their campaigns never have that rule).
VERSION = 4
READABLE_VERSIONS = (1, 2, 3, 4)


def check_header(document: Any) -> None:
    """Refuse (InvalidInput) anything but a document of this format in a version this hcvvet reads."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(f"not an hcvvet vetting backup (its format must be {FORMAT!r})")
    version = document.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise InvalidInput(
            f"backup version {version!r} is not supported (this hcvvet reads {list(READABLE_VERSIONS)})"
        )


def datetime_text(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def datetime_value(value: str) -> datetime:
    """A timestamp as `datetime_text` wrote it; ValueError for anything else, naive times included."""
    parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise ValueError(f"{value!r} is not an ISO 8601 date and time with a UTC offset")
    return parsed


def datetime_value_or_none(value: str | None) -> datetime | None:
    return None if value is None else datetime_value(value)


def choice(value: Any, allowed: Iterable[Any], what: str) -> Any:
    """`value` if it is one of `allowed`; ValueError naming `what` otherwise."""
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {allowed}")
    return value


class Kind(enum.Enum):
    """How a value is written into the document and read back into its model field (`CONVERSIONS`)."""

    VALUE = enum.auto()  # as the model holds it: numbers, text, JSON, ids of referenced rows
    FLAG = enum.auto()  # true or false
    LIST = enum.auto()
    TIME = enum.auto()  # `datetime_text`
    USER = enum.auto()  # the username; each side knows its users (`Record.write`, `Record.read`)
    SELECTION = enum.auto()  # a campaign's selection, validated again when read


class Conversion(NamedTuple):
    write: Callable[[Any], Any]  # the model's value (never null) to the document's
    read: Callable[[Any], Any]  # the document's value to the model's; ValueError or TypeError if it cannot


def _as_is(value: Any) -> Any:
    return value


CONVERSIONS = {
    Kind.VALUE: Conversion(_as_is, _as_is),
    Kind.FLAG: Conversion(_as_is, bool),
    Kind.LIST: Conversion(list, list),
    Kind.TIME: Conversion(datetime_text, datetime_value),
    Kind.SELECTION: Conversion(
        lambda stored: Selection.from_json(stored).to_json(), lambda raw: Selection.parse(raw).to_json()
    ),
}


@dataclass(frozen=True)
class Column:
    """One key of a record and the model field it holds; a value is read back only if the field allows it
    (null, one of its choices). `since`: the format version that added the key; a document of an older version
    is read with the field's default."""

    key: str
    field: str = ""  # the model field's attribute name, when it is not the key
    kind: Kind = Kind.VALUE
    since: int = 1

    @property
    def attribute(self) -> str:
        return self.field or self.key


@dataclass(frozen=True)
class Record:
    """How one kind of row is written in the document: `name` says what one is in messages."""

    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]

    def write(self, row: models.Model, username: Callable[[int], str]) -> dict[str, Any]:
        """The record of `row`; `username` names a user by id."""
        record = {}
        for column in self.columns:
            value = getattr(row, column.attribute)
            write = username if column.kind is Kind.USER else CONVERSIONS[column.kind].write
            record[column.key] = None if value is None else write(value)
        return record

    def read(
        self, entry: dict[str, Any], *, version: int, user_id: Callable[[str], int], **known: Any
    ) -> models.Model:
        """The unsaved row of a record (`entry`) of a document of `version`; `user_id` finds a user by
        username, `known` holds fields the record does not (its parent's id). KeyError, TypeError or
        ValueError for a record that is not as `write` made it."""
        values = {c.attribute: self._value(c, entry, version, user_id) for c in self.columns}
        return self.model(**values, **known)

    def _value(
        self, column: Column, entry: dict[str, Any], version: int, user_id: Callable[[str], int]
    ) -> Any:
        # a column holds a field of the model itself, never a relation's reverse side
        field = cast("models.Field[Any, Any]", self.model._meta.get_field(column.attribute))
        if version < column.since:
            return field.get_default()
        value = entry[column.key]
        if value is None and field.null:
            return None
        read = user_id if column.kind is Kind.USER else CONVERSIONS[column.kind].read
        value = read(value)
        if field.choices:
            choice(value, [v for v, _ in field.flatchoices], f"{self.name} {column.key}")
        return value


CAMPAIGN = Record(
    "campaign",
    Campaign,
    (
        Column("id"),
        Column("name"),
        Column("description"),
        Column("selection", kind=Kind.SELECTION),
        Column("votes_needed"),
        Column("blind", kind=Kind.FLAG),
        Column("rule"),
        Column("rule_k"),
        Column("rule_posterior", since=4),
        Column("order"),
        Column("seed"),
        Column("audit_share", since=3),
        Column("model_display", since=3),
        Column("retire_confidence", since=3),
        Column("retrain_after", since=3),
        Column("sampling_model", since=4),
        Column("sampling_uniform_served", since=4),
        Column("state"),
        Column("is_default", kind=Kind.FLAG),
        Column("created_by", "created_by_id", Kind.USER),
        Column("created_at", kind=Kind.TIME),
        Column("started_at", kind=Kind.TIME),
    ),
)
# A campaign's frozen membership, listed in its campaign's record as "items".
CAMPAIGN_ITEM = Record(
    "campaign item",
    CampaignCandidate,
    (
        Column("id"),
        Column("match_id", "candidate_id"),
        Column("position"),
        Column("stratum"),
        Column("is_gold", kind=Kind.FLAG),
        Column("gold_class"),
        Column("vote_count"),
        Column("consensus"),
        Column("consensus_class"),
        Column("decided_at", kind=Kind.TIME),
        Column("in_audit", kind=Kind.FLAG, since=3),
        Column("priority", since=3),
        Column("sampling_p_artifact", since=4),
        Column("retired_at", kind=Kind.TIME, since=3),
        Column("retired_model", since=3),
        Column("retired_class", since=3),
        Column("retired_probability", since=3),
    ),
)
LABEL = Record(
    "label",
    Label,
    (
        Column("id"),
        Column("campaign", "campaign_id"),
        Column("match_id", "candidate_id"),
        Column("expert", "expert_id", Kind.USER),
        Column("expert_class"),
        Column("skipped", kind=Kind.FLAG),
        Column("reasons", kind=Kind.LIST),
        Column("comment"),
        Column("seconds_spent"),
        Column("created_at", kind=Kind.TIME),
        Column("updated_at", kind=Kind.TIME),
    ),
)
EVENT = Record(
    "event",
    LabelEvent,
    (
        Column("id"),
        Column("kind"),
        Column("actor", "actor_id", Kind.USER),
        Column("campaign", "campaign_id"),
        Column("match_id", "candidate_id"),
        Column("label", "label_id"),
        Column("before"),
        Column("after"),
        Column("undoes", "undoes_id"),
        Column("created_at", kind=Kind.TIME),
    ),
)
ADJUDICATION = Record(
    "adjudication",
    Adjudication,
    (
        Column("id"),
        Column("item", "item_id"),
        Column("decided_class"),
        Column("adjudicator", "adjudicator_id", Kind.USER),
        Column("rule"),
        Column("votes"),
        Column("note"),
        Column("decided_at", kind=Kind.TIME),
    ),
)
IMAGE_FLAG = Record(
    "image flag",
    ImageFlag,
    (
        Column("id"),
        Column("image", "image_id"),
        Column("reason"),
        Column("flagged_by", "flagged_by_id", Kind.USER),
        Column("created_at", kind=Kind.TIME),
        Column("cleared_by", "cleared_by_id", Kind.USER),
        Column("cleared_at", kind=Kind.TIME),
        Column("marked_for_review", kind=Kind.LIST),
    ),
)

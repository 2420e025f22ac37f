"""Exports with expert usernames replaced by stable anonymous ids (`anonymous=1` on the downloads): the
labelled candidate table and the agreement report. An id is `exports.anonymous_id` of the account's primary
key under the deployment's SECRET_KEY: the same in every export of the deployment, not reversible without
the secret."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np
from astropy.table import Table
from django.conf import settings

from hcvvet.accounts.models import User

from . import exports
from .services import Agreement, ReportResult

ANONYMOUS_PARAMETER = "anonymous"
ANONYMOUS_VALUES = {"0": False, "false": False, "1": True, "true": True}
ANONYMOUS_HELP = (
    "1 (or true) replaces expert usernames by stable anonymous ids (expert-<8 hex digits>) in every column "
    "and field that names an expert; 0, false or absent keeps them."
)


def anonymous_flag(value: str | None) -> bool:
    """The `anonymous` query parameter as a flag (absent: False); ValueError saying what it accepts for any
    other value than those of `ANONYMOUS_VALUES`."""
    if value is None:
        return False
    if value not in ANONYMOUS_VALUES:
        raise ValueError(f"{value!r} is not a choice: use 1 or true (anonymous ids), 0 or false (usernames)")
    return ANONYMOUS_VALUES[value]


def expert_ids(usernames: Iterable[str]) -> dict[str, str]:
    """username -> anonymous id of each existing account among `usernames` (one query)."""
    accounts = User.objects.filter(username__in=set(usernames)).values_list("username", "pk")
    return {username: exports.anonymous_id(settings.SECRET_KEY, pk) for username, pk in accounts}


def _table_usernames(table: Table) -> set[str]:
    names = {per_expert[1] for name in table.colnames if (per_expert := exports.expert_column(name))}
    if "AdjudicatedBy" in table.colnames:
        column = table["AdjudicatedBy"]
        given = ~np.ma.getmaskarray(column)
        names |= {exports.text_unescape(str(value)) for value in np.ma.getdata(column)[given] if value}
    return names


def anonymised_labelled(table: Table) -> Table:
    """The labelled candidate table with every expert (voter and adjudicator) under an anonymous id."""
    return exports.anonymised_table(table, expert_ids(_table_usernames(table)))


def anonymised_report(result: ReportResult) -> ReportResult:
    """The report with its raters (the agreement report's pairs, accuracy and Dawid-Skene confusion matrices)
    under anonymous ids; reports that name no expert unchanged."""
    statistic = result.statistic
    if not isinstance(statistic, Agreement):
        return result
    skill = statistic.skill
    raters = {str(p.rater_a) for p in statistic.pairs} | {str(p.rater_b) for p in statistic.pairs}
    raters |= {str(r.rater) for r in statistic.accuracy}
    raters |= {str(e.rater) for e in skill.experts} if skill is not None else set()
    ids = expert_ids(raters)

    def named(rater: object) -> object:
        return ids.get(str(rater), rater)

    if skill is not None:
        skill = replace(skill, experts=[replace(e, rater=named(e.rater)) for e in skill.experts])
    anonymous = replace(
        statistic,
        pairs=[replace(p, rater_a=named(p.rater_a), rater_b=named(p.rater_b)) for p in statistic.pairs],
        accuracy=[replace(r, rater=named(r.rater)) for r in statistic.accuracy],
        skill=skill,
    )
    provenance = replace(result.provenance, experts=exports.ANONYMOUS_NOTE)
    return replace(result, statistic=anonymous, provenance=provenance)

"""Who may have which report, the one rule for the pages and the REST API (a report refused on one is refused
on the other): first a role (viewer, expert or curator: a signed-in account without one has no report, no
figure and no export), then the blind-review rules (`hcvvet.vetting.visibility.report_access`) asked per kind
of report."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import prefetch_related_objects

from hcvvet.accounts.models import Role
from hcvvet.vetting.models import Campaign
from hcvvet.vetting.visibility import hidden_candidates, report_access

from . import selectors
from .selectors import ReportFilters
from .services import REPORTS, SCATTER_REPORTS

LABELLED_EXPORT = "labelled-candidates"
SIGN_IN = "Sign in to see reports."
NO_ROLE = (
    "Your account has no role in hcvvet, and reports, figures and exports need one: ask a curator to give "
    "you the viewer, expert or curator role."
)


class ReportKind(NamedTuple):
    uses_labels: bool
    per_object: bool
    shows_classes: bool = True


def role_refusal(user) -> str | None:
    """Why `user` may have no report at all (not signed in, or no role), or None. Reads the user's roles
    once: `is_curator` and `is_expert` ask no more queries afterwards."""
    if not user.is_authenticated:
        return SIGN_IN
    if "groups" not in getattr(user, "_prefetched_objects_cache", {}):
        prefetch_related_objects([user], "groups")
    if not any(user.has_role(role) for role in Role.ALL):
        return NO_ROLE
    return None


def narrowing(user, filters: ReportFilters) -> str:
    """How `filters` narrow a report to a few objects that include candidates hidden from `user` (a blind
    campaign they vote in waits for their vote), in words: a group, a campaign, a date range of votes; ""
    when they do not. The blind-review rules refuse reports showing classes on such a selection: a bin or a
    cell could hold a single hidden candidate."""
    hidden = hidden_candidates(user) if user.is_authenticated else None
    if hidden is None:
        return ""
    parts = []
    if filters.group_id is not None:
        parts.append(f"GroupID {filters.group_id}")
    if filters.campaign:
        parts.append(f"campaign {filters.campaign!r}")
    if filters.labelled_from is not None or filters.labelled_to is not None:
        parts.append("a date range of votes")
    if not parts:
        return ""
    try:
        campaign = selectors.campaign_get(filters.campaign)
    except Campaign.DoesNotExist:
        return ""  # building the report answers it (a 400)
    if not selectors.candidates(filters, campaign).filter(pk__in=hidden).exists():
        return ""
    return " and ".join(parts)


def _report_kind(name: str, filters: ReportFilters) -> ReportKind:
    """What report `name` on `filters` shows, as the blind-review rules ask; a scatter report coloured by
    AutoClass shows no expert class whatever the source. Unknown names show nothing: building them is a
    400."""
    if name == LABELLED_EXPORT:
        return ReportKind(uses_labels=True, per_object=True)
    if name not in REPORTS:
        return ReportKind(uses_labels=False, per_object=False, shows_classes=False)
    if name in SCATTER_REPORTS and filters.colour_by == "auto":
        return ReportKind(uses_labels=False, per_object=False, shows_classes=False)
    return ReportKind(
        uses_labels=name == "agreement" or filters.source == "labels",
        per_object=name in SCATTER_REPORTS,
    )


def report_refusals(user, names: list[str], filters: ReportFilters) -> dict[str, str]:
    """Report name -> why the blind-review rules keep it from `user`, for the refused ones among `names` (of
    `services.REPORTS` and `LABELLED_EXPORT`): all of them without a role, else the blind-review rules,
    asked once per kind of report."""
    no_role = role_refusal(user)
    if no_role is not None:
        return dict.fromkeys(names, no_role)
    by_kind: dict[ReportKind, str | None] = {}
    refused: dict[str, str] = {}
    narrowed = narrowing(user, filters)
    for name in names:
        kind = _report_kind(name, filters)
        if kind not in by_kind:
            by_kind[kind] = report_access(
                user,
                filters.campaign or None,
                uses_labels=kind.uses_labels,
                per_object=kind.per_object,
                shows_classes=kind.shows_classes,
                narrowed=narrowed,
            )
        refusal = by_kind[kind]
        if refusal is not None:
            refused[name] = refusal
    return refused


def report_refusal(user, name: str, filters: ReportFilters) -> str | None:
    """Why the blind-review rules keep report `name` on `filters` from `user`; None if they do not."""
    return report_refusals(user, [name], filters).get(name)


def anchoring_refusal(user, campaign_name: str | None) -> str | None:
    """Why `user` may not have the anchoring report (each label against the model's class, by what was shown)
    of campaign `campaign_name`, or of every campaign if None; None if they may. It is label data showing
    classes, narrowed to a campaign's candidates: refused exactly as the agreement report on the same
    campaign is (a role first, then every blind-review rule, narrowing included)."""
    return report_refusal(user, "agreement", ReportFilters(source="labels", campaign=campaign_name or ""))


def estimates_refusal(user, campaign_name: str | None) -> str | None:
    """Why `user` may not have the catalogue estimates of campaign `campaign_name` (the artifact fraction from
    its expert labels, `triage.estimates`), or None if they may: refused exactly as the artifact-fraction
    report on the same campaign from hcvvet's labels is (a role first, then every blind-review rule)."""
    filters = ReportFilters(source="labels", campaign=campaign_name or "")
    return report_refusal(user, "artifact-fraction", filters)

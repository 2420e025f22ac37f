"""Database reads of the reports: each returns numpy arrays (or counts) from ONE values or aggregate query.

Rows are either one per object (`Candidate`, the HCVmatch row) or one per object and filter (`FilterStat`, the
HCVfilter row). Every selector applies the same filter set (`ReportFilters`) and yields the object's class
under the chosen label source as `label`: 0 means "no class under this source" (unvetted), as ExpertClass 0 in
the catalogue.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypedDict

import numpy as np
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate, FilterStat
from hcvvet.vetting.models import Campaign, CampaignCandidate, Label

from .statistics import CANDIDATE_AUTO_CLASSES, ClassKind

if TYPE_CHECKING:  # a typing helper of django-stubs, not needed to run
    from django_stubs_ext import WithAnnotations

LabelSource = Literal["hcv", "labels"]
LABEL_SOURCES: dict[str, str] = {
    "hcv": "catalogue ExpertClass (HCV)",
    "labels": "hcvvet labels (campaign consensus, or every adjudicated outcome)",
}


# AutoClasses a report covers when none are chosen: the candidates; MAD versus magnitude also the constant
# objects, whose locus the candidates stand out from (notebook cell 8)
REPORT_AUTO_CLASSES: dict[str, tuple[int, ...]] = {"mad-vs-magnitude": (0, 1, 2)}


def default_auto_classes(report: str) -> tuple[int, ...]:
    """The AutoClasses report `report` covers when the user chose none."""
    return REPORT_AUTO_CLASSES.get(report, CANDIDATE_AUTO_CLASSES)


@dataclass(frozen=True)
class ReportFilters:
    """The selection a report is computed on.

    `source` picks the class of each object: "hcv" the catalogue's ExpertClass, "labels" hcvvet's own
    outcome (the campaign's consensus when `campaign` is set, else `Candidate.expert_class`). A campaign also
    restricts the objects to its candidates. `labelled_from` / `labelled_to` (inclusive dates, in the site's
    time zone) keep objects that received an hcvvet vote in that range (in the campaign, if set); agreement
    reports count only the votes of that range. `blue` / `red` pick the colour-magnitude filters and
    `filter_name` the MAD-magnitude filter; empty means the most populated ones. `colour_by` colours scatter
    plots.
    """

    source: LabelSource = "hcv"
    campaign: str = ""
    group_id: int | None = None
    filter_name: str = ""
    auto_classes: tuple[int, ...] = CANDIDATE_AUTO_CLASSES
    labelled_from: date | None = None
    labelled_to: date | None = None
    blue: str = ""
    red: str = ""
    colour_by: ClassKind = "expert"

    def selection(self) -> dict[str, Any]:
        """The non-default choices, for provenance metadata."""
        defaults = ReportFilters()
        chosen = {k: v for k, v in asdict(self).items() if v != getattr(defaults, k) and k != "source"}
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in chosen.items()}


def campaign_get(name: str) -> Campaign | None:
    """The campaign of that name, None for ""; Campaign.DoesNotExist if there is none."""
    return Campaign.objects.get(name=name) if name else None


def _day_range(filters: ReportFilters) -> tuple[datetime | None, datetime | None]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(filters.labelled_from, time.min, zone) if filters.labelled_from else None
    stop = (
        datetime.combine(filters.labelled_to + timedelta(days=1), time.min, zone)
        if filters.labelled_to
        else None
    )
    return start, stop


class LabelAnnotation(TypedDict):
    """What every selector's queryset is annotated with: the object's class under the label source."""

    label: int


def _vote_condition(
    filters: ReportFilters, campaign: Campaign | None, prefix: str = "", *, classified: bool = True
) -> Q:
    """Votes (labels with a class; every label, skipped and withdrawn ones too, unless `classified`) in the
    campaign and date range; `prefix` reaches Label from the query."""
    condition = Q(**{f"{prefix}expert_class__isnull": False}) if classified else Q()
    if campaign is not None:
        condition &= Q(**{f"{prefix}campaign": campaign})
    start, stop = _day_range(filters)
    if start:
        condition &= Q(**{f"{prefix}updated_at__gte": start})
    if stop:
        condition &= Q(**{f"{prefix}updated_at__lt": stop})
    return condition


def _scoped(
    queryset: QuerySet, filters: ReportFilters, campaign: Campaign | None, to_candidate: str
) -> QuerySet:
    """`queryset` narrowed to the filter set, annotated with `label`; `to_candidate` is the path from its
    model to Candidate ("" from Candidate itself, "candidate__" from FilterStat)."""
    candidate_pk = f"{to_candidate}pk" if to_candidate else "pk"
    narrowed = queryset.filter(**{f"{to_candidate}auto_class__in": filters.auto_classes})
    if filters.group_id is not None:
        narrowed = narrowed.filter(**{f"{to_candidate}group_id": filters.group_id})
    if filters.labelled_from or filters.labelled_to:
        votes = Label.objects.filter(_vote_condition(filters, campaign), candidate=OuterRef(candidate_pk))
        narrowed = narrowed.filter(Exists(votes))
    if campaign is not None:
        item = f"{to_candidate}campaign_items"
        narrowed = narrowed.annotate(
            item=FilteredRelation(item, condition=Q(**{f"{item}__campaign": campaign}))
        ).filter(item__isnull=False)
    label: F | Coalesce
    if filters.source == "hcv":
        label = F(f"{to_candidate}hcv_expert_class")
    elif campaign is not None:
        label = Coalesce("item__consensus_class", Value(0))
    else:
        label = Coalesce(f"{to_candidate}expert_class", Value(0))
    return narrowed.annotate(label=label).order_by()


FETCH_BATCH = 100_000  # rows per fetchmany


def _fetch(queryset: QuerySet, columns: Mapping[str, str]) -> np.ndarray:
    """One query: the named columns (field -> numpy dtype, "O" for text) as a structured array; no column may
    be NULL. Rows go from the cursor straight into numpy, a batch at a time: no model, dict or converter per
    row, which costs more than the query itself at a million rows."""
    dtype = np.dtype(list(columns.items()))
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    parts = [np.empty(0, dtype=dtype)]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_BATCH):
            parts.append(np.array(rows, dtype=dtype))
    return np.concatenate(parts)


def candidates(
    filters: ReportFilters, campaign: Campaign | None
) -> QuerySet[WithAnnotations[Candidate, LabelAnnotation]]:
    """Objects of the selection (one per MatchID), annotated with `label`; with `filter_name`, only objects
    measured in that filter."""
    queryset = _scoped(Candidate.objects.all(), filters, campaign, "")
    if filters.filter_name:
        in_filter = FilterStat.objects.filter(candidate=OuterRef("pk"), filter=filters.filter_name)
        queryset = queryset.filter(Exists(in_filter))
    return queryset


def filter_rows(
    filters: ReportFilters, campaign: Campaign | None
) -> QuerySet[WithAnnotations[FilterStat, LabelAnnotation]]:
    """Object-filter rows of the selection, annotated with the object's `label`."""
    queryset = _scoped(FilterStat.objects.all(), filters, campaign, "candidate__")
    if filters.filter_name:
        queryset = queryset.filter(filter=filters.filter_name)
    return queryset


def class_counts(filters: ReportFilters, campaign: Campaign | None) -> dict[tuple[int, int], int]:
    """Objects per (AutoClass, label), counted by the database."""
    rows = candidates(filters, campaign).values_list("auto_class", "label").annotate(n=Count("*"))
    return {(int(auto), int(label)): n for auto, label, n in rows}


def bin_case_sql(value: str, edges: Sequence[float]) -> tuple[str, int]:
    """Portable SQL for the numpy.histogram bin index of `value` among float64 `edges` (-1 outside them, and
    for NULL), and how many times it uses `value`: a binary search of nested CASEs (about log2(len(edges))
    comparisons a row). Edges are float literals (repr round-trips a float64), never user input."""

    def search(lo: int, hi: int) -> str:  # value lies in [edges[lo], edges[hi]): its bin among lo .. hi-1
        if hi - lo == 1:
            return str(lo)
        mid = (lo + hi) // 2
        return f"CASE WHEN {value} < {edges[mid]!r} THEN {search(lo, mid)} ELSE {search(mid, hi)} END"

    inside = f"{value} >= {edges[0]!r} AND {value} < {edges[-1]!r}"
    last = f"WHEN {value} = {edges[-1]!r} THEN {len(edges) - 2}"
    sql = f"(CASE WHEN {inside} THEN {search(0, len(edges) - 1)} {last} ELSE -1 END)"
    return sql, 3 + (len(edges) - 2)


def bin_width_bucket_sql(value: str, edges: Sequence[float]) -> tuple[str, int]:
    """The same on PostgreSQL by width_bucket's binary search over an array of the edges (NULL for NULL)."""
    array = ", ".join(repr(e) for e in edges)
    # width_bucket: 0 below the first edge, i for edges[i-1] <= value < edges[i], len(edges) from the last
    sql = (
        f"(CASE WHEN {value} = {edges[-1]!r} THEN {len(edges) - 2} "
        f"ELSE width_bucket({value}, ARRAY[{array}]::float8[]) - 1 END)"
    )
    return sql, 2


class MadBin(Func):
    """Index of the `numpy.histogram` bin of a value among float64 `edges`, -1 outside them: nested CASEs on
    any database, width_bucket on PostgreSQL."""

    output_field = IntegerField()

    def __init__(self, expression: Combinable, *, edges: Iterable[float]) -> None:
        self.edges = [float(e) for e in edges]
        super().__init__(expression)

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[Any, ...]]:
        value, params = compiler.compile(self.source_expressions[0])
        sql, uses = bin_case_sql(value, self.edges)
        return sql, tuple(params) * uses

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        value, params = compiler.compile(self.source_expressions[0])
        sql, uses = bin_width_bucket_sql(value, self.edges)
        return sql, tuple(params) * uses


def mad_bin_counts(
    filters: ReportFilters, campaign: Campaign | None, edges: np.ndarray
) -> dict[tuple[int, int], int]:
    """Rows flagged variable (FilterDetFlag > 0) with a MAD per (MAD bin, label), counted by the database:
    one aggregate over the flagged rows joined to their objects, which PostgreSQL reads from the partial
    index `filterstat_flagged` alone (a few % of the rows; count(*), as counting a column outside the index
    would read the table).

    Bin i holds edges[i] <= MAD < edges[i + 1], the last bin also MAD == edges[-1]: the bins of
    `numpy.histogram`, compared exactly against the same float64 edges; rows outside the edges are counted
    in bin -1 (label 0, no class, is counted too: the caller leaves those rows out and says how many).
    """
    rows = (
        filter_rows(filters, campaign)
        .filter(filter_det_flag__gt=0, mad__isnull=False)
        .annotate(mad_bin=MadBin(F("mad"), edges=edges))
        .values_list("mad_bin", "label")
        .annotate(n=Count("*"))
    )
    n_bins = len(edges) - 1
    counts: dict[tuple[int, int], int] = {}
    for b, label, n in rows:
        key = (int(b) if 0 <= b < n_bins else -1, int(label))
        counts[key] = counts.get(key, 0) + n
    return counts


def filter_populations(filters: ReportFilters, campaign: Campaign | None) -> list[tuple[str, int]]:
    """(filter, object-filter rows) of the selection, most populated first."""
    rows = filter_rows(filters, campaign).values_list("filter").annotate(n=Count("pk"))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


SCATTER_CONSTANTS_CAP = 100_000  # constant objects a scatter figure shows, at most about


def thinning_stride(n_constants: int, cap: int) -> int:
    """k such that 1 in k of `n_constants` constant objects is at most about `cap`: 1 when they fit, else the
    smallest prime >= n_constants / cap (prime, so that MatchIDs in an arithmetic progression with a step
    sharing a factor with k are not all kept or all dropped)."""
    if n_constants <= cap:
        return 1
    k = -(-n_constants // cap)
    while any(k % d == 0 for d in range(2, math.isqrt(k) + 1)):
        k += 1
    return k


def _thinned(queryset: QuerySet, filters: ReportFilters, to_candidate: str, cap: int) -> tuple[QuerySet, int]:
    """`queryset` (rows of objects, `to_candidate` the path to Candidate) keeping every candidate and, when
    more than `cap` rows are of constant objects (AutoClass 0), only the constant objects whose MatchID is
    divisible by k; and k (1: nothing thinned). Deterministic and stable: the same objects on every call and
    every database, whatever else changes; every row of a kept object is kept. One count when constants are
    selected."""
    if 0 not in filters.auto_classes:
        return queryset, 1
    stride = thinning_stride(queryset.filter(**{f"{to_candidate}auto_class": 0}).count(), cap)
    if stride == 1:
        return queryset, 1
    kept = queryset.alias(match_id_bucket=F(f"{to_candidate}pk") % stride)
    return kept.filter(Q(**{f"{to_candidate}auto_class__gt": 0}) | Q(match_id_bucket=0)), stride


def magnitude_rows(
    filters: ReportFilters, campaign: Campaign | None, filter_names: list[str]
) -> tuple[np.ndarray, int]:
    """Rows in `filter_names` with a magnitude and MAD: `match_id`, `filter`, `mag` (MeanCorrMag) and `mad`
    [mag], `auto_class`, `label`; constant objects thinned to about SCATTER_CONSTANTS_CAP per filter (see
    `_thinned`), and the stride k of that thinning."""
    queryset = (
        _scoped(FilterStat.objects.all(), filters, campaign, "candidate__")
        .filter(filter__in=filter_names, mean_corr_mag__isnull=False, mad__isnull=False)
        .annotate(auto_class=F("candidate__auto_class"))
    )
    columns = {
        "candidate_id": "i8",
        "filter": "O",
        "mean_corr_mag": "f8",
        "mad": "f8",
        "auto_class": "i2",
        "label": "i2",
    }
    cap = SCATTER_CONSTANTS_CAP * len(filter_names)
    thinned, stride = _thinned(queryset, filters, "candidate__", cap)
    return _fetch(thinned, columns), stride


def sky_rows(filters: ReportFilters, campaign: Campaign | None) -> tuple[np.ndarray, int]:
    """One row per object: `ra_deg`, `dec_deg`, `auto_class`, `label`; constant objects thinned to about
    SCATTER_CONSTANTS_CAP (see `_thinned`), and the stride k of that thinning."""
    columns = {"ra_deg": "f8", "dec_deg": "f8", "auto_class": "i2", "label": "i2"}
    thinned, stride = _thinned(candidates(filters, campaign), filters, "", SCATTER_CONSTANTS_CAP)
    return _fetch(thinned, columns), stride


def votes(
    filters: ReportFilters, campaign: Campaign | None, *, latest_last: bool = False
) -> tuple[dict[str, np.ndarray], int]:
    """Every expert's current class on the selection's objects: `campaign_id`, `candidate_id`, `username`,
    `expert_class`; in `campaign` if set, else in every campaign; oldest first if `latest_last`. And how many
    of the selection's labels have no class (skipped or withdrawn: no vote). Two queries: the labels, then
    their experts' names (a join per vote would cost more than the names)."""
    queryset = Label.objects.filter(_vote_condition(filters, campaign, classified=False)).filter(
        candidate__auto_class__in=filters.auto_classes
    )
    if filters.group_id is not None:
        queryset = queryset.filter(candidate__group_id=filters.group_id)
    if filters.filter_name:
        in_filter = FilterStat.objects.filter(candidate=OuterRef("candidate_id"), filter=filters.filter_name)
        queryset = queryset.filter(Exists(in_filter))
    queryset = queryset.annotate(vote_class=Coalesce("expert_class", Value(0))).order_by(
        *(["updated_at"] if latest_last else [])
    )
    columns = {"candidate_id": "i8", "expert_id": "i8", "vote_class": "i2"}
    if campaign is None:
        columns["campaign_id"] = "i8"
    labels = _fetch(queryset, columns)
    rows = labels[labels["vote_class"] > 0]
    experts, expert_index = np.unique(rows["expert_id"], return_inverse=True)
    names = dict(User.objects.filter(pk__in=experts.tolist()).values_list("pk", "username"))
    usernames = np.array([names[pk] for pk in experts.tolist()], dtype=object)
    classified = {
        "campaign_id": rows["campaign_id"] if campaign is None else np.full(len(rows), campaign.pk),
        "candidate_id": rows["candidate_id"],
        "username": usernames[expert_index.reshape(-1)],
        "expert_class": rows["vote_class"],
    }
    return classified, len(labels) - len(rows)


def gold_classes(campaign: Campaign) -> dict[int, int]:
    """MatchID -> known class of the campaign's gold candidates."""
    rows = CampaignCandidate.objects.filter(campaign=campaign, is_gold=True, gold_class__isnull=False)
    return {
        match_id: gold_class
        for match_id, gold_class in rows.values_list("candidate_id", "gold_class")
        if gold_class is not None  # always, by the filter: the narrowing the type checker needs
    }


LABELLED_FIELDS: dict[str, str] = {
    # export column -> query field
    "MatchID": "candidate_id",
    "GroupID": "candidate__group_id",
    "SubGroupID": "candidate__sub_group_id",
    "RA": "candidate__ra_deg",
    "Dec": "candidate__dec_deg",
    "AutoClass": "candidate__auto_class",
    "ExpertClass": "candidate__hcv_expert_class",
    "NumFilters": "candidate__num_filters",
    "Filter": "filter",
    "FilterDetFlag": "filter_det_flag",
    "VarQualFlag": "var_qual_flag",
    "NumLC": "num_lc",
    "MeanMag": "mean_mag",
    "MeanCorrMag": "mean_corr_mag",
    "MAD": "mad",
    "Chi2": "chi2",
    "ConsensusClass": "label",
}


def labelled_rows(filters: ReportFilters, campaign: Campaign | None) -> dict[str, list]:
    """Object-filter rows of the objects with an hcvvet outcome or vote, as export column -> values (None
    where the catalogue has no value; ConsensusClass 0 where there is no outcome yet). `filters.source` is
    ignored: the consensus is always hcvvet's."""
    hcvvet_filters = ReportFilters(**{**asdict(filters), "source": "labels"})
    voted = Label.objects.filter(_vote_condition(filters, campaign), candidate=OuterRef("candidate_id"))
    queryset = (
        filter_rows(hcvvet_filters, campaign)
        .filter(Q(label__gt=0) | Exists(voted))
        .order_by("candidate_id", "filter")
    )
    rows = list(queryset.values_list(*LABELLED_FIELDS.values()))
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(LABELLED_FIELDS)
    return {name: list(values) for name, values in zip(LABELLED_FIELDS, columns, strict=True)}

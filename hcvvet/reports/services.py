"""Reports built from the database: a filter set in, a statistic with its provenance out, rendered on demand.

Used by the pages, the `report` management command and the REST API:

    result = report_build("artifact-fraction", ReportFilters(source="labels", campaign="M87 pilot"))
    body, content_type, filename = report_render(result, "votable")
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
from astropy.table import Table
from django.conf import settings

from hcvvet.catalog.classes import CATALOGUE_CLASS_TITLE, CONSENSUS_CLASS_TITLE
from hcvvet.catalog.filters import filter_wavelength_order
from hcvvet.vetting.dawid_skene import NOT_IDENTIFIABLE
from hcvvet.vetting.posterior import campaign_fit

from . import cache, exports, figures, selectors
from .selectors import ReportFilters
from .statistics import (
    ARTIFACT_CLASS,
    ARTIFACT_FRACTION_BINS,
    HISTOGRAM_BINS,
    VETTED_EXPERT_CLASSES,
    ArtifactFraction,
    ClassKind,
    CrossTab,
    ExpertSkill,
    MadHistograms,
    PairAgreement,
    RaterAccuracy,
    accuracy_on_gold,
    artifact_fraction_from_counts,
    autoclass_vs_expert_from_counts,
    expert_skill,
    filter_pairs,
    fleiss_kappa,
    log_bins,
    pairwise_cohen_kappa,
    rating_table,
)
from .statistics.skill import skill_of_fit

TABLE_REPORTS = ("autoclass-vs-expert", "artifact-fraction", "mad-histograms", "agreement")
SCATTER_REPORTS = ("mad-vs-magnitude", "colour-magnitude", "sky")
REPORTS = (*TABLE_REPORTS, *SCATTER_REPORTS)
FIGURE_REPORTS = tuple(name for name in REPORTS if name != "agreement")
TABLE_FORMATS = tuple(exports.CONTENT_TYPES)
FIGURE_FORMATS = tuple(figures.CONTENT_TYPES)
FORMATS = ("json", *TABLE_FORMATS, *FIGURE_FORMATS)


class ReportError(ValueError):
    """A report that cannot be built or rendered as asked (unknown campaign, format, ...); its message is for
    users."""


@dataclass(frozen=True)
class Agreement:
    """Agreement between experts over one selection of votes, and each expert's skill by the Dawid-Skene
    model (`skill`, gold answers fixed when a campaign is chosen; None without a vote, and unless two experts
    voted on a same candidate, which `skill_note` then says)."""

    pairs: list[PairAgreement]
    fleiss_kappa: float | None
    n_subjects: int
    n_votes: int
    accuracy: list[RaterAccuracy]
    n_unclassified: int = 0  # labels of the selection with no class (skipped or withdrawn): no vote
    skill: ExpertSkill | None = None

    @property
    def skill_note(self) -> str:
        """Why the selection's votes have no Dawid-Skene fit; "" with a fit or without a vote."""
        return NOT_IDENTIFIABLE if self.skill is None and self.n_votes else ""

    def to_dict(self) -> dict:
        return {
            "pairs": [pair.to_dict() for pair in self.pairs],
            "fleiss_kappa": self.fleiss_kappa,
            "n_subjects": self.n_subjects,
            "n_votes": self.n_votes,
            "accuracy": [asdict(r) for r in self.accuracy],
            "n_unclassified": self.n_unclassified,
            "dawid_skene": None if self.skill is None else self.skill.to_dict(),
            "dawid_skene_note": self.skill_note,
        }


@dataclass(frozen=True)
class Points:
    """Points of a scatter figure, with the classes that colour them. Every candidate is a point; constant
    objects (AutoClass 0) only 1 in `constant_stride`, those whose MatchID it divides (selectors._thinned)."""

    x: np.ndarray
    y: np.ndarray
    classes: np.ndarray
    class_kind: ClassKind
    axes: dict[str, str] = field(default_factory=dict)  # names of x and y, filters used
    constant_stride: int = 1

    def to_dict(self) -> dict:
        return {
            **self.axes,
            "x": self.x.tolist(),
            "y": self.y.tolist(),
            "classes": self.classes.tolist(),
            "constant_stride": self.constant_stride,
        }


Statistic = CrossTab | ArtifactFraction | MadHistograms | Agreement | Points


@dataclass(frozen=True)
class ReportResult:
    name: str
    statistic: Statistic
    provenance: exports.Provenance

    def to_dict(self) -> dict:
        """JSON document: the statistic's fields and `provenance`, for example
        `{"rows": [...], "n_unclassified": 12, "provenance": {...}}`; a table report's provenance also has
        `left_out` and `notebook_differences` (see exports.Provenance)."""
        document = self.statistic.to_dict()
        if isinstance(self.statistic, ArtifactFraction):
            document = {"bins": document["bins"], "n_unclassified": document["n_unclassified"]}
        provenance: dict[str, Any] = self.provenance.to_meta()
        provenance.pop("n_unclassified", None)  # a number at the top of the document
        provenance["selection"] = dict(self.provenance.selection)
        if isinstance(self.statistic, ArtifactFraction):
            provenance["confidence_level"] = self.statistic.confidence_level
        return {**document, "provenance": provenance}


def campaign_for(filters: ReportFilters):
    try:
        return selectors.campaign_get(filters.campaign)
    except selectors.Campaign.DoesNotExist:
        raise ReportError(f"no campaign named {filters.campaign!r}") from None


# what one unclassified unit of each table report is (one, several)
UNCLASSIFIED_UNITS = {
    "autoclass-vs-expert": ("object", "objects"),
    "artifact-fraction": ("object-filter row", "object-filter rows"),
    "mad-histograms": ("object-filter row", "object-filter rows"),
    "agreement": ("label", "labels"),
}


def left_out_note(name: str, n_unclassified: int, filters: ReportFilters, campaign) -> str:
    """The sentence that says how many units of the selection table report `name` left out for want of a
    class, and what having no class means under the label source."""
    if name == "agreement":
        why = "skipped or withdrawn: no vote"
    elif name in ("artifact-fraction", "mad-histograms"):
        why = f"FilterDetFlag > 0, {_no_class(filters, campaign)}"
    else:
        why = _no_class(filters, campaign)
    one, several = UNCLASSIFIED_UNITS[name]
    if n_unclassified == 1:
        return f"1 {one} of the selection carries no class ({why}) and is left out of every count"
    return (
        f"{n_unclassified:,} {several} of the selection carry no class ({why}) "
        "and are left out of every count"
    )


def _no_class(filters: ReportFilters, campaign) -> str:
    if filters.source == "hcv":
        return "catalogue ExpertClass 0"
    if campaign is not None:
        return f"no consensus in campaign {campaign.name}"
    return "no hcvvet outcome"


def report_provenance(
    name: str, filters: ReportFilters, campaign, statistic: Statistic | None = None
) -> exports.Provenance:
    """Where report `name` comes from; with its `statistic`, what it left out and where it differs from the
    notebook (table reports)."""
    rule = ""
    if campaign is not None:
        rule = f"{campaign.get_rule_display()}, {campaign.votes_needed} vote(s) needed"
        if campaign.rule == "first_k":
            rule += f", K={campaign.rule_k}"
        if campaign.rule == "posterior":
            rule += f", p={campaign.rule_posterior}"
    source = "labels" if name == "agreement" else filters.source
    notes: dict[str, Any] = {}
    n_unclassified = getattr(statistic, "n_unclassified", None)
    if n_unclassified is not None:
        notes["n_unclassified"] = n_unclassified
        notes["left_out"] = left_out_note(name, n_unclassified, filters, campaign)
        notes["notebook_differences"] = getattr(statistic, "notebook_differences", "")
    return exports.Provenance(
        report=name,
        label_source=source,
        hcv_release=settings.HCVVET_HCV_RELEASE,
        campaign=campaign.name if campaign is not None else "",
        rule=rule,
        selection=filters.selection(),
        **notes,
    )


def _agreement(filters: ReportFilters, campaign) -> Agreement:
    votes, n_unclassified = selectors.votes(filters, campaign)
    # a subject is one candidate in one campaign: experts vote once per campaign
    subject = votes["candidate_id"]
    if campaign is None:
        _, subject = np.unique(
            np.stack([votes["campaign_id"], votes["candidate_id"]]), axis=1, return_inverse=True
        )
        subject = subject.reshape(-1)
    categories = list(VETTED_EXPERT_CLASSES)
    pairs = pairwise_cohen_kappa(subject, votes["username"], votes["expert_class"], categories=categories)
    table, _ = rating_table(subject, votes["expert_class"], categories=categories)
    accuracy = []
    gold: dict[int, int] = {}
    if campaign is not None:
        gold = selectors.gold_classes(campaign)
        accuracy = accuracy_on_gold(votes["candidate_id"], votes["username"], votes["expert_class"], gold)
    n_votes = len(votes["expert_class"])
    skill = expert_skill(subject, votes["username"], votes["expert_class"], gold)
    return Agreement(
        pairs, fleiss_kappa(table), int(table.shape[0]), n_votes, accuracy, n_unclassified, skill
    )


def campaign_skill(campaign) -> ExpertSkill | None:
    """The consensus rule's Dawid-Skene fit over every vote of `campaign` (`vetting.posterior.campaign_fit`),
    whatever a report's other filters choose (group, filter, AutoClass, dates); experts by their user id;
    None without a vote and unless two experts voted on a same candidate. Two queries: the votes, the gold
    items."""
    fit = campaign_fit(campaign)
    return None if fit is None else skill_of_fit(fit)


def _figure_filters(filters: ReportFilters, campaign, needed: int) -> list[str]:
    """The filters the user chose, else the most populated ones of the selection (bluest first)."""
    chosen = [f for f in ((filters.blue, filters.red) if needed == 2 else (filters.filter_name,)) if f]
    if len(chosen) == needed:
        return chosen
    populated = [name for name, _ in selectors.filter_populations(filters, campaign) if name not in chosen]
    if len(chosen) + len(populated) < needed:
        raise ReportError(f"the selection has fewer than {needed} filter(s) with measurements")
    return sorted([*chosen, *populated[: needed - len(chosen)]], key=filter_wavelength_order)


def _class_column(rows: np.ndarray, filters: ReportFilters) -> np.ndarray:
    return rows["auto_class"] if filters.colour_by == "auto" else rows["label"]


def _points(name: str, filters: ReportFilters, campaign) -> Points:
    kind = filters.colour_by
    if name == "sky":
        rows, stride = selectors.sky_rows(filters, campaign)
        return Points(rows["ra_deg"], rows["dec_deg"], _class_column(rows, filters), kind, {}, stride)
    if name == "mad-vs-magnitude":
        (band,) = _figure_filters(filters, campaign, 1)
        rows, stride = selectors.magnitude_rows(filters, campaign, [band])
        classes = _class_column(rows, filters)
        return Points(rows["mean_corr_mag"], rows["mad"], classes, kind, {"filter": band}, stride)
    blue, red = _figure_filters(filters, campaign, 2)
    # the pair is chosen here, so the rows need not be narrowed to `filter_name`
    rows, stride = selectors.magnitude_rows(
        ReportFilters(**{**vars(filters), "filter_name": ""}), campaign, [blue, red]
    )
    blue_rows, red_rows = filter_pairs(rows["candidate_id"], rows["filter"], blue, red)
    colour = rows["mean_corr_mag"][blue_rows] - rows["mean_corr_mag"][red_rows]
    classes = _class_column(rows, filters)[blue_rows]
    axes = {"blue": blue, "red": red}
    return Points(colour, rows["mean_corr_mag"][blue_rows], classes, kind, axes, stride)


def _binned(counts: dict[tuple[int, int], int], n_bins: int) -> tuple[np.ndarray, dict[int, np.ndarray], int]:
    """Classified rows per bin over every class, and per class, from (bin, label) -> rows (bin -1: outside
    the edges); and the rows with no class (label 0), in the edges or not, which no count includes."""
    all_counts = np.zeros(n_bins, dtype=np.int64)
    per_class: dict[int, np.ndarray] = {}
    n_unclassified = 0
    for (mad_bin, label), n in counts.items():
        if label <= 0:
            n_unclassified += n
        elif mad_bin >= 0:
            all_counts[mad_bin] += n
            per_class.setdefault(label, np.zeros(n_bins, dtype=np.int64))[mad_bin] += n
    return all_counts, per_class, n_unclassified


def report_build(name: str, filters: ReportFilters) -> ReportResult:
    """One report of `REPORTS` on the filter set; ReportError if the name or campaign is unknown.

    Tables are reused while their data and the release they cite are unchanged (hcvvet.reports.cache; their
    provenance gets the time of this call); scatter figures, whose points can be millions, are computed each
    time.
    """
    if name not in TABLE_REPORTS:
        return report_compute(name, filters)
    parts = (name, filters, settings.HCVVET_HCV_RELEASE)
    result = cache.cached(parts, lambda: report_compute(name, filters))
    return replace(result, provenance=replace(result.provenance, exported_at=datetime.now(UTC)))


def report_compute(name: str, filters: ReportFilters) -> ReportResult:
    """Compute one report from the database, never from the cache; ReportError as report_build.

    Queries: one for the campaign (if named), then one aggregate or values query per report (for agreement
    also the experts' names and the gold candidates; two for a scatter figure whose filters are not given).
    """
    if name not in REPORTS:
        raise ReportError(f"unknown report {name!r}; expected one of {', '.join(REPORTS)}")
    campaign = campaign_for(filters)
    statistic: Statistic
    if name == "autoclass-vs-expert":
        counts = selectors.class_counts(filters, campaign)
        statistic = autoclass_vs_expert_from_counts(counts, auto_classes=filters.auto_classes)
    elif name == "artifact-fraction":
        edges = log_bins(ARTIFACT_FRACTION_BINS)
        all_counts, per_class, n_unclassified = _binned(
            selectors.mad_bin_counts(filters, campaign, edges), len(edges) - 1
        )
        artifacts = per_class.get(ARTIFACT_CLASS, np.zeros_like(all_counts))
        statistic = artifact_fraction_from_counts(edges, all_counts, artifacts, n_unclassified=n_unclassified)
    elif name == "mad-histograms":
        edges = log_bins(HISTOGRAM_BINS)
        all_counts, per_class, n_unclassified = _binned(
            selectors.mad_bin_counts(filters, campaign, edges), len(edges) - 1
        )
        class_counts = {c: per_class.get(c, np.zeros_like(all_counts)) for c in VETTED_EXPERT_CLASSES}
        statistic = MadHistograms(edges, all_counts, class_counts, n_unclassified)
    elif name == "agreement":
        statistic = _agreement(filters, campaign)
    else:
        statistic = _points(name, filters, campaign)
    return ReportResult(name, statistic, report_provenance(name, filters, campaign, statistic))


def report_table(result: ReportResult) -> Table:
    """The report as an astropy table with units, descriptions and provenance; ReportError for figures."""
    statistic, provenance = result.statistic, result.provenance
    if isinstance(statistic, CrossTab):
        return exports.crosstab_table(statistic, provenance)
    if isinstance(statistic, ArtifactFraction):
        return exports.artifact_fraction_table(statistic, provenance)
    if isinstance(statistic, MadHistograms):
        return exports.mad_histograms_table(statistic, provenance)
    if isinstance(statistic, Agreement):
        return exports.agreement_table(statistic.pairs, provenance, statistic.skill, statistic.skill_note)
    raise ReportError(f"the {result.name} report is a figure only; ask for PNG, SVG or PDF")


def report_figure(result: ReportResult, *, stacked: bool = False, log: bool = True):
    """The report's matplotlib figure; `stacked` and `log` shape MAD histograms. ReportError for agreement."""
    statistic, title = result.statistic, _figure_title(result)
    class_title = expert_class_title(result.provenance.label_source)
    if isinstance(statistic, CrossTab):
        return figures.autoclass_vs_expert_figure(statistic, title=title, class_title=class_title)
    if isinstance(statistic, ArtifactFraction):
        return figures.artifact_fraction_figure(statistic, title=title)
    if isinstance(statistic, MadHistograms):
        return figures.mad_histograms_figure(
            statistic, stacked=stacked, log=log, title=title, class_title=class_title
        )
    if isinstance(statistic, Points):
        points = (statistic.x, statistic.y, statistic.classes)
        kind, stride = statistic.class_kind, statistic.constant_stride
        if result.name == "sky":
            return figures.sky_positions_figure(*points, class_kind=kind, constant_stride=stride, title=title)
        if result.name == "mad-vs-magnitude":
            band = statistic.axes["filter"]
            return figures.mad_vs_magnitude_figure(
                *points, class_kind=kind, constant_stride=stride, filter_name=band, title=title
            )
        blue, red = statistic.axes["blue"], statistic.axes["red"]
        return figures.colour_magnitude_figure(
            *points, class_kind=kind, constant_stride=stride, blue=blue, red=red, title=title
        )
    raise ReportError(f"the {result.name} report has tables only; ask for JSON, CSV, ECSV, VOTable or FITS")


def expert_class_title(label_source: str) -> str:
    """Whose expert classes a report shows, for legends and table headings: the catalogue's or hcvvet's."""
    return CATALOGUE_CLASS_TITLE if label_source == "hcv" else CONSENSUS_CLASS_TITLE


def _figure_title(result: ReportResult) -> str:
    provenance = result.provenance
    if provenance.campaign:
        source = f"campaign {provenance.campaign}"
    else:
        source = "HCV catalogue classes" if provenance.label_source == "hcv" else "hcvvet labels"
    return f"{figures.REPORT_TITLES.get(result.name, result.name)} ({source})"


def report_filename(result: ReportResult, fmt: str, *, stacked: bool = False, log: bool = True) -> str:
    """hcvvet-<report>-<label source>[-<campaign>][-stacked][-linear].<extension>: a MAD histogram's stacked
    or linear form gets a name of its own, so a download does not overwrite the other."""
    extension = exports.FILE_EXTENSIONS.get(fmt, fmt)
    campaign = result.provenance.campaign and exports.filename_part(result.provenance.campaign)
    shape = ("stacked" if stacked else "", "" if log else "linear")
    parts = ("hcvvet", result.name, result.provenance.label_source, campaign, *shape)
    return "-".join(part for part in parts if part) + f".{extension}"


def report_render(result: ReportResult, fmt: str, **figure_options: bool) -> tuple[bytes, str, str]:
    """(body, content type, file name) of the report in one of `FORMATS`; ReportError if the report has no
    such form (a figure-only report as a table, agreement as a figure, an unknown format)."""
    if fmt == "json":
        body = json.dumps(result.to_dict(), indent=1, allow_nan=False, default=_json_default).encode()
        return body, "application/json", report_filename(result, fmt)
    if exports.is_table_format(fmt):
        body = exports.write_table(report_table(result), fmt)
        return body, exports.CONTENT_TYPES[fmt], report_filename(result, fmt)
    if figures.is_figure_format(fmt):
        body = figures.render(report_figure(result, **figure_options), fmt)
        return body, figures.CONTENT_TYPES[fmt], report_filename(result, fmt, **figure_options)
    raise ReportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot serialise {type(value).__name__}")

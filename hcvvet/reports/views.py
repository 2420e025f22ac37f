"""Report pages: the filter form with tables and figures, downloads in every format, and the labelled-table
import. Views parse the filters, call one service and render; invalid filters are form errors (400 on
downloads), never a 500. `hcvvet.reports.access` decides who gets which report: an account without a role
gets the 403 page saying what to do, on every page and download; of the blind-review rules, a refused download
is a 403 saying why, and the page names each part it hides, and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.views.decorators.http import require_GET, require_http_methods

from hcvvet.vetting.models import Campaign
from hcvvet.vetting.pace import CampaignPace, campaign_pace

from . import exports, services
from .access import LABELLED_EXPORT, anchoring_refusal, report_refusal, report_refusals, role_refusal
from .forms import LabelledImportForm, ReportFilterForm
from .labelled import labelled_candidates_build, labelled_candidates_import
from .labelled_anonymous import ANONYMOUS_PARAMETER, anonymised_labelled, anonymised_report, anonymous_flag
from .selectors import ReportFilters
from .services import ReportError
from .statistics import (
    AUTO_CLASS_NAMES,
    EXPERT_CLASS_NAMES,
    ArtifactFraction,
    CrossTab,
    ExpertSkill,
    MadHistograms,
)

LABELLED_TITLE = "Labelled candidates"
TABLE_TITLES = {
    "autoclass-vs-expert": "AutoClass x expert class",
    "artifact-fraction": "Artifact fraction versus MAD",
    "mad-histograms": "MAD histograms",
    "agreement": "Agreement between experts",
}


class Figure(NamedTuple):
    report: str
    options: str  # the figure's options, as a query string
    caption: str


FIGURES = [
    Figure("autoclass-vs-expert", "", "AutoClass versus expert class"),
    Figure("mad-histograms", "", "MAD histograms per expert class"),
    Figure("mad-histograms", "stacked=1", "MAD histograms, stacked"),
    Figure("artifact-fraction", "", "Artifact fraction versus MAD"),
    Figure("mad-vs-magnitude", "", "MAD versus magnitude (constant objects too unless AutoClass is chosen)"),
    Figure("colour-magnitude", "", "Colour-magnitude diagram"),
    Figure("sky", "", "Sky positions"),
]


def report_reader(view):
    """Signed-in users with a role only: an account without one gets the 403 page saying what to do."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        refusal = role_refusal(request.user)
        if refusal is not None:
            raise PermissionDenied(refusal)
        return view(request, *args, **kwargs)

    return wrapper


def _errors_text(form: ReportFilterForm) -> str:
    return "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())


def _allowed_filters(request: HttpRequest, name: str) -> ReportFilters | HttpResponse:
    """The query string's report filters, or the response that refuses them: 400 when they are invalid, 403
    when this user may not see report `name` under them."""
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            f"invalid report filters: {_errors_text(form)}", content_type="text/plain"
        )
    filters = form.filters(name)
    refusal = report_refusal(request.user, name, filters)
    if refusal is not None:
        return HttpResponseForbidden(refusal, content_type="text/plain")
    return filters


def _download_request(request: HttpRequest, name: str) -> tuple[ReportFilters, bool] | HttpResponse:
    """A download's filters and its `anonymous` flag (expert usernames replaced by anonymous ids), or the
    response that refuses them (a 400 naming the parameter, or the filters' 400/403)."""
    try:
        anonymous = anonymous_flag(request.GET.get(ANONYMOUS_PARAMETER))
    except ValueError as error:
        return HttpResponseBadRequest(f"invalid {ANONYMOUS_PARAMETER}: {error}", content_type="text/plain")
    filters = _allowed_filters(request, name)
    if isinstance(filters, HttpResponse):
        return filters
    return filters, anonymous


def _attachment(body: bytes, content_type: str, filename: str, download: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@login_required
@require_GET
@report_reader
def report_index(request: HttpRequest) -> HttpResponse:
    """The filter form, the tables and the figures the blind-review rules let this user see, and a note on
    each part they hide; a 403 when they hide every part."""
    form = ReportFilterForm(request.GET or None)
    # the anchoring page of every campaign is refused as the agreement report is: linked only if it opens
    anchoring = anchoring_refusal(request.user, None) is None
    context: dict = {"form": form, "query": request.GET.urlencode(), "anchoring_link": anchoring}
    if form.is_bound and not form.is_valid():
        return render(request, "reports/index.html", context, status=400)
    filters = form.filters() if form.is_bound else ReportFilters()
    refused = report_refusals(
        request.user, [*services.TABLE_REPORTS, *services.FIGURE_REPORTS, LABELLED_EXPORT], filters
    )
    try:
        results = {
            name: services.report_build(name, filters)
            for name in services.TABLE_REPORTS
            if name not in refused
        }
    except ReportError as error:
        form.add_error(None, str(error))
        return render(request, "reports/index.html", context, status=400)
    separator = "&" if context["query"] else ""
    figures = [
        (name, f"{context['query']}{separator if options else ''}{options}", caption)
        for name, options, caption in FIGURES
        if name not in refused
    ]
    tables = [(name, TABLE_TITLES[name]) for name in services.TABLE_REPORTS if name not in refused]
    context.update(
        page_tables=_page_tables(results, services.expert_class_title(filters.source)),
        agreement=results.get("agreement"),
        skill=_skill_body(results.get("agreement")),
        pace=_pace(request, results, filters),
        provenance=next((result.provenance for result in results.values()), None),
        tables=tables,
        labelled_export=LABELLED_EXPORT not in refused,
        refusals=_refusal_notes(refused),
        figures=figures,
        figure_formats=services.FIGURE_FORMATS,
        table_formats=["json", *services.TABLE_FORMATS],
        export_formats=services.TABLE_FORMATS,
    )
    shown_anything = bool(tables or figures or context["labelled_export"])
    return render(request, "reports/index.html", context, status=200 if shown_anything else 403)


def _pace(request: HttpRequest, results: dict, filters: ReportFilters) -> CampaignPace | None:
    """Each expert's and each class's pace in the chosen campaign (`vetting.pace`, under its blind-review
    rules), beside the agreement it shows; None without a campaign or where agreement is refused."""
    if "agreement" not in results or not filters.campaign:
        return None
    return campaign_pace(campaign=Campaign.objects.get(name=filters.campaign), viewer=request.user)


def _refusal_notes(refused: dict[str, str]) -> list[tuple[str, str]]:
    """(titles of the hidden parts, why) per reason, in page order."""
    titles = {
        **{name: caption for name, _, caption in FIGURES},
        **TABLE_TITLES,
        LABELLED_EXPORT: LABELLED_TITLE,
    }
    by_reason: dict[str, list[str]] = {}
    for name, reason in refused.items():
        by_reason.setdefault(reason, []).append(titles[name])
    return [(", ".join(names), reason) for reason, names in by_reason.items()]


@dataclass(frozen=True)
class Cell:
    text: str | float
    numeric: bool = False


class TableBody(NamedTuple):
    headings: tuple[str, ...]
    rows: list[list[Cell]]
    empty: str  # what the table says when it has no row
    title_suffix: str = ""


@dataclass(frozen=True)
class PageTable:
    """A table report as the page shows it, in its section (id: the report's name), with the report's notes
    (what it left out, how it differs from the notebook)."""

    name: str
    title: str
    body: TableBody
    notes: exports.Provenance


NO_VARIABLE_ROWS = "No row flagged variable with a MAD and a class in this selection."


def _number(value: float, digits: int | None = None) -> Cell:
    """A number as the `floatformat` filter writes it with `digits` decimals (None: as it is)."""
    return Cell(value if digits is None else floatformat(value, digits), numeric=True)


def _crosstab_body(crosstab: CrossTab, class_title: str) -> TableBody:
    return TableBody(
        ("AutoClass", class_title, "Objects", "Fraction of AutoClass"),
        [
            [
                Cell(AUTO_CLASS_NAMES.get(row.auto_class, row.auto_class)),
                Cell(EXPERT_CLASS_NAMES.get(row.expert_class, row.expert_class)),
                _number(row.count),
                _number(row.fraction, 3),
            ]
            for row in crosstab.rows
        ],
        "No object of this selection carries a class.",
    )


def _artifact_body(fraction: ArtifactFraction) -> TableBody:
    return TableBody(
        ("MAD from [mag]", "to [mag]", "Rows", "Artifacts", "Fraction", "Wilson 68 % interval"),
        [
            [
                _number(b.mad_lo, 4),
                _number(b.mad_hi, 4),
                _number(b.n),
                _number(b.n_artifact),
                _number(b.fraction, 3),
                Cell(f"{floatformat(b.ci_lo, 3)} \N{EN DASH} {floatformat(b.ci_hi, 3)}", numeric=True),
            ]
            for b in fraction.bins
        ],
        NO_VARIABLE_ROWS,
    )


def _histogram_body(hist: MadHistograms) -> TableBody:
    bins = zip(hist.edges[:-1], hist.edges[1:], hist.all_counts, strict=True)
    return TableBody(
        (
            "MAD from [mag]",
            "to [mag]",
            "All rows",
            *(str(EXPERT_CLASS_NAMES.get(c, c)) for c in hist.classes),
        ),
        [
            [
                _number(lo, 4),
                _number(hi, 4),
                _number(n),
                *(_number(int(hist.class_counts[c][i])) for c in hist.classes),
            ]
            for i, (lo, hi, n) in enumerate(bins)
            if n
        ],
        NO_VARIABLE_ROWS,
        title_suffix=" (non-empty bins)",
    )


def _skill_body(agreement: services.ReportResult | None) -> TableBody | None:
    """Each expert's Dawid-Skene confusion matrix, a row per true class; None without the agreement report or
    a vote."""
    skill: ExpertSkill | None = getattr(agreement.statistic, "skill", None) if agreement else None
    if skill is None:
        return None
    names = [str(EXPERT_CLASS_NAMES[code]) for code in skill.classes]
    return TableBody(
        ("Expert", "Votes", "True class", *(f"Voted {name}" for name in names)),
        [
            [
                Cell(str(expert.rater)),
                _number(expert.n_votes),
                Cell(names[i]),
                *(_number(float(p), 3) for p in expert.confusion[i]),
            ]
            for expert in skill.experts
            for i in range(len(names))
        ],
        "No vote in this selection.",
    )


def _page_tables(results: dict, class_title: str) -> list[PageTable]:
    """The aggregate table reports this user may see, in page order."""
    bodies: dict[str, Callable[[Any], TableBody]] = {
        "autoclass-vs-expert": lambda crosstab: _crosstab_body(crosstab, class_title),
        "artifact-fraction": _artifact_body,
        "mad-histograms": _histogram_body,
    }
    tables = []
    for name, body_of in bodies.items():
        if name in results:
            body = body_of(results[name].statistic)
            title = TABLE_TITLES[name] + body.title_suffix
            tables.append(PageTable(name, title, body, results[name].provenance))
    return tables


@login_required
@require_GET
@report_reader
def report_download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    """A report in one format; the query string holds the filters, `anonymous=1` for anonymous expert ids
    and, for MAD histograms, `stacked=1` and `scale=linear`."""
    asked = _download_request(request, name)
    if isinstance(asked, HttpResponse):
        return asked
    filters, anonymous = asked
    options = {}
    if name == "mad-histograms" and fmt in services.FIGURE_FORMATS:
        options = {"stacked": request.GET.get("stacked") == "1", "log": request.GET.get("scale") != "linear"}
    try:
        result = services.report_build(name, filters)
        if anonymous:
            result = anonymised_report(result)
        body, content_type, filename = services.report_render(result, fmt, **options)
    except ReportError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    return _attachment(body, content_type, filename, "download" in request.GET)


@login_required
@require_GET
@report_reader
def labelled_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.CONTENT_TYPES:
        formats = ", ".join(exports.CONTENT_TYPES)
        return HttpResponseBadRequest(
            f"unknown format {fmt!r}; expected one of {formats}", content_type="text/plain"
        )
    asked = _download_request(request, LABELLED_EXPORT)
    if isinstance(asked, HttpResponse):
        return asked
    filters, anonymous = asked
    try:
        table = labelled_candidates_build(filters)
    except ReportError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    if anonymous:
        table = anonymised_labelled(table)
    campaign = exports.filename_part(str(table.meta.get("campaign") or "all"))
    filename = f"hcvvet-labelled-candidates-{campaign}.{exports.FILE_EXTENSIONS[fmt]}"
    return _attachment(exports.write_table(table, fmt), exports.CONTENT_TYPES[fmt], filename, True)


@login_required
@require_http_methods(["GET", "POST"])
def labelled_import(request: HttpRequest) -> HttpResponse:
    """Curators only: write the votes of a labelled candidate export into a campaign, or only compare them."""
    if not request.user.is_curator:
        raise PermissionDenied("only curators import labels")
    form = LabelledImportForm(request.POST or None, request.FILES or None)
    summary = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                summary = labelled_candidates_import(**form.import_arguments(), user=request.user)
            except ReportError as error:
                form.add_error("file", str(error))
        if form.errors:
            status = 400
    return render(request, "reports/import.html", {"form": form, "summary": summary}, status=status)

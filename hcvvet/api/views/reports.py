"""Reports: every statistic as JSON, and as a file in every export format (tables: CSV, ECSV, VOTable, FITS;
figures: PNG, SVG, PDF); the labelled candidate table; and the labelled-table import check (size-limited
upload).

Filters are validated by the reports app's own form and the work is done by `hcvvet.reports.services`; the
blind-review rules decide, as for the pages, who gets which report (`hcvvet.reports.access`).
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from hcvvet.reports import exports, services
from hcvvet.reports.access import LABELLED_EXPORT as LABELLED
from hcvvet.reports.access import report_refusal
from hcvvet.reports.forms import LabelledImportForm, ReportFilterForm
from hcvvet.reports.labelled import labelled_candidates_build, labelled_candidates_import
from hcvvet.reports.labelled_anonymous import (
    ANONYMOUS_HELP,
    ANONYMOUS_PARAMETER,
    ANONYMOUS_VALUES,
    anonymised_labelled,
    anonymised_report,
    anonymous_flag,
)
from hcvvet.reports.services import ReportError

from ..permissions import IsCurator, IsReader
from ..serializers import ImportSummarySerializer, ReportIndexSerializer
from .base import ApiView, UploadView

FILE_TYPES = {**exports.CONTENT_TYPES, "png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
FILTER_PARAMETERS = [
    OpenApiParameter("source", str, enum=["hcv", "labels"], description="Class source: catalogue or hcvvet."),
    OpenApiParameter("campaign", str, description="Campaign name (restricts to its candidates)."),
    OpenApiParameter("group", int, description="GroupID."),
    OpenApiParameter("filter", str, description="e.g. ACS_F814W."),
    OpenApiParameter(
        "auto_class",
        int,
        many=True,
        enum=[0, 1, 2],
        description="AutoClass (default 1 and 2; for mad-vs-magnitude 0, 1 and 2).",
    ),
    OpenApiParameter("labelled_from", OpenApiTypes.DATE),
    OpenApiParameter("labelled_to", OpenApiTypes.DATE),
    OpenApiParameter("blue", str, description="Colour-magnitude blue filter."),
    OpenApiParameter("red", str, description="Colour-magnitude red filter."),
    OpenApiParameter("colour_by", str, enum=["expert", "auto"]),
]
LABELLED_IMPORT = {
    "multipart/form-data": {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "campaign": {"type": "string", "description": "Name of the campaign the votes go into."},
            "dry_run": {"type": "boolean", "description": "Only compare; write nothing."},
        },
        "required": ["file", "campaign"],
    }
}
REFUSED = {
    (403, "application/json"): OpenApiResponse(
        inline_serializer("ReportRefusal", {"detail": serializers.CharField()}),
        description="No role, or the blind-review rules keep this report from you; `detail` says why.",
    )
}
FILE_RESPONSES = {
    (200, "application/json"): OpenApiResponse(
        OpenApiTypes.OBJECT, description="The statistic with provenance."
    ),
    **{(200, content_type): OpenApiTypes.BINARY for content_type in sorted(set(FILE_TYPES.values()))},
    **REFUSED,
}


def _filters(request, name: str):
    form = ReportFilterForm(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.filters(name)


def _require_report_access(request, name: str, filters) -> None:
    """403 `{"detail": why}` where the blind-review rules keep the report from this user."""
    refusal = report_refusal(request.user, name, filters)
    if refusal is not None:
        raise exceptions.PermissionDenied(refusal)


def _fmt(request, allowed: tuple[str, ...], default: str = "json") -> str:
    fmt = request.query_params.get("fmt", default)
    if fmt not in allowed:
        raise exceptions.ValidationError(
            {"fmt": [f"Unknown format {fmt!r}: use one of {', '.join(allowed)}."]}
        )
    return fmt


ANONYMOUS = OpenApiParameter(
    ANONYMOUS_PARAMETER, str, enum=list(ANONYMOUS_VALUES), description=ANONYMOUS_HELP
)


def _anonymous(request) -> bool:
    """The `anonymous` query parameter; 400 naming it for any other value."""
    try:
        return anonymous_flag(request.query_params.get(ANONYMOUS_PARAMETER))
    except ValueError as error:
        raise exceptions.ValidationError({ANONYMOUS_PARAMETER: [str(error)]}) from error


def _file(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ReportIndexView(ApiView, APIView):
    permission_classes = (IsReader,)

    @extend_schema(responses={200: ReportIndexSerializer(many=True)})
    def get(self, request):
        """Every report with the formats it comes in."""
        rows = [
            {
                "name": name,
                "formats": [
                    fmt
                    for fmt in services.FORMATS
                    if fmt == "json"
                    or (fmt in services.TABLE_FORMATS and name in services.TABLE_REPORTS)
                    or (fmt in services.FIGURE_FORMATS and name in services.FIGURE_REPORTS)
                ],
            }
            for name in services.REPORTS
        ]
        rows.append({"name": LABELLED, "formats": list(services.TABLE_FORMATS)})
        return Response(ReportIndexSerializer(rows, many=True).data)


class ReportView(ApiView, APIView):
    permission_classes = (IsReader,)

    @extend_schema(
        parameters=[
            OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(services.REPORTS)),
            OpenApiParameter("fmt", str, enum=list(services.FORMATS), description="Default json."),
            OpenApiParameter("stacked", bool, description="MAD histogram figures: stacked."),
            OpenApiParameter("scale", str, enum=["log", "linear"], description="MAD histogram figures."),
            ANONYMOUS,
            *FILTER_PARAMETERS,
        ],
        responses=FILE_RESPONSES,
    )
    def get(self, request, name: str):
        """One report as JSON (default) or as a file (`fmt`); 400 naming the filter or format at fault."""
        if name not in services.REPORTS:
            raise exceptions.NotFound(f"No report {name!r}: see /api/reports/.")
        fmt = _fmt(request, services.FORMATS)
        anonymous = _anonymous(request)
        filters = _filters(request, name)
        _require_report_access(request, name, filters)
        options = {}
        if name == "mad-histograms" and fmt in services.FIGURE_FORMATS:
            options = {
                "stacked": request.query_params.get("stacked") in ("1", "true", "True"),
                "log": request.query_params.get("scale") != "linear",
            }
        try:
            result = services.report_build(name, filters)
            if anonymous:
                result = anonymised_report(result)
            if fmt == "json":
                return Response(result.to_dict())
            body, content_type, filename = services.report_render(result, fmt, **options)
        except ReportError as error:
            raise exceptions.ValidationError({"fmt": [str(error)]}) from error
        return _file(body, content_type, filename)


class LabelledCandidatesView(ApiView, APIView):
    permission_classes = (IsReader,)

    @extend_schema(
        parameters=[
            OpenApiParameter("fmt", str, enum=list(services.TABLE_FORMATS), description="Default csv."),
            ANONYMOUS,
            *FILTER_PARAMETERS,
        ],
        responses={
            **{
                (200, content_type): OpenApiTypes.BINARY
                for content_type in sorted(set(exports.CONTENT_TYPES.values()))
            },
            **REFUSED,
        },
    )
    def get(self, request):
        """The labelled candidate table (one row per object and filter, consensus and every vote) as a
        file."""
        fmt = _fmt(request, services.TABLE_FORMATS, default="csv")
        anonymous = _anonymous(request)
        filters = _filters(request, LABELLED)
        _require_report_access(request, LABELLED, filters)
        try:
            table = labelled_candidates_build(filters)
        except ReportError as error:
            raise exceptions.ValidationError({"campaign": [str(error)]}) from error
        if anonymous:
            table = anonymised_labelled(table)
        campaign = exports.filename_part(str(table.meta.get("campaign") or "all"))
        filename = f"hcvvet-{LABELLED}-{campaign}.{exports.FILE_EXTENSIONS[fmt]}"
        return _file(exports.write_table(table, fmt), exports.CONTENT_TYPES[fmt], filename)


class LabelledImportView(UploadView, APIView):
    permission_classes = (IsCurator,)

    @extend_schema(request=LABELLED_IMPORT, responses={200: ImportSummarySerializer})
    def post(self, request):
        """Import a labelled candidate export into a campaign (curators): only the importing curator's own
        votes (their `Vote_` column) are written, as theirs; another expert's vote the campaign does not
        already hold is refused. Or only compare with `dry_run`. The file is size-limited and must be CSV,
        ECSV, VOTable or FITS by its extension; all or nothing: a bad file or a refused vote is a 400 naming
        the field, and nothing is written."""
        form = LabelledImportForm(request.data, request.FILES)
        if not form.is_valid():
            raise exceptions.ValidationError({field: list(errors) for field, errors in form.errors.items()})
        try:
            summary = labelled_candidates_import(**form.import_arguments(), user=request.user)
        except ReportError as error:
            raise exceptions.ValidationError({"file": [str(error)]}) from error
        return Response(ImportSummarySerializer(summary).data)

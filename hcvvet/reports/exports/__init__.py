"""Astropy tables of the reports, with units, descriptions and provenance, written as CSV, ECSV, VOTable or
FITS bytes, and read back without loss (types, units, descriptions, metadata).

One module per concern: `columns` (what each column is), `escaping` (free text every format keeps whole),
`tables` (report tables and their provenance), `io` (bytes in each format and back) and `labelled` (the
labelled candidate table). Callers use the names below as `exports.<name>`.
"""

from .anonymous import ANONYMOUS_NOTE, ANONYMOUS_PREFIX, anonymised_table, anonymous_id
from .columns import (
    COLUMNS,
    COMMENT_PREFIX,
    EXPERT_COLUMNS,
    REASON_SEPARATOR,
    REASONS_PREFIX,
    SECONDS_PREFIX,
    VOTE_PREFIX,
    VOTED_AT_PREFIX,
    ColumnSpec,
    column_spec,
    expert_column,
)
from .escaping import text_escape, text_unescape
from .estimates import estimates_render, estimates_table
from .io import CONTENT_TYPES, FILE_EXTENSIONS, TableFormat, is_table_format, read_table, write_table
from .labelled import (
    ADJUDICATION_COLUMNS,
    LABELLED_CANDIDATES,
    LABELLED_REQUIRED,
    POSTERIOR_COLUMNS,
    labelled_candidates_table,
    read_labelled_candidates,
)
from .safety import filename_part
from .tables import (
    HCV_PAPER,
    Provenance,
    agreement_table,
    artifact_fraction_table,
    build_table,
    citation,
    crosstab_table,
    mad_histograms_table,
)

__all__ = [
    "ADJUDICATION_COLUMNS",
    "ANONYMOUS_NOTE",
    "ANONYMOUS_PREFIX",
    "COLUMNS",
    "COMMENT_PREFIX",
    "CONTENT_TYPES",
    "EXPERT_COLUMNS",
    "FILE_EXTENSIONS",
    "HCV_PAPER",
    "LABELLED_CANDIDATES",
    "LABELLED_REQUIRED",
    "POSTERIOR_COLUMNS",
    "REASONS_PREFIX",
    "REASON_SEPARATOR",
    "SECONDS_PREFIX",
    "VOTED_AT_PREFIX",
    "VOTE_PREFIX",
    "ColumnSpec",
    "Provenance",
    "TableFormat",
    "agreement_table",
    "anonymised_table",
    "anonymous_id",
    "artifact_fraction_table",
    "build_table",
    "citation",
    "column_spec",
    "crosstab_table",
    "estimates_render",
    "estimates_table",
    "expert_column",
    "filename_part",
    "is_table_format",
    "labelled_candidates_table",
    "mad_histograms_table",
    "read_labelled_candidates",
    "read_table",
    "text_escape",
    "text_unescape",
    "write_table",
]

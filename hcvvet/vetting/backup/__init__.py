"""Backing up and restoring what experts and curators decided, in a versioned JSON document that outlives the
database schema: campaigns (settings, selection, experts, frozen membership with gold and consensus),
labels, their append-only events, adjudications, image flags, epoch rejections and hcvvet's outcome per
candidate.

The catalogue is not in it: candidates are named by MatchID and images by ImageName, and restoring requires
them to be ingested already (the catalogue comes back from MAST, decisions do not). Users are named by
username; a restore creates the missing ones inactive, with no usable password and the roles the backup lists,
so history keeps its actors and an administrator decides who may log in again. Leases (open review pages) are
not kept.

A restore writes the rows with the ids, timestamps and order of the backup, so links, event order and "who did
what when" are exactly as before. It refuses a database that already holds vetting data unless asked to
replace it (`replace=True`), which first deletes every campaign, label, event, adjudication, flag and
rejection.

`format` holds what both directions agree on (name, version, the keys of each kind of record and how their
values are written and read back), `export` writes a document, `restore` reads one back.
"""

from .export import vetting_export
from .format import FORMAT, VERSION
from .restore import RESTORED_MODELS, RestoreSummary, vetting_clear, vetting_data_counts, vetting_import

__all__ = [
    "FORMAT",
    "RESTORED_MODELS",
    "VERSION",
    "RestoreSummary",
    "vetting_clear",
    "vetting_data_counts",
    "vetting_export",
    "vetting_import",
]

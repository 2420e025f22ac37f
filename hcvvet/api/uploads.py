"""Validated uploads: a MatchID list as a text or CSV file (one MatchID per line, or in the first column)."""

from django.core.files.uploadedfile import UploadedFile

MAX_MATCH_ID_FILE_BYTES = 2 * 1024 * 1024
MAX_MATCH_IDS = 100_000
MAX_ID = 2**63 - 1


class UploadError(ValueError):
    """A file a user got wrong; the message says where and why."""


def read_match_ids(upload: UploadedFile) -> list[int]:
    """The distinct MatchIDs of an uploaded list, sorted. Blank lines and lines starting with `#` are
    skipped; a first line that is a header (e.g. `MatchID`) is allowed. Raises UploadError naming the first
    bad line."""
    if upload.size > MAX_MATCH_ID_FILE_BYTES:
        raise UploadError(f"The file is {upload.size:,} bytes; the limit is {MAX_MATCH_ID_FILE_BYTES:,}.")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(
            "The file is not UTF-8 text: upload a plain text or CSV list of MatchIDs."
        ) from error
    match_ids: set[int] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.split(",", 1)[0].strip().strip('"')
        if not value or value.startswith("#"):
            continue
        if not value.isdigit():
            if number == 1 and not match_ids:
                continue  # a header row
            raise UploadError(f"Line {number}: {value[:40]!r} is not a MatchID (a whole number).")
        match_id = int(value)
        if match_id > MAX_ID:
            raise UploadError(f"Line {number}: {value[:40]} is larger than any MatchID.")
        match_ids.add(match_id)
        if len(match_ids) > MAX_MATCH_IDS:
            raise UploadError(f"The list holds more than {MAX_MATCH_IDS:,} MatchIDs.")
    if not match_ids:
        raise UploadError("The file holds no MatchID.")
    return sorted(match_ids)

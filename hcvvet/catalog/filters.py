"""The catalogue's query vocabulary as plain values: filter names, their wavelength order, VarQualFlag
patterns, conditions on one filter row, and the cone search's bounding box. No Django: `selectors.py` turns
these into SQL.

Every app that names a filter, sorts filters, matches a VarQualFlag or draws a cone (the API, campaign
selections, reports, ingest, the review page) asks this module, so the rules cannot drift apart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# HCV filter names are INSTRUMENT_FILTER: `ACS_F814W`, `WFC3_F160W`, `WFPC2_F606W`, `WFC3_F200LP`.
FILTER_NAME = re.compile(r"^[A-Z][A-Z0-9]{1,7}_F\d{3,4}[A-Z]{1,2}$")
FILTER_NAME_HELP = "use INSTRUMENT_FILTER as in the HCV, e.g. ACS_F814W"
_FILTER_NUMBER = re.compile(r"^([A-Z0-9]+)_F(\d{3,4})")
# The number of an HST filter is its pivot wavelength in nm, except on WFC3's infrared channel (F098M to
# F167N), where it is in units of 10 nm: WFC3_F160W is at 1600 nm, redder than WFC3_F814W.
WFC3_IR_BELOW = 200
UNKNOWN_WAVELENGTH_NM = 100_000

# VarQualFlag: one grade per quality column (CI, D, MagerrAper2, MagAper2-MagAuto, p2p), A best; `-` is a
# column not graded. A pattern gives one to five leading grades; `?` (or `_`) stands for any grade.
VAR_QUAL_LENGTH = 5
VAR_QUAL_GRADES = "ABC-"  # the HCV grades each column A (best) to C
VAR_QUAL_WILDCARDS = "?_"
VAR_QUAL_HELP = (
    "use one to five grades A-C or -, with ? (or _) for any grade; a shorter pattern matches a prefix"
)
_VAR_QUAL_PATTERN = re.compile(
    rf"^[{re.escape(VAR_QUAL_GRADES + VAR_QUAL_WILDCARDS)}]{{1,{VAR_QUAL_LENGTH}}}$"
)

ARCSEC_PER_DEG = 3600.0


def normalise_filter_name(name: str) -> str:
    """`name` in the catalogue's spelling (upper case, no surrounding blanks)."""
    return name.strip().upper()


def is_filter_name(name: str) -> bool:
    """Whether `name` (already normalised) is an HCV filter name."""
    return bool(FILTER_NAME.match(name))


def filter_wavelength_nm(name: str) -> int | None:
    """The approximate central wavelength (nm) of an HCV filter, or None for a name without one."""
    match = _FILTER_NUMBER.match(name.upper())
    if match is None:
        return None
    instrument, number = match.group(1), int(match.group(2))
    return number * 10 if instrument == "WFC3" and number < WFC3_IR_BELOW else number


def filter_wavelength_order(name: str) -> tuple[int, str]:
    """Sort key putting filters bluest first (`ACS_F475W` before `ACS_F814W` before `WFC3_F160W`); names
    without a wavelength go last, in name order, so a sort never fails and always ends the same way."""
    wavelength_nm = filter_wavelength_nm(name)
    return (UNKNOWN_WAVELENGTH_NM if wavelength_nm is None else wavelength_nm, name)


def parse_var_qual_pattern(text: str) -> str:
    """The canonical form of a VarQualFlag pattern (upper case, `?` as the wildcard); ValueError if it is
    none."""
    pattern = text.strip().upper()
    if not _VAR_QUAL_PATTERN.match(pattern):
        raise ValueError(f"{text!r} is no VarQualFlag pattern: {VAR_QUAL_HELP}")
    return pattern.replace("_", "?")


def var_qual_regex(pattern: str) -> str:
    """An anchored regular expression matching the flags a canonical pattern selects (by prefix); its grades
    (A-C, -) are literal in every regex dialect, so only the wildcard needs translating."""
    return "^" + pattern.replace("?", ".")


def var_qual_matches(pattern: str, flag: str) -> bool:
    """Whether the VarQualFlag `flag` matches the canonical `pattern` (what the SQL condition does)."""
    return re.match(var_qual_regex(pattern), flag) is not None


@dataclass(frozen=True)
class FilterRowConditions:
    """Conditions that must all hold on one and the same filter row of a candidate.

    `filters`: any of these filters (empty: any filter); ranges are inclusive, in mag; `var_qual_flag` is a
    canonical pattern (see `parse_var_qual_pattern`).
    """

    filters: tuple[str, ...] = ()
    mad_min: float | None = None
    mad_max: float | None = None
    mag_min: float | None = None
    mag_max: float | None = None
    var_qual_flag: str | None = None

    def is_empty(self) -> bool:
        return self == FilterRowConditions()

    def inverted_range(self) -> str | None:
        """The name of the lower bound of a range whose lower bound exceeds its upper one, else None."""
        for low, high in (("mad_min", "mad_max"), ("mag_min", "mag_max")):
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                return low
        return None


@dataclass(frozen=True)
class ConeBox:
    """The Dec band and RA intervals (degrees) that hold a cone: a cheap, index-friendly first cut.

    `ra_ranges` is empty when the cap reaches a pole or spans every RA (no RA limit), two intervals when it
    wraps around RA 0/360. `haversine_limit` bounds sin^2(d/2) of the exact great-circle test.
    """

    dec_min: float
    dec_max: float
    ra_ranges: tuple[tuple[float, float], ...]
    haversine_limit: float


def cone_box(ra_deg: float, dec_deg: float, radius_arcsec: float) -> ConeBox:
    """The bounding box and exact-test limit of the cone of `radius_arcsec` around (ra_deg, dec_deg)."""
    radius_deg = radius_arcsec / ARCSEC_PER_DEG
    dec_min, dec_max = dec_deg - radius_deg, dec_deg + radius_deg
    ra_ranges: tuple[tuple[float, float], ...] = ()
    widest_dec = max(abs(dec_min), abs(dec_max))
    if widest_dec < 90.0:
        half_width = radius_deg / math.cos(math.radians(widest_dec))
        if half_width < 180.0:
            ra_min, ra_max = ra_deg - half_width, ra_deg + half_width
            if ra_min < 0:
                ra_ranges = ((ra_min + 360.0, 360.0), (0.0, ra_max))
            elif ra_max >= 360.0:
                ra_ranges = ((ra_min, 360.0), (0.0, ra_max - 360.0))
            else:
                ra_ranges = ((ra_min, ra_max),)
    limit = math.sin(math.radians(radius_deg) / 2) ** 2
    return ConeBox(dec_min=dec_min, dec_max=dec_max, ra_ranges=ra_ranges, haversine_limit=limit)

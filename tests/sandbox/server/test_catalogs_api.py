"""MAST catalogs API emulation (`/api/v0.1/hsc/v3/...`), used the way HCV_API_demo uses it."""

from __future__ import annotations

import io
import math

import pytest
import requests
from astropy.io import ascii
from astropy.io.votable import parse_single_table

HTTP_TIMEOUT_S = 30  # seconds: a sandbox that stops answering fails the test instead of hanging it

SUMMARY_COLUMNS = [
    "MatchID",
    "Filter",
    "GroupID",
    "SubGroupID",
    "RA",
    "Dec",
    "AutoClass",
    "ExpertClass",
    "VarQualFlag",
    "FilterDetFlag",
    "NumLC",
    "MeanMag",
    "MeanCorrMag",
    "MAD",
    "Chi2",
]
HCV_COLUMNS = ["MatchID", "Filter", "MJD", "ImageName", "Mag", "CorrMag", "MagErr", "CI", "D"]


def _get(sb, table, fmt="csv", **params):
    return requests.get(f"{sb.urls['catalogs']}/v3/{table}.{fmt}", params=params, timeout=HTTP_TIMEOUT_S)


def _sep_deg(ra1, dec1, ra2, dec2):
    r1, d1, r2, d2 = map(math.radians, (ra1, dec1, ra2, dec2))
    c = math.sin(d1) * math.sin(d2) + math.cos(d1) * math.cos(d2) * math.cos(r1 - r2)
    return math.degrees(math.acos(min(1.0, c)))


def test_cone_search_csv_has_the_real_column_order(sandbox):
    r = _get(sandbox, "hcvsummary", ra=16.2016962, dec=2.1194959, radius=0.5)
    assert r.status_code == 200
    tab = ascii.read(r.text, format="csv")
    assert tab.colnames == SUMMARY_COLUMNS
    assert len(tab) > 0
    assert all(_sep_deg(16.2016962, 2.1194959, row["RA"], row["Dec"]) <= 0.5 for row in tab)
    small = _get(sandbox, "hcvsummary", ra=16.2016962, dec=2.1194959, radius=0.01).text
    assert (len(ascii.read(small, format="csv")) if small else 0) < len(tab)


def test_light_curve_query_in_json(sandbox):
    r = _get(sandbox, "hcv", "json", MatchID=1905457, Filter="ACS_F606W")
    payload = r.json()
    assert [c["name"] for c in payload["info"]] == HCV_COLUMNS
    assert len(payload["data"]) == 21
    assert all(row[0] == 1905457 and row[1] == "ACS_F606W" for row in payload["data"])


def test_constraints_sort_and_paging(sandbox):
    top = _get(sandbox, "hcvsummary", VarQualFlag="AAAAA", sort_by="MAD.desc", pagesize=1)
    tab = ascii.read(top.text, format="csv")
    assert len(tab) == 1
    assert tab["MatchID"][0] == 5742711
    expert = ascii.read(_get(sandbox, "hcvsummary", **{"ExpertClass.gte": 1}).text, format="csv")
    assert len(expert) > 0
    assert min(expert["ExpertClass"]) >= 1
    page1 = _get(sandbox, "hcvsummary", "json", pagesize=5, page=1, sort_by="MatchID").json()["data"]
    page2 = _get(sandbox, "hcvsummary", "json", pagesize=5, page=2, sort_by="MatchID").json()["data"]
    assert len(page1) == len(page2) == 5
    assert page1[-1][0] <= page2[0][0]
    assert page1 != page2
    cols = _get(sandbox, "hcvsummary", "json", MatchID=1905457, columns="[MatchID,Filter,MAD]").json()
    assert [c["name"] for c in cols["info"]] == ["MatchID", "Filter", "MAD"]
    mags = ascii.read(_get(sandbox, "hcv", MatchID=1905457, **{"Mag.lt": 24.0}).text, format="csv")
    assert len(mags) > 0
    assert max(mags["Mag"]) < 24.0


def test_votable_and_metadata(sandbox):
    r = _get(sandbox, "hcvsummary", "votable", MatchID=1905457)
    table = parse_single_table(io.BytesIO(r.content)).to_table()
    assert len(table) == 2
    assert table.colnames == SUMMARY_COLUMNS
    meta = requests.get(f"{sandbox.urls['catalogs']}/v3/hcvsummary/metadata", timeout=HTTP_TIMEOUT_S).json()
    assert [m["name"] for m in meta] == SUMMARY_COLUMNS
    assert all({"name", "type", "description"} <= set(m) for m in meta)


def test_no_match_gives_an_empty_csv_body(sandbox):
    r = _get(sandbox, "hcvsummary", MatchID=-5)
    assert r.status_code == 200
    assert r.text == ""


def test_post_works_like_get(sandbox):
    r = requests.post(
        f"{sandbox.urls['catalogs']}/v3/hcv.csv", data={"MatchID": 5742711}, timeout=HTTP_TIMEOUT_S
    )
    assert len(ascii.read(r.text, format="csv")) == 5


@pytest.mark.parametrize(
    ("table", "params", "message"),
    [
        ("hcvsummary", {"ra": 16.2, "dec": 2.1, "radius": 2.0}, "radius"),
        ("hcvsummary", {"ra": 16.2, "dec": 2.1}, "ra, dec and radius"),
        ("hcvsummary", {"ra": "abc", "dec": 2.1, "radius": 0.1}, "Invalid value for ra"),
        ("hcvsummary", {"NoSuchCol": 1}, "Unknown column"),
        ("hcvsummary", {"MAD.between": 1}, "Unknown operator"),
        ("hcvsummary", {"MatchID": "x"}, "Invalid value for MatchID"),
        ("hcvsummary", {"sort_by": "MAD.sideways"}, "sort direction"),
        ("hcvsummary", {"pagesize": 0}, "pagesize"),
        ("hcv", {"columns": "[MatchID,Nope]"}, "Unknown column"),
    ],
)
def test_bad_parameters_are_4xx_with_a_message(sandbox, table, params, message):
    r = _get(sandbox, table, "json", **params)
    assert r.status_code == 400
    assert message in r.json()["msg"]


def test_unknown_tables_and_formats(sandbox):
    assert (
        requests.get(f"{sandbox.urls['catalogs']}/v3/detailed.csv", timeout=HTTP_TIMEOUT_S).status_code == 404
    )
    assert requests.get(f"{sandbox.urls['catalogs']}/v2/hcv.csv", timeout=HTTP_TIMEOUT_S).status_code == 404
    assert requests.get(f"{sandbox.urls['catalogs']}/v3/hcv.xlsx", timeout=HTTP_TIMEOUT_S).status_code == 400

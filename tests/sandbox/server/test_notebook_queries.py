"""The seed notebook's CasJobs queries, run unchanged apart from the URLs (seed/hcv-casjobs-notebook.txt)."""

from __future__ import annotations

import csv
import json
import math
import sqlite3
from contextlib import closing

import mastcasjobs
import numpy as np
import pytest
import requests

from hcvvet.sandbox.universe.sim_planted import DATA_DIR as REAL_DATA

HTTP_TIMEOUT_S = 30  # seconds: a sandbox that stops answering fails the test instead of hanging it

HSCContext = "HSCv3"
REAL_NOVA = REAL_DATA / "hcv_detailed_1905457_ACS_F606W.csv"  # the copy of shared/data the sandbox ships
# The select list of both of the notebook's summary-table queries (the IC 1613 cone and the validated set).
NOTEBOOK_SELECT = """
select m.MatchID, m.GroupID, m.SubGroupID, m.RA, m.Dec,
   m.AutoClass, m.ExpertClass, m.NumFilters,
   f.Filter, f.FilterDetFlag, f.VarQualFlag, f.NumLC,
   f.MeanMag, f.MeanCorrMag, f.MAD, f.Chi2
"""


@pytest.fixture
def notebook_env(sandbox, monkeypatch):
    """The notebook reads the account from CASJOBS_USERID / CASJOBS_PW."""
    monkeypatch.setenv("CASJOBS_USERID", "demo")
    monkeypatch.setenv("CASJOBS_PW", "demo")
    return sandbox


def _jobs(sb, context):
    return mastcasjobs.MastCasJobs(context=context, **sb.casjobs_kwargs())


def resolve(sb, name):
    request = {"service": "Mast.Name.Lookup", "params": {"input": name, "format": "json"}}
    r = requests.post(sb.urls["mast_invoke"], data={"request": json.dumps(request)}, timeout=HTTP_TIMEOUT_S)
    r.raise_for_status()
    resolved = json.loads(r.text)
    return resolved["resolvedCoordinate"][0]["ra"], resolved["resolvedCoordinate"][0]["decl"]


def _sep_deg(ra1, dec1, ra2, dec2):
    r1, d1, r2, d2 = map(math.radians, (ra1, dec1, ra2, dec2))
    c = math.sin(d1) * math.sin(d2) + math.cos(d1) * math.cos(d2) * math.cos(r1 - r2)
    return math.degrees(math.acos(min(1.0, c)))


def test_ic1613_cone_search_into_mydb_and_fast_table(notebook_env, capsys):
    sb = notebook_env
    ra, dec = resolve(sb, "IC 1613")
    DBtable = "HCV_demo"
    jobs = _jobs(sb, "MyDB")
    jobs.drop_table_if_exists(DBtable)
    radius = 1800.0  # arcsec
    query = (
        NOTEBOOK_SELECT
        + """into mydb.{DBtable}
from SearchHCVMatchID({ra},{dec},{radius}) s
join HCVmatch m on m.MatchID=s.MatchID
join HCVfilter f on f.MatchID=s.MatchID and (f.Filter='ACS_F475W' or f.Filter='ACS_F814W')
""".format(**locals())
    )
    results = jobs.quick(query, task_name="HCV demo", context=HSCContext)
    print(results)
    tab = jobs.fast_table(DBtable, verbose=True)
    out = capsys.readouterr().out
    assert "Rows Affected" in out
    assert "Retrieved" in out
    assert "Converted to" in out

    # independent count over the universe file: every row within 0.5 deg in one of the two filters
    with closing(sqlite3.connect(sb.app.universe)) as conn:
        rows = conn.execute(
            "select m.RA, m.Dec from HCVmatch m join HCVfilter f on f.MatchID = m.MatchID "
            "where f.Filter in ('ACS_F475W', 'ACS_F814W')"
        ).fetchall()
    expected = sum(1 for r, d in rows if _sep_deg(ra, dec, r, d) <= 0.5)
    assert expected > 0
    assert len(tab) == results["Rows Affected"][0] == expected
    assert tab.colnames[:5] == ["MatchID", "GroupID", "SubGroupID", "RA", "Dec"]
    assert set(tab["Filter"]) == {"ACS_F475W", "ACS_F814W"}
    assert (tab["AutoClass"] > 0).sum() > 0
    w475 = tab["Filter"] == "ACS_F475W"
    both = set(tab["MatchID"][w475]) & set(tab["MatchID"][~w475])
    assert both, "the notebook joins objects measured in both filters"


def test_nova_light_curves(notebook_env):
    matchid = 1905457
    jobs = _jobs(notebook_env, HSCContext)
    nova_606 = jobs.quick(
        f"""select * from HCVdetailed
where MatchID={matchid} and Filter='ACS_F606W'
""",
        task_name="HCV demo",
    )
    nova_814 = jobs.quick(
        f"""select * from HCVdetailed
where MatchID={matchid} and Filter='ACS_F814W'
""",
        task_name="HCV demo",
    )
    nova_tab = jobs.quick(
        f"""select MatchID, RA, Dec from HCVmatch
where MatchID={matchid}
""",
        task_name="HCV demo",
    )
    assert nova_606.colnames == [
        "MatchID",
        "Filter",
        "MJD",
        "ImageName",
        "Mag",
        "CorrMag",
        "MagErr",
        "CI",
        "D",
    ]
    assert len(nova_606) == 21
    assert len(nova_814) == 22
    with REAL_NOVA.open() as fh:
        real = sorted(csv.DictReader(fh), key=lambda r: float(r["MJD"]))
    got = sorted(nova_606, key=lambda r: r["MJD"])
    assert [r["ImageName"] for r in got] == [r["ImageName"] for r in real]
    assert np.allclose([r["CorrMag"] for r in got], [float(r["CorrMag"]) for r in real])
    assert (nova_tab["RA"][0], nova_tab["Dec"][0]) == pytest.approx((187.716370, 12.398979), abs=1e-6)


def test_expert_validated_selection(notebook_env):
    sb = notebook_env
    DBtable = "HCV_demo2"
    jobs = _jobs(sb, "MyDB")
    jobs.drop_table_if_exists(DBtable)
    query = (
        NOTEBOOK_SELECT
        + """into mydb.{DBtable}
from HCVmatch m
join HCVfilter f on m.MatchID=f.MatchID
where m.ExpertClass>0
""".format(**locals())
    )
    results = jobs.quick(query, task_name="HCV demo", context=HSCContext)
    tab = jobs.fast_table(DBtable, verbose=True)
    with closing(sqlite3.connect(sb.app.universe)) as conn:
        expected = conn.execute(
            "select count(*) from HCVmatch m join HCVfilter f on m.MatchID=f.MatchID where m.ExpertClass>0"
        ).fetchone()[0]
    assert len(tab) == results["Rows Affected"][0] == expected > 0
    assert set(tab["ExpertClass"]) <= {1, 2, 4}
    mval, uindex = np.unique(tab["MatchID"], return_index=True)
    utab = tab[uindex]
    sfcount = np.bincount(utab["ExpertClass"][utab["AutoClass"] >= 1], minlength=5)
    assert sfcount.sum() == len(utab) - (utab["AutoClass"] == 0).sum()


def test_most_variable_aaaaa_candidate_is_in_m31(notebook_env):
    jobs = _jobs(notebook_env, HSCContext)
    query = """
select top 1 m.MatchID, m.GroupID, m.SubGroupID, g.TargetName, m.RA, m.Dec,
   m.AutoClass, m.ExpertClass, m.NumFilters,
   f.Filter, f.FilterDetFlag, f.VarQualFlag, f.NumLC,
   f.MeanMag, f.MeanCorrMag, f.MAD, f.Chi2
from HCVmatch m
join HCVfilter f on m.MatchID=f.MatchID
join Groups g on m.GroupID=g.GroupID
where f.VarQualFlag='AAAAA'
order by f.MAD desc
"""
    tab = jobs.quick(query, task_name="HCV demo", context=HSCContext)
    assert len(tab) == 1
    assert tab["MatchID"][0] == 5742711
    assert tab["TargetName"][0] == "M31"
    assert tab["Filter"][0] == "ACS_F814W"
    matchid, mfilter = tab["MatchID"][0], tab["Filter"][0]
    lc = _jobs(notebook_env, HSCContext).quick(
        f"""select * from HCVdetailed
where MatchID={matchid} and Filter='{mfilter}'
""",
        task_name="HCV demo",
    )
    assert len(lc) == tab["NumLC"][0] == 5

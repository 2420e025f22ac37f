"""The real `mastcasjobs` / `casjobs` clients against the sandbox, method by method (mast-protocol.md 1.5)."""

from __future__ import annotations

import io
import sqlite3
import uuid
from contextlib import closing

import mastcasjobs
import numpy as np
import pytest
import requests
from astropy.config.paths import set_temp_cache
from astropy.table import Table

from hcvvet.sandbox.server.harness import SandboxServer

HTTP_TIMEOUT_S = 30  # seconds: a sandbox that stops answering fails the test instead of hanging it


def _client(sb: SandboxServer, context: str = "HSCv3", request_type: str = "POST") -> mastcasjobs.MastCasJobs:
    return mastcasjobs.MastCasJobs(
        username="demo", password="demo", context=context, request_type=request_type, **sb.casjobs_kwargs()
    )


def _name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def jobs(sandbox: SandboxServer) -> mastcasjobs.MastCasJobs:
    return _client(sandbox)


def _count(db, sql: str) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchone()[0]


def test_login_returns_the_numeric_wsid(sandbox):
    jobs = _client(sandbox)
    assert jobs.userid.isdigit()
    assert _client(sandbox).userid == jobs.userid


def test_bad_password_is_refused_by_the_client(sandbox):
    with pytest.raises(ValueError, match="Incorrect MAST CasJobs username/password"):
        mastcasjobs.MastCasJobs(
            username="demo", password="wrong", context="HSCv3", **sandbox.casjobs_kwargs()
        )


def test_wrong_wsid_gets_a_casjobs_error(sandbox):
    jobs = mastcasjobs.MastCasJobs(userid="123", password="demo", context="HSCv3", **sandbox.casjobs_kwargs())
    with pytest.raises(Exception, match="Invalid WebServicesID or password"):
        jobs.quick("select top 1 MatchID from HCVmatch")


def test_quick_returns_declared_column_types(jobs):
    tab = jobs.quick(
        "select top 3 m.MatchID, m.GroupID, m.SubGroupID, m.RA, m.AutoClass, m.ExpertClass, m.NumFilters, "
        "f.Filter, f.FilterDetFlag, f.VarQualFlag, f.NumLC, f.MAD from HCVmatch m "
        "join HCVfilter f on f.MatchID = m.MatchID order by m.MatchID"
    )
    assert len(tab) == 3
    dtypes = {name: tab[name].dtype for name in tab.colnames}
    assert dtypes["MatchID"] == np.int64
    assert dtypes["GroupID"] == np.int32
    assert dtypes["NumLC"] == np.int32
    assert dtypes["NumFilters"] == np.int32
    assert dtypes["AutoClass"] == np.int16
    assert dtypes["ExpertClass"] == np.int16
    assert dtypes["FilterDetFlag"] == np.uint8
    assert dtypes["RA"] == np.float64
    assert dtypes["MAD"] == np.float64
    assert dtypes["Filter"].kind == "U"
    assert dtypes["VarQualFlag"].kind == "U"


def test_quick_raw_string_is_typed_csv(jobs):
    text = jobs.quick("select MatchID, RA, Dec from HCVmatch where MatchID=1905457", astropy=False)
    header, row = text.strip().split("\n")
    assert header == "[MatchID]:bigint,[RA]:float,[Dec]:float"
    assert row.startswith("1905457,187.71637")


def test_64_bit_match_ids_round_trip(sandbox, jobs):
    big = 108_080_441_000_123  # beyond 32 bits
    table = _name("Big")
    mydb = _client(sandbox, context="MyDB")
    mydb.upload_table(table, Table({"MatchID": [big, 1905457]}))
    assert "[MatchID]:bigint" in mydb.quick(f"select * from {table}", astropy=False)
    assert sorted(int(v) for v in mydb.quick(f"select * from {table}")["MatchID"]) == [1905457, big]
    assert sorted(int(v) for v in mydb.fast_table(table)["MatchID"]) == [1905457, big]


def test_empty_result_is_a_header_only_table(jobs):
    tab = jobs.quick("select MatchID, Filter from HCVfilter where MatchID = -1")
    assert len(tab) == 0
    assert tab.colnames == ["MatchID", "Filter"]


def test_into_mydb_then_list_and_drop(sandbox, jobs):
    table = _name("Into")
    res = jobs.quick(f"select MatchID, RA, Dec into mydb.{table} from HCVmatch where AutoClass > 0")
    expected = _count(sandbox.app.universe, "select count(*) from HCVmatch where AutoClass > 0")
    assert list(res["Rows Affected"]) == [expected]
    mydb = _client(sandbox, context="MyDB")
    assert table in mydb.list_tables()
    mydb.drop_table_if_exists(table)
    mydb.drop_table_if_exists(table)  # dropping a missing table is not an error
    assert table not in mydb.list_tables()


def test_list_tables_of_the_catalog_context_hides_ground_truth(jobs):
    names = jobs.list_tables(context="HSCv3")
    assert sorted(names) == ["Groups", "HCVdetailed", "HCVfilter", "HCVmatch"]


def test_sandbox_tables_are_refused(jobs):
    for query in (
        "select * from sandbox_truth",
        "select MatchID from HCVmatch where MatchID in (select MatchID from sandbox_truth)",
        "select * from hscv3.dbo.sandbox_names",
        "select name from sqlite_master",
    ):
        with pytest.raises(Exception, match="ExecuteQuickJob failed with status: 500\nInvalid object name"):
            jobs.quick(query)


def test_sql_errors_carry_the_message(jobs):
    with pytest.raises(Exception, match="Invalid object name 'NoSuchTable'"):
        jobs.quick("select * from NoSuchTable")
    with pytest.raises(Exception, match="Invalid column name 'NoSuchColumn'"):
        jobs.quick("select NoSuchColumn from HCVmatch")
    with pytest.raises(Exception, match="ExecuteQuickJob failed with status: 500\nIncorrect syntax"):
        jobs.quick("select from where")
    with pytest.raises(Exception, match="Context 'PanSTARRS_DR1' is not available"):
        jobs.quick("select top 1 MatchID from HCVmatch", context="PanSTARRS_DR1")


def test_catalog_is_read_only_and_mydb_context_needs_qualified_catalog_names(sandbox, jobs):
    with pytest.raises(Exception, match="permission denied"):
        jobs.quick("select MatchID into Copy from HCVmatch")
    mydb = _client(sandbox, context="MyDB")
    with pytest.raises(Exception, match="Invalid object name 'HCVmatch'"):
        mydb.quick("select top 1 MatchID from HCVmatch")
    assert len(mydb.quick("select top 2 MatchID from HSCv3.dbo.HCVmatch")) == 2


def test_fast_table_reads_a_mydb_table(sandbox, jobs):
    table = _name("Fast")
    jobs.quick(
        f"select m.MatchID, f.Filter, f.MAD into mydb.{table} "
        "from HCVmatch m join HCVfilter f on f.MatchID=m.MatchID"
    )
    tab = jobs.fast_table(table)
    assert len(tab) == _count(sandbox.app.universe, "select count(*) from HCVfilter")
    assert tab["MatchID"].dtype == np.int64
    assert tab["MAD"].dtype == np.float64
    with pytest.raises(ValueError, match="not found"):
        jobs.fast_table(_name("Missing"))


def test_get_table_csv_and_fits_through_the_output_queue(sandbox, jobs, tmp_path):
    table = _name("Get")
    jobs.quick(f"select MatchID, Filter, MAD into mydb.{table} from HCVfilter where MatchID = 1905457")
    quick_path = jobs.get_table(table, format="CSV")
    assert sorted(quick_path["Filter"]) == ["ACS_F606W", "ACS_F814W"]
    sandbox.faults.set("casjobs", "quick_too_large", next_n=1)
    csv_tab = jobs.get_table(table, format="CSV")
    sandbox.faults.set("casjobs", "quick_too_large", next_n=1)
    with set_temp_cache(tmp_path):
        fits_tab = jobs.get_table(table, format="FITS")
    for tab in (csv_tab, fits_tab):
        assert sorted(tab["Filter"]) == ["ACS_F606W", "ACS_F814W"]
        assert list(tab["MatchID"]) == [1905457, 1905457]
    assert fits_tab["MatchID"].dtype.kind == "i"
    assert fits_tab["MatchID"].dtype.itemsize == 8


def test_submit_status_monitor_job_info_cancel(jobs):
    table = _name("Job")
    job_id = jobs.submit(
        f"select MatchID into mydb.{table} from HCVmatch where ExpertClass > 0", task_name="t1"
    )
    assert jobs.status(job_id) == (5, "finished")
    assert jobs.monitor(job_id) == (5, "finished")
    info = jobs.job_info(jobid=job_id)
    assert len(info) == 1
    assert info[0]["JobID"] == str(job_id)
    assert info[0]["Status"] == "5"
    assert info[0]["TaskName"] == "t1"
    jobs.cancel(job_id)  # cancelling a finished job changes nothing
    assert jobs.status(job_id) == (5, "finished")
    jobs.cancel(987654321)  # unknown job: silently ignored, as the WSDL says
    failed = jobs.submit("select * from NoSuchTable")
    assert jobs.monitor(failed) == (4, "failed")
    assert "Invalid object name" in jobs.job_info(jobid=failed)[0]["Error"]


def test_request_and_get_output(jobs):
    table = _name("Out")
    jobs.quick(
        f"select MatchID, MJD into mydb.{table} from HCVdetailed "
        "where MatchID = 1905457 and Filter='ACS_F606W'"
    )
    buf = io.BytesIO()
    jobs.request_and_get_output(table, "CSV", buf)
    lines = buf.getvalue().decode().strip().split("\n")
    assert lines[0] == "MatchID,MJD"
    assert len(lines) == 22


def test_drop_table_via_the_queue(sandbox, jobs):
    table = _name("Drop")
    jobs.quick(f"select top 1 MatchID into mydb.{table} from HCVmatch")
    mydb = _client(sandbox, context="MyDB")
    mydb.drop_table(table)
    assert table not in mydb.list_tables()


def test_upload_table_creates_and_appends(sandbox):
    mydb = _client(sandbox, context="MyDB")
    table = _name("Up")
    mydb.upload_table(
        table, Table({"MatchID": [1905457, 5742711], "note": ["a nova", "M31 star"], "w": [1.5, 2.0]})
    )
    mydb.upload_table(table, Table({"MatchID": [7], "note": ["x"], "w": [0.25]}), exists=True)
    tab = mydb.quick(f"select * from {table} order by MatchID")
    assert list(tab["MatchID"]) == [7, 1905457, 5742711]
    assert list(tab["note"]) == ["x", "a_nova", "M31_star"]
    with pytest.raises(Exception, match="already an object named"):
        mydb.upload_table(table, Table({"a": [1]}))
    joined = _client(sandbox).quick(
        f"select u.MatchID, m.RA from mydb.{table} u "
        "join HCVmatch m on m.MatchID = u.MatchID order by u.MatchID"
    )
    assert list(joined["MatchID"]) == [1905457, 5742711]


def test_get_request_type_works(sandbox):
    jobs = _client(sandbox, request_type="GET")
    tab = jobs.quick("select MatchID, RA, Dec from HCVmatch where MatchID=1905457")
    assert list(tab["MatchID"]) == [1905457]


def test_unknown_operation_is_an_asmx_error(sandbox):
    r = requests.post(
        sandbox.urls["casjobs"] + "/NoSuchOp", data={"wsid": "1", "pw": "x"}, timeout=HTTP_TIMEOUT_S
    )
    assert r.status_code == 500
    assert "Unknown web method" in r.text


@pytest.mark.parametrize(("kind", "marker"), [("VOTable", b"<VOTABLE"), ("DataSet", b"<NewDataSet>")])
def test_xml_extract_types(jobs, kind, marker):
    table = _name("Xml")
    jobs.quick(f"select MatchID, Filter into mydb.{table} from HCVfilter where MatchID = 1905457")
    buf = io.BytesIO()
    jobs.request_and_get_output(table, kind, buf)
    assert marker in buf.getvalue()
    assert buf.getvalue().count(b"ACS_F606W") == 1

"""hcvvet's MAST clients against the sandbox over HTTP: results, and typed errors for each fault. Tests that
take `mast_service` also run against real MAST when an account is set (`live_mast`)."""

import pytest

from hcvvet.mast import catalogs, fitscut, name_lookup
from hcvvet.mast.casjobs import CasJobsClient, QueryFaultError, Select
from hcvvet.mast.errors import (
    CutoutUnavailableError,
    MastBadResponseError,
    MastBlockedError,
    MastLoginError,
    MastQueryError,
    MastTimeoutError,
    MastUnavailableError,
    UnknownTargetError,
)
from hcvvet.mast.typed_csv import iter_typed_rows

NOVA = 1905457
NOVA_QUERY = (
    f"select MatchID, Filter, MJD, CorrMag from HCVdetailed where MatchID = {NOVA} and Filter = 'ACS_F606W'"
)
NOVA_LIGHT_CURVE = Select("MatchID, Filter, MJD, CorrMag", f"from HCVdetailed where MatchID = {NOVA}")


def mydb_tables(client: CasJobsClient) -> set[str]:
    _, rows = client.query("SELECT Distinct TABLE_NAME FROM information_schema.TABLES", context="MYDB")
    return {row[0].lower() for row in rows}


def batch_jobs(sandbox) -> list[str]:
    """The statements the sandbox ran as batch jobs (SubmitJob), oldest first."""
    return [job.query for job in sandbox.app.casjobs.jobs.values() if job.job_type == "QUERY"]


def test_client_logs_in_only_when_first_used(mast):
    logins = mast.calls("login")
    client = CasJobsClient()
    assert mast.calls("login") == logins
    names, rows = client.query(NOVA_QUERY)
    assert mast.calls("login") == logins + 1
    assert names == ["MatchID", "Filter", "MJD", "CorrMag"]
    assert len(rows) == 21
    assert rows[0][0] == NOVA
    assert isinstance(rows[0][2], float)


def test_select_into_mydb_then_stream_the_table(mast_service):
    client = CasJobsClient()
    client.select_into(
        f"select MatchID, MJD into mydb.nova_lc from HCVdetailed where MatchID = {NOVA}", "nova_lc"
    )
    with client.stream_table("nova_lc") as (names, rows):
        assert names == ["MatchID", "MJD"]
        assert len(list(rows)) == 43  # 21 F606W + 22 F814W points
    client.drop_table("nova_lc")
    assert "nova_lc" not in mydb_tables(client)


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("http_503", MastUnavailableError),
        ("truncate", MastBadResponseError),
        ("malformed", MastBadResponseError),
        ("hang", MastTimeoutError),
    ],
)
def test_transient_casjobs_faults_are_typed_retryable(mast, settings, kind, error):
    settings.HCVVET_MAST_TIMEOUT_SECONDS = 1
    client = CasJobsClient()
    client.query("select top 1 MatchID from HCVmatch")
    mast.faults.set("casjobs", kind, next_n=1, seconds=3)
    with pytest.raises(error) as caught:
        client.query(NOVA_QUERY)
    assert caught.value.retryable
    assert len(client.query(NOVA_QUERY)[1]) == 21  # the next attempt succeeds


def test_rejected_login_is_permanent_with_a_clear_message(mast):
    mast.faults.set("login", "reject_login", next_n=1)
    with pytest.raises(MastLoginError) as caught:
        CasJobsClient().query(NOVA_QUERY)
    assert not caught.value.retryable
    assert "CASJOBS_USERID" in caught.value.message


def test_sql_error_is_permanent_and_quotes_casjobs(mast_service):
    with pytest.raises(MastQueryError) as caught:
        CasJobsClient().query("select MatchID from NoSuchTable")
    assert not caught.value.retryable
    assert "NoSuchTable" in caught.value.message


def test_fetch_returns_a_small_result_from_a_quick_job(mast_service):
    names, rows = CasJobsClient().fetch(NOVA_LIGHT_CURVE, table="hcvvet_test_nova")
    assert names == ["MatchID", "Filter", "MJD", "CorrMag"]
    assert sorted(r[1] for r in rows).count("ACS_F606W") == 21
    assert len(rows) == 43


@pytest.mark.parametrize("fault", ["quick_too_large", "quick_limit_reworded", "http_500"])
def test_a_quick_job_casjobs_faults_on_is_run_once_as_a_batch_job_into_mydb(mast, fault):
    """Whatever the fault's words (two wordings of the size limit, or a server's internal error), the rows
    come through a batch job into MyDB, and the table is dropped afterwards."""
    client = CasJobsClient()
    expected = client.fetch(NOVA_LIGHT_CURVE, table="hcvvet_test_nova")
    before = len(batch_jobs(mast))
    mast.faults.set("casjobs", fault, next_n=1)
    assert client.fetch(NOVA_LIGHT_CURVE, table="hcvvet_test_nova") == expected
    assert [q for q in batch_jobs(mast)[before:] if "into mydb.hcvvet_test_nova" in q] != []
    assert "hcvvet_test_nova" not in mydb_tables(client)


def test_a_quick_job_fault_on_a_statement_without_rows_is_retried_as_a_batch_job(mast):
    client = CasJobsClient()
    client.select_into(
        f"select MatchID into mydb.hcvvet_test_drop from HCVmatch where MatchID = {NOVA}", "hcvvet_test_drop"
    )
    mast.faults.set("casjobs", "http_500", next_n=1)
    client.drop_table("hcvvet_test_drop")
    assert "hcvvet_test_drop" not in mydb_tables(client)


def test_a_real_sql_error_fails_once_with_casjobs_message(mast):
    """The quick job faults, the batch job fails: its own status decides, with CasJobs' words, at once."""
    client = CasJobsClient()
    before = len(batch_jobs(mast))
    with pytest.raises(MastQueryError) as caught:
        client.fetch(Select("MatchID, NoSuchColumn", "from HCVdetailed"), table="hcvvet_test_bad")
    assert not caught.value.retryable
    assert not isinstance(caught.value, QueryFaultError)  # decided by the batch job, not the quick one
    assert "NoSuchColumn" in caught.value.message
    assert len([q for q in batch_jobs(mast)[before:] if "NoSuchColumn" in q]) == 1
    assert "hcvvet_test_bad" not in mydb_tables(client)


def test_blocked_request_is_permanent_and_gives_the_request_id(mast):
    mast.faults.set("casjobs", "blocked_403", next_n=1)
    with pytest.raises(MastBlockedError) as caught:
        CasJobsClient().query(NOVA_QUERY)
    assert "Request ID" in caught.value.message
    assert not caught.value.retryable


def test_name_lookup_resolves_and_rejects_unknown_names(mast_service):
    target = name_lookup.resolve("IC 1613")
    assert (round(target.ra_deg, 4), round(target.dec_deg, 4)) == (16.2017, 2.1195)
    with pytest.raises(UnknownTargetError) as caught:
        name_lookup.resolve("No Such Galaxy 99")
    assert "No Such Galaxy 99" in caught.value.message
    assert not caught.value.retryable


def test_name_lookup_server_error_is_retryable(mast):
    mast.faults.set("invoke", "http_503", next_n=1)
    with pytest.raises(MastUnavailableError):
        name_lookup.resolve("IC 1613")


def test_fitscut_returns_a_jpeg_and_types_failures(mast):
    jpeg = fitscut.fetch_cutout("hst_10543_29_acs_wfc_f606w", 187.71637, 12.398979, size_px=19)
    assert jpeg[:3] == b"\xff\xd8\xff"
    with pytest.raises(CutoutUnavailableError) as caught:
        fitscut.fetch_cutout("hst_00000_00_acs_wfc_f606w", 187.71637, 12.398979, size_px=19)
    assert "not found" in caught.value.message


def test_catalogs_api_pages_through_every_row(mast_service):
    params = {"ra": 16.2017, "dec": 2.1195, "radius": 0.5, "AutoClass.gte": 1}
    one_page = list(catalogs.iter_rows("hcvsummary", params))
    paged = list(catalogs.iter_rows("hcvsummary", params, pagesize=7))
    assert len(one_page) > 7
    assert paged == one_page
    assert all(row["AutoClass"] >= 1 for row in paged)


def test_typed_rows_read_null_in_any_letter_case_and_empty_numbers_as_none():
    """A faithful CasJobs may spell NULL in any letter case; an empty number is NULL, an empty string ''."""
    lines = [
        "[MatchID]:bigint,[MAD]:float,[Name]:varchar",
        "1,null,NULL",
        "2,Null,nUlL",
        "3,,",
        "4,0.5,nulls",
    ]
    names, rows = iter_typed_rows(lines, ",")
    assert names == ["MatchID", "MAD", "Name"]
    assert list(rows) == [(1, None, None), (2, None, None), (3, None, ""), (4, 0.5, "nulls")]

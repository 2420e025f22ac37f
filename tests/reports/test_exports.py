import io
from datetime import UTC, datetime

import numpy as np
import pytest
from astropy.io.votable import validate

from hcvvet.reports import exports
from hcvvet.reports.statistics import (
    artifact_fraction,
    autoclass_vs_expert,
    mad_histograms,
    pairwise_cohen_kappa,
)

from .synthetic import realistic_table

PROVENANCE = exports.Provenance(
    report="autoclass-vs-expert",
    label_source="labels",
    hcv_release="HCV 1.0 (HSC v3)",
    campaign="IC 1613 pilot",
    rule="majority of 3",
    selection={"group": "IC 1613", "filters": ["ACS_F475W", "ACS_F814W"]},
    exported_at=datetime(2025, 3, 1, 12, 30, tzinfo=UTC),
)


# comments as experts type them: line breaks, a leading "#", accents and symbols, edge spaces, quotes,
# commas, backslashes, tabs and control characters
TRICKY_TEXT = [
    "two stars\r\n# blended, see HST 10543",
    '  faint; ≈ 0.3 mag, café "PSF" \\ C:\\data ',
    "\tnoisy\x00edge\x7f😀",
    " ",
    "\\x20 is not a space",
]


def _labelled():
    # real rows of the seed notebook (IC 1613), with hcvvet votes; masked where nobody voted
    columns = {
        "MatchID": [12131288, 82653722, 60282987, 60282987],
        "Filter": ["ACS_F475W", "ACS_F475W", "ACS_F475W", "ACS_F814W"],
        "GroupID": [69810] * 4,
        "SubGroupID": [-5] * 4,
        "RA": [16.095659, 16.097239, 16.147720, 16.147720],
        "Dec": [2.161246, 2.162066, 2.145969, 2.145969],
        "AutoClass": [1, 2, 1, 1],
        "ExpertClass": [1, 2, 4, 4],
        "FilterDetFlag": [1, 1, 0, 1],
        "VarQualFlag": ["BACAA", "AACAA", "AAAAC", "AACAA"],
        "NumLC": [12, 12, 11, 11],
        "MeanMag": [25.248, 25.237, 25.495, 24.842],
        "MeanCorrMag": [25.250, 25.238, 25.495, 24.843],
        "MAD": [0.1296, 0.2312, 0.0215, 0.0796],
        "Chi2": [11.8544, 64.6089, 0.3819, 35.2635],
        "ConsensusClass": np.ma.array([1, 0, 4, 4], mask=[False, True, False, False]),
        "NumVotes": [2, 0, 1, 1],
        "IsGold": [False, False, True, True],
        "GoldClass": np.ma.array([0, 0, 4, 4], mask=[True, True, False, False]),
        "AdjudicatedClass": np.ma.array([1, 0, 0, 0], mask=[False, True, True, True]),
        "AdjudicatedBy": np.ma.array(["curt", "", "", ""], mask=[False, True, True, True]),
        "AdjudicationNote": np.ma.array(["", "", "", ""], mask=[False, True, True, True]),
        "AdjudicatedAt": np.ma.array(
            ["2025-02-03T10:00:00.000001+00:00", "", "", ""], mask=[False, True, True, True]
        ),
        "Vote_alice": np.ma.array([1, 0, 4, 4], mask=[False, True, False, False]),
        "Reasons_alice": np.ma.array(
            ["", "", "blend,cosmic_ray", "blend,cosmic_ray"], mask=[False, True, False, False]
        ),
        "Comment_alice": np.ma.array(["", "", *[TRICKY_TEXT[0]] * 2], mask=[False, True, False, False]),
        "Seconds_alice": np.ma.array([0.0, 0.0, 7.25, 7.25], mask=[False, True, False, False]),
        "VotedAt_alice": np.ma.array(
            ["2025-02-01T09:00:00.123456+00:00", "", *["2025-02-01T09:01:00.000000+00:00"] * 2],
            mask=[False, True, False, False],
        ),
        "Vote_bob": np.ma.array([2, 0, 0, 0], mask=[False, True, True, True]),
        "Reasons_bob": np.ma.array(["other", "", "", ""], mask=[False, True, True, True]),
        "Comment_bob": np.ma.array([TRICKY_TEXT[1], "", "", ""], mask=[False, True, True, True]),
        "Seconds_bob": np.ma.array([1 / 3, 0.0, 0.0, 0.0], mask=[False, True, True, True]),
        "VotedAt_bob": np.ma.array(
            ["2025-02-02T11:00:00.000000+00:00", "", "", ""], mask=[False, True, True, True]
        ),
    }
    return exports.labelled_candidates_table(columns, PROVENANCE)


def _report_tables():
    table = realistic_table(n_rows=600)
    columns = (table.mad, table.expert_class, table.filter_det_flag)
    votes = (
        np.array([1, 2, 3, 1, 2, 3]),
        np.array(["ann", "ann", "ann", "bob", "bob", "bob"]),
        np.array([1, 2, 4, 1, 4, 4]),
    )
    return {
        "crosstab": exports.crosstab_table(
            autoclass_vs_expert(table.match_id, table.auto_class, table.expert_class), PROVENANCE
        ),
        "artifact": exports.artifact_fraction_table(artifact_fraction(*columns), PROVENANCE),
        "histograms": exports.mad_histograms_table(mad_histograms(*columns), PROVENANCE),
        "agreement": exports.agreement_table(pairwise_cohen_kappa(*votes), PROVENANCE),
        "labelled": _labelled(),
    }


def _assert_same(written, read):
    assert read.colnames == written.colnames
    for name in written.colnames:
        a, b = written[name], read[name]
        assert b.dtype == a.dtype, name
        assert b.unit == a.unit, name
        assert b.description == a.description, name
        np.testing.assert_array_equal(np.ma.getmaskarray(b), np.ma.getmaskarray(a), err_msg=name)
        np.testing.assert_array_equal(
            np.ma.asarray(b).compressed(), np.ma.asarray(a).compressed(), err_msg=name
        )
    assert dict(read.meta) == dict(written.meta)


@pytest.mark.parametrize("name", ["crosstab", "artifact", "histograms", "agreement", "labelled"])
def test_votable_passes_astropys_validator(name):
    data = exports.write_table(_report_tables()[name], "votable")
    report = io.StringIO()
    assert validate(io.BytesIO(data), output=report), report.getvalue()


@pytest.mark.parametrize("fmt", ["ecsv", "fits", "csv", "votable"])
def test_labelled_candidates_round_trip_without_loss(fmt):
    written = _labelled()
    read = exports.read_labelled_candidates(exports.write_table(written, fmt), fmt)
    _assert_same(written, read)
    assert read["MAD"].unit == "mag"
    assert read["ConsensusClass"].mask.tolist() == [False, True, False, False]


@pytest.mark.parametrize("fmt", ["ecsv", "fits"])
@pytest.mark.parametrize("name", ["crosstab", "artifact", "histograms", "agreement"])
def test_report_tables_round_trip_types_units_and_metadata(fmt, name):
    written = _report_tables()[name]
    _assert_same(written, exports.read_table(exports.write_table(written, fmt), fmt))


def test_provenance_is_in_the_metadata_and_the_csv_header():
    table = _report_tables()["crosstab"]
    assert table.meta["hcv_release"] == "HCV 1.0 (HSC v3)"
    assert table.meta["exported_at"] == "2025-03-01T12:30:00+00:00"
    assert table.meta["hcvvet_version"] not in ("", "unknown")
    header = exports.write_table(table, "csv").decode().split("\nauto_class,")[0]
    assert "# meta.campaign: IC 1613 pilot" in header
    assert "# meta.rule: majority of 3" in header
    assert '# meta.selection: {"filters": ["ACS_F475W", "ACS_F814W"], "group": "IC 1613"}' in header


def test_a_report_table_is_not_accepted_as_a_labelled_export():
    data = exports.write_table(_report_tables()["crosstab"], "ecsv")
    with pytest.raises(ValueError, match="not a labelled candidate export"):
        exports.read_labelled_candidates(data, "ecsv")


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_free_text_is_one_line_of_printable_ascii_that_unescapes_to_itself(text):
    escaped = exports.text_escape(text)
    assert escaped.isascii()
    assert escaped.isprintable()
    assert escaped == escaped.strip()
    assert exports.text_unescape(escaped) == text
    assert escaped.encode().decode("unicode_escape") == text


def test_hand_edited_free_text_keeps_what_is_not_an_escape():
    assert exports.text_unescape("café \\q \\x2 \\n") == "café \\q \\x2 \n"


@pytest.mark.parametrize("fmt", ["ecsv", "fits", "csv", "votable"])
def test_comments_are_stored_escaped_and_come_back_whole(fmt):
    read = exports.read_labelled_candidates(exports.write_table(_labelled(), fmt), fmt)
    assert exports.text_unescape(read["Comment_bob"][0]) == TRICKY_TEXT[1]
    assert exports.text_unescape(read["Comment_alice"][2]) == TRICKY_TEXT[0]
    # an empty comment on a vote is "", no vote is masked: the Vote_ column tells which
    assert read["Comment_alice"][0] == ""
    assert read["Comment_alice"].mask.tolist() == [False, True, False, False]
    assert read["Seconds_bob"].unit == "s"
    assert read["IsGold"].dtype == bool
    assert read["IsGold"].tolist() == [False, False, True, True]


LONG_NAME = "an.expert.with.a.very.long.address@some-observatory.example.org"  # 63 characters


@pytest.mark.parametrize("username", [LONG_NAME, "zoë", LONG_NAME + "x" * 87])
@pytest.mark.parametrize("fmt", ["fits", "votable", "csv"])
def test_per_expert_columns_of_long_or_accented_usernames_survive_every_format(username, fmt):
    columns = {name: _labelled()[name] for name in exports.LABELLED_REQUIRED}
    for prefix in exports.EXPERT_COLUMNS:
        columns[prefix + username] = _labelled()[prefix + "bob"]
    written = exports.labelled_candidates_table(columns, PROVENANCE)
    read = exports.read_labelled_candidates(exports.write_table(written, fmt), fmt)
    _assert_same(written, read)
    assert "VotedAt_" + username in read.colnames


def test_labelled_table_needs_the_consensus_column():
    with pytest.raises(ValueError, match="ConsensusClass"):
        exports.labelled_candidates_table({"MatchID": [1], "Filter": ["ACS_F475W"]}, PROVENANCE)

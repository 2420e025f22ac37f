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
    campaign="IC 1613 pilot",
    rule="majority of 3",
    selection={"group": "IC 1613", "filters": ["ACS_F475W", "ACS_F814W"]},
    exported_at=datetime(2025, 3, 1, 12, 30, tzinfo=UTC),
)


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
        "Vote_alice": np.ma.array([1, 0, 4, 4], mask=[False, True, False, False]),
        "Vote_bob": np.ma.array([2, 0, 0, 0], mask=[False, True, True, True]),
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


def test_labelled_table_needs_the_consensus_column():
    with pytest.raises(ValueError, match="ConsensusClass"):
        exports.labelled_candidates_table({"MatchID": [1], "Filter": ["ACS_F475W"]}, PROVENANCE)

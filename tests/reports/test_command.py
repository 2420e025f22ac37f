import json
from io import StringIO

import pytest
from astropy.io import votable
from django.core.management import CommandError, call_command
from django.db.models import F

from hcvvet.catalog.models import Candidate
from hcvvet.reports import exports

pytestmark = pytest.mark.django_db


def run_report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_autoclass_vs_expert_json_prints_the_real_hcv_validation_counts(real_counts):
    document = json.loads(run_report("autoclass-vs-expert", "--source", "hcv", "--format", "json"))
    got = {
        (r["auto_class"], r["expert_class"]): (r["count"], round(r["fraction"], 3)) for r in document["rows"]
    }
    assert got == {
        (1, 1): (3323, 0.408),
        (1, 2): (3055, 0.375),
        (1, 4): (1761, 0.216),
        (2, 1): (2101, 0.390),
        (2, 2): (2442, 0.453),
        (2, 4): (851, 0.158),
    }
    assert [set(row) for row in document["rows"]] == [{"auto_class", "expert_class", "count", "fraction"}] * 6
    assert document["provenance"]["label_source"] == "hcv"
    assert document["provenance"]["hcvvet_version"] == "0.1.0"


def test_artifact_fraction_json_has_the_bins_of_the_statistic(real_counts):
    document = json.loads(run_report("artifact-fraction", "--format", "json"))
    assert set(document) == {"bins", "provenance"}
    assert [set(b) for b in document["bins"]] == [
        {"mad_lo", "mad_hi", "n", "n_artifact", "fraction", "ci_lo", "ci_hi"}
    ] * len(document["bins"])
    table = real_counts
    flagged = table.filter_det_flag > 0
    in_range = (table.mad >= 0.007) & (table.mad <= 2.0)
    assert sum(b["n"] for b in document["bins"]) == int((flagged & in_range).sum())
    assert sum(b["n_artifact"] for b in document["bins"]) == int(
        (flagged & in_range & (table.expert_class == 4)).sum()
    )
    for b in document["bins"]:
        assert b["ci_lo"] <= b["fraction"] <= b["ci_hi"]


def test_labels_source_counts_hcvvet_outcomes_not_the_catalogue(real_counts):
    # move the classes from the catalogue to hcvvet's outcome (rolled back after the test)
    Candidate.objects.filter(hcv_expert_class__gt=0).update(
        expert_class=F("hcv_expert_class"), hcv_expert_class=0
    )
    document = json.loads(run_report("autoclass-vs-expert", "--source", "labels"))
    assert sum(r["count"] for r in document["rows"]) == 13533
    hcv = json.loads(run_report("autoclass-vs-expert", "--source", "hcv"))
    assert sum(r["count"] for r in hcv["rows"]) == 0


def test_votable_output_to_a_file_passes_the_validator(real_counts, tmp_path):
    out = tmp_path / "mad.vot"
    call_command("report", "mad-histograms", "--format", "votable", "--out", str(out), stderr=StringIO())
    assert "found no violations" in votable.validate(str(out), output=None)
    table = exports.read_table(out.read_bytes(), "votable")
    assert table["mad_lo"].unit == "mag"
    assert table.meta["report"] == "mad-histograms"


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("fits", b"SIMPLE")])
def test_binary_formats_are_written_to_the_out_file(real_counts, tmp_path, fmt, magic):
    out = tmp_path / f"report.{fmt}"
    call_command("report", "artifact-fraction", "--format", fmt, "--out", str(out), stderr=StringIO())
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["autoclass-vs-expert", "--campaign", "nope"], "no campaign named 'nope'"),
        (["autoclass-vs-expert", "--group", "abc"], "--group: Enter a whole number"),
        (["autoclass-vs-expert", "--filter", "f814w!"], "INSTRUMENT_FILTER"),
        (["artifact-fraction", "--labelled-from", "2024-05-02", "--labelled-to", "2024-05-01"], "end date"),
        (["artifact-fraction", "--format", "png"], "give --out PATH"),
        (["agreement", "--format", "png", "--out", "/tmp/x.png"], "tables only"),
        (["artifact-fraction", "--out", "/nonexistent-dir/x.json"], "cannot write"),
    ],
)
def test_bad_arguments_give_a_clear_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        run_report(*args)

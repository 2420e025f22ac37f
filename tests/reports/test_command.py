from io import StringIO

import pytest
from astropy.io import votable
from django.core.management import CommandError, call_command

from hcvvet.reports import exports

pytestmark = pytest.mark.django_db


def run_report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_votable_output_to_a_file_passes_the_validator(small_campaign, tmp_path):
    out = tmp_path / "mad.vot"
    call_command("report", "mad-histograms", "--format", "votable", "--out", str(out), stderr=StringIO())
    assert "found no violations" in votable.validate(str(out), output=None)
    table = exports.read_table(out.read_bytes(), "votable")
    assert table["mad_lo"].unit == "mag"
    assert table.meta["report"] == "mad-histograms"


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("fits", b"SIMPLE")])
def test_binary_formats_are_written_to_the_out_file(small_campaign, tmp_path, fmt, magic):
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
        (["agreement", "--format", "png", "--out", "{tmp_path}/x.png"], "tables only"),
        (["artifact-fraction", "--out", "/nonexistent-dir/x.json"], "cannot write"),
    ],
)
def test_bad_arguments_give_a_clear_command_error(args, message, tmp_path):
    with pytest.raises(CommandError, match=message):
        run_report(*(arg.format(tmp_path=tmp_path) for arg in args))

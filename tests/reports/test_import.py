"""The labelled candidate table import: votes written into a campaign through the vetting service, all or
nothing, idempotent, curators only."""

from dataclasses import dataclass

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.reports import exports
from hcvvet.reports.forms import IMPORT_MAX_BYTES
from hcvvet.reports.labelled import labelled_candidates_build
from hcvvet.reports.selectors import ReportFilters
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, Label, LabelEvent
from tests.factories import CandidateFactory, GroupFactory

pytestmark = pytest.mark.django_db
TABLE_FORMATS = ["csv", "ecsv", "votable", "fits"]
# votes of ada, bob, cora per candidate (None: no vote); majority of 3 gives 1, 4, 2, disputed, open
VOTES = [(1, 1, 1), (4, 4, None), (2, 2, 1), (1, 2, 4), (4, None, None)]
# what experts type into the comment box, including what CSV, ECSV, VOTable and FITS cannot hold as is
COMMENTS = [
    "",
    "two stars\r\n# blended, see HST 10543",
    "  faint; ≈ 0.3 mag, café-au-lait PSF ",
    'spike "and" ghost, C:\\data\\f814w',
    "\tnoisy\x07edge",
]
REASONS = [[], ["blend"], ["cosmic_ray", "chip_edge"], ["other"]]
# provenance that names the campaign or the time of export differs between two exports by design
VARYING_META = {"campaign", "selection", "exported_at"}


@dataclass
class Vetted:
    campaign: Campaign
    candidates: list
    experts: list


def _campaign(name: str, candidates: list, experts: list) -> Campaign:
    campaign = Campaign.objects.create(name=name, rule="majority", votes_needed=3, state="active")
    campaign.experts.set(experts)
    for position, candidate in enumerate(candidates):
        CampaignCandidate.objects.create(campaign=campaign, candidate=candidate, position=position)
    return campaign


@pytest.fixture
def vetted(make_user) -> Vetted:
    """Five candidates in two filters voted on by three experts through the vetting service, plus a sixth
    candidate nobody voted on."""
    experts = [make_user(name, Role.EXPERT) for name in ("ada", "bob", "cora")]
    group = GroupFactory(group_id=1045904, target_name="M31")
    candidates = [CandidateFactory(group=group, auto_class=1 + i % 2, num_filters=2) for i in range(6)]
    for i, candidate in enumerate(candidates):
        for band in ("ACS_F475W", "ACS_F814W"):
            candidate.filter_stats.create(
                filter=band, filter_det_flag=1, var_qual_flag="AAAAA", num_lc=12, mean_mag=22.0 + i,
                mean_corr_mag=22.0 + i, mad=0.02 * (i + 1), chi2=4.0,
            )  # fmt: skip
    campaign = _campaign("M31 pilot", candidates, experts)
    for i, (candidate, votes) in enumerate(zip(candidates, VOTES, strict=False)):
        for j, (expert, vote) in enumerate(zip(experts, votes, strict=True)):
            if vote is not None:
                label_submit(
                    campaign=campaign, candidate=candidate, expert=expert, expert_class=vote,
                    reasons=REASONS[(i + j) % len(REASONS)], comment=COMMENTS[(i + 2 * j) % len(COMMENTS)],
                    seconds_spent=4.2 + 1.0 / (3 + i + j),
                )  # fmt: skip
    return Vetted(campaign, candidates, experts)


def entered(campaign: Campaign) -> dict:
    """(MatchID, expert) -> class, reasons, comment and time spent of each vote in the campaign."""
    labels = Label.objects.filter(campaign=campaign).select_related("expert")
    return {
        (label.candidate_id, label.expert.username): (
            label.expert_class, label.reasons, label.comment, label.seconds_spent
        )
        for label in labels
    }  # fmt: skip


@pytest.fixture
def curator_client(client, make_user):
    client.force_login(make_user("curt", Role.CURATOR))
    return client


def export(client, campaign: str, fmt: str) -> bytes:
    response = client.get(reverse("reports:labelled", args=[fmt]), {"campaign": campaign, "source": "labels"})
    assert response.status_code == 200
    return response.content


def upload(client, data: bytes, fmt: str, campaign: str, **extra):
    name = f"labels.{exports.FILE_EXTENSIONS[fmt]}"
    form = {"file": SimpleUploadedFile(name, data), "campaign": campaign, **extra}
    return client.post(reverse("reports:import"), form)


def assert_same_table(first, second, *, ignore: tuple[str, ...] = ()):
    """Equal column names, types, units, descriptions, values and metadata, except columns named
    `ignore` + anything (prefixes) and the provenance that differs by design."""
    assert first.colnames == second.colnames
    for name in first.colnames:
        if ignore and name.startswith(ignore):
            continue
        a, b = first[name], second[name]
        assert (a.dtype, a.unit, a.description) == (b.dtype, b.unit, b.description), name
        np.testing.assert_array_equal(np.ma.getmaskarray(a), np.ma.getmaskarray(b), err_msg=name)
        np.testing.assert_array_equal(np.ma.filled(a, 0), np.ma.filled(b, 0), err_msg=name)
    keep = set(first.meta) - VARYING_META
    assert {k: first.meta[k] for k in keep} == {k: second.meta[k] for k in keep}


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_export_import_export_round_trips_and_a_second_import_writes_nothing(curator_client, vetted, fmt):
    original = export(curator_client, "M31 pilot", fmt)
    _campaign("M31 replay", vetted.candidates, vetted.experts)

    page = upload(curator_client, original, fmt, "M31 replay")
    assert page.status_code == 200
    assert "Imported 12 votes into M31 replay" in page.content.decode()
    replayed = export(curator_client, "M31 replay", fmt)
    first = exports.read_labelled_candidates(original, fmt)
    again = exports.read_labelled_candidates(replayed, fmt)
    assert len(first) == 10  # five voted candidates in two filters
    assert first.meta["campaign"] == "M31 pilot"
    assert again.meta["campaign"] == "M31 replay"
    # everything but the time of each vote, which is the time of the import
    assert_same_table(first, again, ignore=(exports.VOTED_AT_PREFIX,))
    assert entered(Campaign.objects.get(name="M31 replay")) == entered(vetted.campaign)
    assert {c for c in first.colnames if c.startswith("Comment_")} == {
        "Comment_ada",
        "Comment_bob",
        "Comment_cora",
    }

    n_events = LabelEvent.objects.count()
    second = upload(curator_client, original, fmt, "M31 replay")
    assert "Nothing new: all 12 votes are already in M31 replay" in second.content.decode()
    assert LabelEvent.objects.count() == n_events


def test_the_consensus_follows_the_campaign_rule(curator_client, vetted):
    replay = _campaign("M31 replay", vetted.candidates, vetted.experts)
    upload(curator_client, export(curator_client, "M31 pilot", "ecsv"), "ecsv", "M31 replay")
    items = CampaignCandidate.objects.filter(campaign=replay).order_by("position")
    assert [item.consensus for item in items] == ["agreed", "open", "agreed", "disputed", "open", "open"]
    assert [item.consensus_class for item in items] == [1, None, 2, None, None, None]
    assert LabelEvent.objects.filter(campaign=replay, kind="label").count() == 12


def _change_bobs_first_vote(vetted: Vetted) -> Label:
    label_submit(
        campaign=vetted.campaign, candidate=vetted.candidates[0], expert=vetted.experts[1], expert_class=4,
        reasons=["blend"], comment="two stars", seconds_spent=30.0,
    )  # fmt: skip
    return Label.objects.get(campaign=vetted.campaign, expert__username="bob", candidate=vetted.candidates[0])


def test_a_changed_vote_is_restored_as_a_change_with_the_files_reasons_and_comment(curator_client, vetted):
    data = export(curator_client, "M31 pilot", "ecsv")
    before = entered(vetted.campaign)
    bob_first = _change_bobs_first_vote(vetted)
    page = upload(curator_client, data, "ecsv", "M31 pilot")
    assert "Imported 1 vote into M31 pilot" in page.content.decode()
    assert "11 already stored, 1 changed, 0 added" in page.content.decode()
    bob_first.refresh_from_db()
    expert_class, reasons, comment, seconds = before[vetted.candidates[0].pk, "bob"]
    assert (bob_first.expert_class, bob_first.reasons, bob_first.comment) == (expert_class, reasons, comment)
    # time spent adds up: the 30 s of the change stay counted
    assert bob_first.seconds_spent == pytest.approx(seconds + 30.0)
    assert LabelEvent.objects.filter(label=bob_first).latest("pk").kind == "change"


def test_a_changed_comment_alone_is_a_differing_vote(curator_client, vetted):
    data = export(curator_client, "M31 pilot", "ecsv")
    Label.objects.filter(campaign=vetted.campaign, expert__username="ada").update(comment="edited later")
    page = upload(curator_client, data, "ecsv", "M31 pilot", dry_run="on")
    assert "12: 7 already stored, 5 differing, 0 not in the campaign" in page.content.decode()


NEW_COLUMNS = ("Reasons_", "Comment_", "Seconds_", "VotedAt_", "IsGold", "GoldClass", "Adjudicat")


def _without_new_columns(data: bytes, fmt: str) -> bytes:
    """The export as hcvvet wrote it before votes carried reasons, comments and times: the same table without
    those columns."""
    table = exports.read_labelled_candidates(data, fmt)
    table.remove_columns([name for name in table.colnames if name.startswith(NEW_COLUMNS)])
    assert [c for c in table.colnames if "_" in c] == ["Vote_ada", "Vote_bob", "Vote_cora"]
    return exports.write_table(table, fmt)


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_an_export_from_before_reasons_and_comments_still_imports(curator_client, vetted, fmt):
    old = _without_new_columns(export(curator_client, "M31 pilot", fmt), fmt)
    replay = _campaign("M31 replay", vetted.candidates, vetted.experts)
    page = upload(curator_client, old, fmt, "M31 replay")
    assert "Imported 12 votes into M31 replay" in page.content.decode()
    classes = {key: vote[0] for key, vote in entered(vetted.campaign).items()}
    assert {key: vote[0] for key, vote in entered(replay).items()} == classes
    assert all(vote[1:] == ([], "", 0.0) for vote in entered(replay).values())
    # into the campaign itself: a changed vote gets its class back and keeps what the expert entered since
    bob_first = _change_bobs_first_vote(vetted)
    again = upload(curator_client, old, fmt, "M31 pilot")
    assert "11 already stored, 1 changed, 0 added" in again.content.decode()
    bob_first.refresh_from_db()
    assert (bob_first.expert_class, bob_first.reasons, bob_first.comment) == (1, ["blend"], "two stars")


def _with_column(data: bytes, name: str, values) -> bytes:
    table = exports.read_labelled_candidates(data, "ecsv")
    table[name] = values
    return exports.write_table(table, "ecsv")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Reasons_ada", "blend,sparkle", "vote of ada: unknown reason codes [&#x27;sparkle&#x27;]"),
        ("Seconds_ada", -1.0, "vote of ada: seconds_spent must be a non-negative number"),
        ("Comment_ada", "x" * 4001, "vote of ada: comment is longer than 4000 characters"),
        ("Comment_ada", "nul\\x00byte", "vote of ada: comment holds a NUL character"),
    ],
)
def test_what_label_submit_refuses_in_the_new_columns_is_a_form_error(
    curator_client, vetted, column, value, message
):
    _campaign("M31 replay", vetted.candidates, vetted.experts)
    data = export(curator_client, "M31 pilot", "ecsv")
    page = upload(curator_client, _with_column(data, column, [value] * 10), "ecsv", "M31 replay")
    assert page.status_code == 400
    assert message in page.content.decode()
    assert "nothing was written" in page.content.decode()
    assert not Label.objects.filter(campaign__name="M31 replay").exists()


def test_a_dry_run_compares_and_writes_nothing(curator_client, vetted):
    _campaign("M31 replay", vetted.candidates, vetted.experts)
    data = export(curator_client, "M31 pilot", "fits")
    page = upload(curator_client, data, "fits", "M31 replay", dry_run="on")
    text = page.content.decode()
    assert "The file differs from campaign M31 replay (nothing written)" in text
    assert "12: 0 already stored, 0 differing, 12 not in the campaign" in text
    assert not Label.objects.filter(campaign__name="M31 replay").exists()
    same = upload(curator_client, data, "fits", "M31 pilot", dry_run="on")
    assert "Round trip: the file matches campaign M31 pilot" in same.content.decode()


def _with_vote_column(data: bytes, name: str, values) -> bytes:
    table = exports.read_labelled_candidates(data, "ecsv")
    table[name] = np.ma.masked_equal(np.array(values, dtype=np.int16), 0)
    table[name].description = exports.column_spec(name).description
    return exports.write_table(table, "ecsv")


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("Vote_zed", "unknown users in the Vote_ columns: zed; nothing was written"),
        ("Vote_curt", "not experts of campaign &#x27;M31 replay&#x27;: curt; add them"),
    ],
)
def test_users_that_cannot_vote_are_listed_and_nothing_is_written(curator_client, vetted, column, message):
    _campaign("M31 replay", vetted.candidates, vetted.experts)
    data = _with_vote_column(export(curator_client, "M31 pilot", "ecsv"), column, [1] * 10)
    page = upload(curator_client, data, "ecsv", "M31 replay")
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Label.objects.filter(campaign__name="M31 replay").exists()


def test_a_vote_the_campaign_refuses_rolls_back_the_whole_import(curator_client, vetted):
    _campaign("M31 replay", vetted.candidates, vetted.experts)
    # a class outside 1, 2, 4 on the last object: every earlier vote must be rolled back
    data = _with_vote_column(export(curator_client, "M31 pilot", "ecsv"), "Vote_cora", [0] * 8 + [3, 3])
    page = upload(curator_client, data, "ecsv", "M31 replay")
    assert page.status_code == 400
    assert "vote of cora: expert_class must be one of [1, 2, 4], not 3; nothing was written" in (
        page.content.decode()
    )
    assert not Label.objects.filter(campaign__name="M31 replay").exists()


def test_objects_outside_the_campaign_and_inactive_campaigns_are_refused(curator_client, vetted):
    data = export(curator_client, "M31 pilot", "ecsv")
    _campaign("Half", vetted.candidates[:2], vetted.experts)
    page = upload(curator_client, data, "ecsv", "Half")
    assert page.status_code == 400
    ids = ", ".join(str(c.pk) for c in sorted(vetted.candidates[2:5], key=lambda c: c.pk))
    assert f"MatchIDs not in campaign &#x27;Half&#x27;: {ids}; nothing was written" in page.content.decode()
    Campaign.objects.filter(name="Half").update(state="closed")
    closed = upload(curator_client, data, "ecsv", "Half")
    assert "is closed; votes go only into an active one" in closed.content.decode()


def test_only_curators_import(client, vetted):
    filters = ReportFilters(source="labels", campaign="M31 pilot")
    data = exports.write_table(labelled_candidates_build(filters), "ecsv")
    client.force_login(vetted.experts[0])
    assert client.get(reverse("reports:import")).status_code == 403
    assert upload(client, data, "ecsv", "M31 pilot").status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("labels.xlsx", b"abc", "unknown file type .xlsx"),
        ("labels.csv", b"\x00\x01garbage", "not a readable labelled candidate CSV export"),
        ("labels.fits", b"SIMPLE  =  nonsense", "not a readable labelled candidate FITS export"),
        ("labels.csv", b"a" * (IMPORT_MAX_BYTES + 1), "the limit is"),
    ],
)
def test_bad_uploads_are_form_errors(curator_client, vetted, name, content, message):
    form = {"file": SimpleUploadedFile(name, content), "campaign": "M31 pilot"}
    response = curator_client.post(reverse("reports:import"), form)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_campaign_and_a_report_table_are_form_errors(curator_client, vetted):
    data = export(curator_client, "M31 pilot", "ecsv")
    assert "Select a valid choice" in upload(curator_client, data, "ecsv", "nope").content.decode()
    report = curator_client.get(reverse("reports:download", args=["artifact-fraction", "ecsv"])).content
    response = upload(curator_client, report, "ecsv", "M31 pilot")
    assert response.status_code == 400
    assert "not a labelled candidate export" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "ecsv"])
def test_an_upload_naming_a_file_on_the_server_is_parsed_as_text_never_opened(
    curator_client, vetted, fmt, tmp_path
):
    on_server = tmp_path / f"labels.{exports.FILE_EXTENSIONS[fmt]}"
    on_server.write_bytes(export(curator_client, "M31 pilot", fmt))  # a valid export, if it were opened
    for content in (str(on_server).encode(), b"/etc/passwd", f"file://{on_server}".encode()):
        response = upload(curator_client, content, fmt, "M31 pilot", dry_run="on")
        page = response.content.decode()
        assert response.status_code == 400, content
        assert "not a readable labelled candidate" in page
        assert "root:" not in page

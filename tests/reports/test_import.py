"""The labelled candidate table import: all or nothing, idempotent, curators only; it writes only the
importing curator's own votes, as theirs, and refuses another expert's vote the campaign does not hold."""

from dataclasses import dataclass

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hcvvet.accounts.models import Role, User
from hcvvet.reports import exports
from hcvvet.reports.forms import IMPORT_MAX_BYTES
from hcvvet.reports.labelled import labelled_candidates_build
from hcvvet.reports.selectors import ReportFilters
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, Label, LabelEvent
from tests.factories import CandidateFactory, GroupFactory

pytestmark = pytest.mark.django_db
TABLE_FORMATS = ["csv", "ecsv", "votable", "fits"]
# the experts of the campaign, curt being the curator who imports; their votes per candidate (None: no vote).
# Majority of 3 gives 1, 4, 2, disputed, open; curt's votes are the second and the fifth object's.
VOTERS = ("ada", "bob", "cora", "curt")
VOTES = [(1, 1, 1, None), (4, 4, None, 4), (2, 2, 1, None), (1, 2, 4, None), (4, None, None, 2)]
CONSENSUS = (["agreed", "agreed", "agreed", "disputed", "open", "open"], [1, 4, 2, None, None, None])
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
    experts: list  # ada, bob and cora
    curator: User  # curt, an expert of the campaign too


def _campaign(name: str, candidates: list, experts: list) -> Campaign:
    # not blind: the curator votes in these campaigns and still exports them
    campaign = Campaign.objects.create(
        name=name, rule="majority", votes_needed=3, state="active", blind=False
    )
    campaign.experts.set(experts)
    for position, candidate in enumerate(candidates):
        CampaignCandidate.objects.create(campaign=campaign, candidate=candidate, position=position)
    return campaign


def cast(campaign: Campaign, candidates: list, voters: list) -> None:
    """The `VOTES` of `voters` on `candidates` (in order), each with its reasons, comment and time, through
    the vetting service as the voter's own."""
    by_name = {voter.username: voter for voter in voters}
    for i, (candidate, votes) in enumerate(zip(candidates, VOTES, strict=False)):
        for j, (name, vote) in enumerate(zip(VOTERS, votes, strict=True)):
            if vote is not None and name in by_name:
                label_submit(
                    campaign=campaign, candidate=candidate, expert=by_name[name], expert_class=vote,
                    reasons=REASONS[(i + 2 * j) % len(REASONS)],
                    comment=COMMENTS[(i + 2 * j + 1) % len(COMMENTS)], seconds_spent=4.2 + 1.0 / (3 + i + j),
                )  # fmt: skip


@pytest.fixture
def curt(make_user) -> User:
    return make_user("curt", Role.CURATOR)


@pytest.fixture
def vetted(make_user, curt) -> Vetted:
    """Five candidates in two filters voted on by three experts and the curator through the vetting service,
    plus a sixth candidate nobody voted on."""
    experts = [make_user(name, Role.EXPERT) for name in VOTERS[:3]]
    group = GroupFactory(group_id=1045904, target_name="M31")
    candidates = [CandidateFactory(group=group, auto_class=1 + i % 2, num_filters=2) for i in range(6)]
    for i, candidate in enumerate(candidates):
        for band in ("ACS_F475W", "ACS_F814W"):
            candidate.filter_stats.create(
                filter=band, filter_det_flag=1, var_qual_flag="AAAAA", num_lc=12, mean_mag=22.0 + i,
                mean_corr_mag=22.0 + i, mad=0.02 * (i + 1), chi2=4.0,
            )  # fmt: skip
    campaign = _campaign("M31 pilot", candidates, [*experts, curt])
    cast(campaign, candidates, [*experts, curt])
    return Vetted(campaign, candidates, experts, curt)


def entered(campaign: Campaign) -> dict:
    """(MatchID, expert) -> class, reasons, comment and time spent of each vote in the campaign."""
    labels = Label.objects.filter(campaign=campaign).select_related("expert")
    return {
        (label.candidate_id, label.expert.username): (
            label.expert_class, label.reasons, label.comment, label.seconds_spent
        )
        for label in labels
    }  # fmt: skip


def consensus(campaign: Campaign) -> tuple[list, list]:
    items = CampaignCandidate.objects.filter(campaign=campaign).order_by("position")
    return [item.consensus for item in items], [item.consensus_class for item in items]


@pytest.fixture
def curator_client(client, curt):
    client.force_login(curt)
    return client


def export(client, campaign: str, fmt: str) -> bytes:
    response = client.get(reverse("reports:labelled", args=[fmt]), {"campaign": campaign, "source": "labels"})
    assert response.status_code == 200
    return response.content


def upload(client, data: bytes, fmt: str, campaign: str, **extra):
    name = f"labels.{exports.FILE_EXTENSIONS[fmt]}"
    form = {"file": SimpleUploadedFile(name, data), "campaign": campaign, **extra}
    return client.post(reverse("reports:import"), form)


def own_votes_only(data: bytes, fmt: str, username: str = "curt") -> bytes:
    """The export with only `username`'s per-expert columns: what a curator imports of their own votes."""
    table = exports.read_labelled_candidates(data, fmt)
    others = [
        name
        for name in table.colnames
        if (per_expert := exports.expert_column(name)) is not None and per_expert[1] != username
    ]
    table.remove_columns(others)
    return exports.write_table(table, fmt)


def assert_same_table(first, second):
    """Equal column names, types, units, descriptions, values and metadata, except the provenance that differs
    by design."""
    assert first.colnames == second.colnames
    for name in first.colnames:
        a, b = first[name], second[name]
        assert (a.dtype, a.unit, a.description) == (b.dtype, b.unit, b.description), name
        np.testing.assert_array_equal(np.ma.getmaskarray(a), np.ma.getmaskarray(b), err_msg=name)
        np.testing.assert_array_equal(np.ma.filled(a, 0), np.ma.filled(b, 0), err_msg=name)
    keep = set(first.meta) - VARYING_META
    assert {k: first.meta[k] for k in keep} == {k: second.meta[k] for k in keep}


def import_events(campaign: Campaign, after: int) -> list[LabelEvent]:
    return list(LabelEvent.objects.filter(campaign=campaign, pk__gt=after).select_related("label__expert"))


def last_event_pk() -> int:
    return LabelEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_export_import_into_the_same_campaign_writes_nothing_and_re_exports_the_same(
    curator_client, vetted, fmt
):
    original = export(curator_client, "M31 pilot", fmt)
    before, n_events = entered(vetted.campaign), LabelEvent.objects.count()

    page = upload(curator_client, original, fmt, "M31 pilot")
    assert page.status_code == 200
    # every vote, with its reasons and awkward comment, reads back as the vote the campaign holds
    assert "Nothing new: all 14 votes are already in M31 pilot" in page.content.decode()
    assert LabelEvent.objects.count() == n_events
    assert entered(vetted.campaign) == before
    first = exports.read_labelled_candidates(original, fmt)
    again = exports.read_labelled_candidates(export(curator_client, "M31 pilot", fmt), fmt)
    assert len(first) == 10  # five voted candidates in two filters
    assert first.meta["campaign"] == again.meta["campaign"] == "M31 pilot"
    assert_same_table(first, again)
    assert [c for c in first.colnames if c.startswith("Comment_")] == [f"Comment_{name}" for name in VOTERS]


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_the_curators_own_votes_import_into_another_campaign_as_theirs(curator_client, vetted, fmt):
    own = own_votes_only(export(curator_client, "M31 pilot", fmt), fmt)
    replay = _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    since = last_event_pk()

    page = upload(curator_client, own, fmt, "M31 replay")
    assert page.status_code == 200
    assert "Imported 2 votes into M31 replay" in page.content.decode()
    # class, reasons, comment and time spent as curt entered them in the pilot
    curts = {key: vote for key, vote in entered(vetted.campaign).items() if key[1] == "curt"}
    assert entered(replay) == curts
    events = import_events(replay, since)
    assert [(e.kind, e.actor.username, e.label.expert.username) for e in events] == [
        ("label", "curt", "curt")
    ] * 2

    second = upload(curator_client, own, fmt, "M31 replay")
    assert "Nothing new: all 2 votes are already in M31 replay" in second.content.decode()
    assert len(import_events(replay, since)) == 2


def test_other_experts_votes_the_campaign_lacks_are_refused_and_nothing_is_written(curator_client, vetted):
    replay = _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    page = upload(curator_client, export(curator_client, "M31 pilot", "ecsv"), "ecsv", "M31 replay")
    assert page.status_code == 400
    text = page.content.decode()
    first = min(c.pk for c in vetted.candidates)
    assert f"MatchID {first}, vote of ada: the votes in column Vote_ada are ada&#x27;s own" in text
    assert "nothing was written" in text
    assert not Label.objects.filter(campaign=replay).exists()
    assert not LabelEvent.objects.filter(campaign=replay).exists()


def test_the_curators_own_votes_roll_back_with_a_refused_vote_of_another_expert(curator_client, vetted):
    replay = _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    # the replay holds every vote of ada, bob and cora but ada's on the fifth object; curt's vote on the
    # second object is written before ada's is refused
    cast(replay, vetted.candidates[:4], vetted.experts)
    before, since = entered(replay), last_event_pk()
    page = upload(curator_client, export(curator_client, "M31 pilot", "ecsv"), "ecsv", "M31 replay")
    assert page.status_code == 400
    assert f"MatchID {vetted.candidates[4].pk}, vote of ada:" in page.content.decode()
    assert entered(replay) == before
    assert import_events(replay, since) == []


def test_the_consensus_follows_the_campaign_rule(curator_client, vetted):
    replay = _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    cast(replay, vetted.candidates, vetted.experts)  # the replay holds every vote but curt's
    assert consensus(replay) == (
        ["agreed", "open", "agreed", "disputed", "open", "open"],
        [1, None, 2] + [None] * 3,
    )
    since = last_event_pk()
    page = upload(curator_client, export(curator_client, "M31 pilot", "ecsv"), "ecsv", "M31 replay")
    assert "Imported 2 votes into M31 replay" in page.content.decode()
    assert "12 already stored, 0 changed, 2 added" in page.content.decode()
    # curt's vote is the third on the second object: a majority of class 4
    assert consensus(replay) == consensus(vetted.campaign) == CONSENSUS
    assert {(e.kind, e.actor.username, e.label.expert.username) for e in import_events(replay, since)} == {
        ("label", "curt", "curt")
    }


def _change_vote(vetted: Vetted, expert: User, candidate: int) -> Label:
    label_submit(
        campaign=vetted.campaign, candidate=vetted.candidates[candidate], expert=expert, expert_class=2,
        reasons=["blend"], comment="two stars", seconds_spent=30.0,
    )  # fmt: skip
    return Label.objects.get(campaign=vetted.campaign, expert=expert, candidate=vetted.candidates[candidate])


def test_the_curators_changed_vote_is_restored_as_their_change_with_the_files_reasons_and_comment(
    curator_client, vetted
):
    data = export(curator_client, "M31 pilot", "ecsv")
    before = entered(vetted.campaign)
    curts_second = _change_vote(vetted, vetted.curator, 1)
    page = upload(curator_client, data, "ecsv", "M31 pilot")
    assert "Imported 1 vote into M31 pilot" in page.content.decode()
    assert "13 already stored, 1 changed, 0 added" in page.content.decode()
    curts_second.refresh_from_db()
    expert_class, reasons, comment, seconds = before[vetted.candidates[1].pk, "curt"]
    assert (curts_second.expert_class, curts_second.reasons, curts_second.comment) == (4, reasons, comment)
    assert expert_class == 4
    # time spent adds up: the 30 s of the change stay counted
    assert curts_second.seconds_spent == pytest.approx(seconds + 30.0)
    latest = LabelEvent.objects.filter(label=curts_second).latest("pk")
    assert (latest.kind, latest.actor) == ("change", vetted.curator)
    assert consensus(vetted.campaign) == CONSENSUS


def test_another_experts_changed_vote_is_not_changed_back(curator_client, vetted):
    data = export(curator_client, "M31 pilot", "ecsv")
    bob = vetted.experts[1]
    bobs_first = _change_vote(vetted, bob, 0)
    before, since = entered(vetted.campaign), last_event_pk()
    page = upload(curator_client, data, "ecsv", "M31 pilot")
    assert page.status_code == 400
    assert "vote of bob: the votes in column Vote_bob are bob&#x27;s own" in page.content.decode()
    assert entered(vetted.campaign) == before
    assert import_events(vetted.campaign, since) == []
    latest = LabelEvent.objects.filter(label=bobs_first).latest("pk")
    assert (latest.kind, latest.actor, latest.after["expert_class"]) == ("change", bob, 2)


def test_a_changed_comment_alone_is_a_differing_vote(curator_client, vetted):
    data = export(curator_client, "M31 pilot", "ecsv")
    Label.objects.filter(campaign=vetted.campaign, expert__username="ada").update(comment="edited later")
    page = upload(curator_client, data, "ecsv", "M31 pilot", dry_run="on")
    assert "14: 9 already stored, 5 differing, 0 not in the campaign" in page.content.decode()
    # ada's comments are hers: the import does not write them back
    written = upload(curator_client, data, "ecsv", "M31 pilot")
    assert written.status_code == 400
    assert "vote of ada" in written.content.decode()
    assert set(Label.objects.filter(expert__username="ada").values_list("comment", flat=True)) == {
        "edited later"
    }


NEW_COLUMNS = ("Reasons_", "Comment_", "Seconds_", "VotedAt_", "IsGold", "GoldClass", "Adjudicat")


def _without_new_columns(data: bytes, fmt: str) -> bytes:
    """The export as hcvvet wrote it before votes carried reasons, comments and times: the same table without
    those columns."""
    table = exports.read_labelled_candidates(data, fmt)
    table.remove_columns([name for name in table.colnames if name.startswith(NEW_COLUMNS)])
    assert [c for c in table.colnames if "_" in c] == [f"Vote_{name}" for name in VOTERS]
    return exports.write_table(table, fmt)


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_an_export_from_before_reasons_and_comments_still_imports(curator_client, vetted, fmt):
    old = _without_new_columns(export(curator_client, "M31 pilot", fmt), fmt)
    replay = _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    page = upload(curator_client, own_votes_only(old, fmt), fmt, "M31 replay")
    assert "Imported 2 votes into M31 replay" in page.content.decode()
    classes = {key: vote[0] for key, vote in entered(vetted.campaign).items() if key[1] == "curt"}
    assert {key: vote[0] for key, vote in entered(replay).items()} == classes
    assert all(vote[1:] == ([], "", 0.0) for vote in entered(replay).values())
    # into the campaign itself: a changed vote gets its class back and keeps what the curator entered since
    curts_second = _change_vote(vetted, vetted.curator, 1)
    again = upload(curator_client, old, fmt, "M31 pilot")
    assert "13 already stored, 1 changed, 0 added" in again.content.decode()
    curts_second.refresh_from_db()
    assert (curts_second.expert_class, curts_second.reasons, curts_second.comment) == (
        4,
        ["blend"],
        "two stars",
    )


def _with_column(data: bytes, name: str, values) -> bytes:
    table = exports.read_labelled_candidates(data, "ecsv")
    table[name] = values
    return exports.write_table(table, "ecsv")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Reasons_curt", "blend,sparkle", "vote of curt: unknown reason codes [&#x27;sparkle&#x27;]"),
        ("Seconds_curt", -1.0, "vote of curt: seconds_spent must be a non-negative number"),
        ("Comment_curt", "x" * 4001, "vote of curt: comment is longer than 4000 characters"),
        ("Comment_curt", "nul\\x00byte", "vote of curt: comment holds a NUL character"),
    ],
)
def test_what_label_submit_refuses_in_the_curators_columns_is_a_form_error(
    curator_client, vetted, column, value, message
):
    replay = _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    data = own_votes_only(export(curator_client, "M31 pilot", "ecsv"), "ecsv")
    page = upload(curator_client, _with_column(data, column, [value] * 10), "ecsv", "M31 replay")
    assert page.status_code == 400
    assert message in page.content.decode()
    assert "nothing was written" in page.content.decode()
    assert not Label.objects.filter(campaign=replay).exists()


def test_a_dry_run_compares_and_writes_nothing(curator_client, vetted):
    _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    data = export(curator_client, "M31 pilot", "fits")
    page = upload(curator_client, data, "fits", "M31 replay", dry_run="on")
    text = page.content.decode()
    assert "The file differs from campaign M31 replay (nothing written)" in text
    assert "14: 0 already stored, 0 differing, 14 not in the campaign" in text
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
    _campaign("M31 replay", vetted.candidates, vetted.experts)  # curt is no expert of it
    data = _with_vote_column(export(curator_client, "M31 pilot", "ecsv"), column, [1] * 10)
    page = upload(curator_client, data, "ecsv", "M31 replay")
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Label.objects.filter(campaign__name="M31 replay").exists()


def test_a_vote_the_campaign_refuses_rolls_back_the_whole_import(curator_client, vetted):
    replay = _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    # a class outside 1, 2, 4 on curt's vote of the fifth object: his earlier vote must be rolled back
    table = exports.read_labelled_candidates(export(curator_client, "M31 pilot", "ecsv"), "ecsv")
    table["Vote_curt"][table["MatchID"] == vetted.candidates[4].pk] = 3
    data = own_votes_only(exports.write_table(table, "ecsv"), "ecsv")
    page = upload(curator_client, data, "ecsv", "M31 replay")
    assert page.status_code == 400
    assert (
        f"MatchID {vetted.candidates[4].pk}, vote of curt: expert_class must be one of [1, 2, 4], not 3; "
        "nothing was written"
    ) in page.content.decode()
    assert not Label.objects.filter(campaign=replay).exists()
    assert not LabelEvent.objects.filter(campaign=replay).exists()


@pytest.mark.parametrize("value", ["65540", "-65532", "4.5"])
def test_a_vote_class_that_does_not_fit_its_column_is_refused_not_wrapped(curator_client, vetted, value):
    # 65540 held in the int16 vote column would wrap to 4 (a class): the file is refused, nothing written.
    _campaign("M31 replay", vetted.candidates, [*vetted.experts, vetted.curator])
    text = own_votes_only(export(curator_client, "M31 pilot", "csv"), "csv").decode()
    header, *rows = [line for line in text.splitlines() if not line.startswith("#")]
    column = header.split(",").index("Vote_curt")
    row = next(i for i, line in enumerate(rows) if line.split(",")[column])
    cells = rows[row].split(",")
    cells[column] = value
    rows[row] = ",".join(cells)
    data = "\n".join([*(line for line in text.splitlines() if line.startswith("#")), header, *rows]).encode()
    page = upload(curator_client, data, "csv", "M31 replay")
    assert page.status_code == 400
    assert "column Vote_curt holds a value" in page.content.decode()
    assert not Label.objects.filter(campaign__name="M31 replay").exists()


def test_objects_outside_the_campaign_and_inactive_campaigns_are_refused(curator_client, vetted):
    data = export(curator_client, "M31 pilot", "ecsv")
    _campaign("Half", vetted.candidates[:2], [*vetted.experts, vetted.curator])
    page = upload(curator_client, data, "ecsv", "Half")
    assert page.status_code == 400
    ids = ", ".join(str(c.pk) for c in sorted(vetted.candidates[2:5], key=lambda c: c.pk))
    assert f"MatchIDs not in campaign &#x27;Half&#x27;: {ids}; nothing was written" in page.content.decode()
    Campaign.objects.filter(name="Half").update(state="closed")
    closed = upload(curator_client, data, "ecsv", "Half")
    assert "is closed; votes go only into an active one" in closed.content.decode()
    assert not Label.objects.filter(campaign__name="Half").exists()


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


PYTHON_WORDS = ("codec", "decode", "ignore_missing_simple", "Traceback", "Error", "0xa3", "UnicodeDecode")


@pytest.mark.parametrize(
    ("fmt", "content", "words"),
    [
        ("csv", "MatchID,Comment\n1,£5\n".encode("latin-1"), "it is not UTF-8 text: byte 19 of the file"),
        ("fits", b"SIMPLE  =  nonsense", "it is not a FITS file holding a table"),
        ("votable", b"<VOTABLE><RESOURCE>", "it is not a VOTable"),
        ("ecsv", b"# %ECSV 1.0\n# ---\n# garbage: [\nMatchID\n1\n", "it is not an ECSV table"),
        ("csv", b'"unclosed,quote\n1,2\n', "could not be read as comma-separated values"),
    ],
)
def test_an_unreadable_upload_is_said_in_an_astronomers_words(curator_client, vetted, fmt, content, words):
    response = upload(curator_client, content, fmt, "M31 pilot", dry_run="on")
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"])
    assert words in errors
    assert not [word for word in PYTHON_WORDS if word in errors], errors

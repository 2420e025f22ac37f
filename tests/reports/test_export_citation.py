"""Exports for publication: every format carries the citation line (the HCV paper, the HCV release, hcvvet)
where its readers look, and `anonymous=1` replaces expert usernames by stable anonymous ids everywhere in the
file."""

import io
import json

import pytest
from astropy.io import fits, votable
from astropy.table import Table
from django.conf import settings
from django.urls import reverse

from hcvvet.accounts.models import Role, User
from hcvvet.reports import exports
from hcvvet.reports.exports.publication import latex_escape
from hcvvet.vetting.adjudication import adjudicate
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate
from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory

pytestmark = pytest.mark.django_db
PAPER = "Bonanos et al. 2019, A&A 630, A92"  # as /work/shared/reference/hcv-facts.md cites the HCV
EXPERTS = ("zelda_quasar", "yuri_nebula")
CURATOR = "xavier_pulsar"
CAMPAIGN = "Citation pilot"
FILTERS = {"source": "labels", "campaign": CAMPAIGN}
# per candidate: votes of zelda_quasar and yuri_nebula
VOTES = [(1, 2), (4, 4), (2, None)]


@pytest.fixture
def vetted(client, make_user):
    """Three candidates in two filters voted on by two experts (one comment names the other expert), the
    first disputed and adjudicated by a curator whose note names an expert; the client is that curator's."""
    experts = [make_user(name, Role.EXPERT) for name in EXPERTS]
    curator = make_user(CURATOR, Role.CURATOR)
    campaign = Campaign.objects.create(name=CAMPAIGN, rule="majority", votes_needed=2, state="active")
    campaign.experts.set(experts)
    group = GroupFactory(group_id=1045904, target_name="M31")
    items = []
    for i, votes in enumerate(VOTES):
        candidate = CandidateFactory(group=group, auto_class=1, num_filters=2)
        for band in ("ACS_F475W", "ACS_F814W"):
            FilterStatFactory(candidate=candidate, filter=band, mad=0.02 * (i + 1))
        items.append(CampaignCandidate.objects.create(campaign=campaign, candidate=candidate, position=i))
        for expert, vote in zip(experts, votes, strict=True):
            if vote is not None:
                comment = f"agree with {EXPERTS[1]}." if expert.username == EXPERTS[0] else ""
                label_submit(
                    campaign=campaign, candidate=candidate, expert=expert, expert_class=vote, comment=comment
                )
    adjudicate(item=items[0], adjudicator=curator, decided_class=2, note=f"{EXPERTS[0]} is right")
    client.force_login(curator)
    return experts


def _labelled(client, fmt: str, **params) -> bytes:
    response = client.get(reverse("reports:labelled", args=[fmt]), {**FILTERS, **params})
    assert response.status_code == 200, response.content[:300]
    return response.content


def _report(client, name: str, fmt: str, **params) -> bytes:
    response = client.get(reverse("reports:download", args=[name, fmt]), {**FILTERS, **params})
    assert response.status_code == 200, response.content[:300]
    return response.content


def _expected_citation() -> tuple[str, str]:
    return PAPER, settings.HCVVET_HCV_RELEASE


def _native_citation(data: bytes, fmt: str) -> str:
    """The citation as the format's own reader finds it (astropy), not hcvvet's reader."""
    if fmt == "csv":
        lines = [line for line in data.decode().splitlines() if line.startswith("# meta.citation: ")]
        assert len(lines) == 1
        Table.read(
            data.decode().splitlines(), format="ascii.csv", comment="#"
        )  # the comment header leaves a CSV table
        return exports.text_unescape(lines[0].removeprefix("# meta.citation: "))
    if fmt == "ecsv":
        return Table.read(data.decode().splitlines(), format="ascii.ecsv").meta["citation"]
    if fmt == "votable":
        infos = {info.name: info.value for info in votable.parse(io.BytesIO(data)).resources[0].infos}
        return infos["citation"]
    if fmt == "fits":
        with fits.open(io.BytesIO(data)) as hdus:
            return hdus[1].header["citation"]
    if fmt == "mrt":
        text = data.decode()
        Table.read(text.splitlines(), format="ascii.mrt")  # still an MRT astropy reads
        notes = text.split("Notes:\n", 1)[1]
        (line,) = [line for line in notes.splitlines() if line.startswith("Note (1): citation: ")]
        return line.removeprefix("Note (1): citation: ")
    if fmt == "latex":
        text = data.decode()
        caption = text.split("\\caption{", 1)[1].split("}\n", 1)[0]
        return caption.replace("\\&", "&").replace("\\_", "_")
    assert fmt == "json"
    return json.loads(data)["provenance"]["citation"]


@pytest.mark.parametrize("fmt", ["json", *exports.CONTENT_TYPES])
def test_every_report_format_carries_the_citation_and_the_release(client, vetted, fmt):
    paper, release = _expected_citation()
    citation = _native_citation(_report(client, "artifact-fraction", fmt), fmt)
    assert paper in citation
    assert release in citation
    assert "vetted with hcvvet" in citation


@pytest.mark.parametrize("fmt", list(exports.CONTENT_TYPES))
def test_every_labelled_table_format_carries_the_citation_and_the_release(client, vetted, fmt):
    paper, release = _expected_citation()
    citation = _native_citation(_labelled(client, fmt), fmt)
    assert paper in citation
    assert release in citation
    assert "vetted with hcvvet" in citation


def _leaks(data: bytes) -> list[str]:
    """The usernames found in the file, as written or as LaTeX typesets them (`zelda\\_quasar`)."""
    lowered = data.lower()
    return [
        name
        for name in (*EXPERTS, CURATOR)
        if name.encode() in lowered or latex_escape(name).encode() in lowered
    ]


def _ids(experts) -> dict[str, str]:
    return {e.username: exports.anonymous_id(settings.SECRET_KEY, e.pk) for e in experts}


@pytest.mark.parametrize("fmt", list(exports.CONTENT_TYPES))
def test_anonymous_labelled_tables_name_no_expert_anywhere(client, vetted, fmt):
    assert _leaks(_labelled(client, fmt)) == [*EXPERTS, CURATOR]  # usernames without the option
    data = _labelled(client, fmt, anonymous="1")
    assert _leaks(data) == []
    for anonymous in _ids(vetted).values():
        assert anonymous.encode() in data


@pytest.mark.parametrize("fmt", ["json", *exports.CONTENT_TYPES])
def test_the_anonymous_agreement_report_names_no_expert(client, vetted, fmt):
    assert _leaks(_report(client, "agreement", fmt)) == list(EXPERTS)
    data = _report(client, "agreement", fmt, anonymous="true")
    assert _leaks(data) == []
    assert all(anonymous.encode() in data for anonymous in _ids(vetted).values())


def test_anonymous_ids_are_stable_distinct_and_keep_every_vote(client, vetted):
    plain = exports.read_labelled_candidates(_labelled(client, "ecsv"), "ecsv")
    first = exports.read_labelled_candidates(_labelled(client, "ecsv", anonymous="1"), "ecsv")
    second = exports.read_labelled_candidates(_labelled(client, "fits", anonymous="1"), "fits")
    ids = _ids(vetted)
    assert len(set(ids.values())) == len(EXPERTS)
    assert all(anonymous.startswith("expert-") and len(anonymous) == 15 for anonymous in ids.values())
    assert first.colnames == second.colnames
    for username, anonymous in ids.items():
        for prefix in (exports.VOTE_PREFIX, exports.SECONDS_PREFIX):
            assert list(first[prefix + anonymous]) == list(plain[prefix + username])
            assert list(second[prefix + anonymous]) == list(plain[prefix + username])
    comments = first[exports.COMMENT_PREFIX + ids[EXPERTS[0]]]
    assert set(comments.compressed()) == {f"agree with {ids[EXPERTS[1]]}."}  # a mention of a colleague too
    curator_id = exports.anonymous_id(settings.SECRET_KEY, User.objects.get(username=CURATOR).pk)
    assert set(first["AdjudicatedBy"].compressed()) == {curator_id}
    assert first["AdjudicationNote"].compressed()[0] == f"{ids[EXPERTS[0]]} is right"
    assert first.meta["experts"].startswith("expert usernames replaced by anonymous ids")


def test_the_api_gives_the_same_ids_and_documents_the_parameter(client, vetted):
    page = exports.read_labelled_candidates(_labelled(client, "csv", anonymous="1"), "csv")
    response = client.get("/api/reports/labelled-candidates/", {**FILTERS, "fmt": "csv", "anonymous": "1"})
    assert response.status_code == 200
    assert _leaks(response.content) == []
    assert exports.read_labelled_candidates(response.content, "csv").colnames == page.colnames
    agreement = client.get("/api/reports/agreement/", {**FILTERS, "anonymous": "1"}).json()
    raters = {pair["rater_a"] for pair in agreement["pairs"]} | {
        pair["rater_b"] for pair in agreement["pairs"]
    }
    assert raters == set(_ids(vetted).values())
    schema = client.get("/api/schema/").content.decode()
    assert "anonymous" in schema


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:labelled", args=["csv"]),
        reverse("reports:download", args=["agreement", "csv"]),
        "/api/reports/labelled-candidates/",
        "/api/reports/agreement/",
    ],
)
@pytest.mark.parametrize("value", ["yes please", "", "2", "TRUE"])
def test_a_bad_anonymous_value_is_a_400_naming_it(client, vetted, url, value):
    response = client.get(url, {**FILTERS, "anonymous": value})
    assert response.status_code == 400
    assert b"anonymous" in response.content

"""A curator settles a disagreement on the adjudication page in Chromium."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Adjudication, ConsensusRule, ConsensusState
from tests.e2e.conftest import log_in, open_candidate
from tests.e2e.review_data import build_review_field
from tests.vetting.campaign_helpers import active_campaign, ensure_roles

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_curator_adjudicates_a_disagreement(live_server, page, make_user):
    ensure_roles()
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    cora = make_user("cora", Role.CURATOR, Role.EXPERT)
    cora.is_staff = True
    cora.save(update_fields=["is_staff"])
    campaign = active_campaign(
        experts=[ada, bob], n_candidates=2, votes_needed=2, rule=ConsensusRule.UNANIMOUS
    )
    disputed, _ = [i.candidate for i in campaign.items.order_by("position")]
    label_submit(campaign=campaign, candidate=disputed, expert=ada, expert_class=1, comment="clean sinusoid")
    label_submit(campaign=campaign, candidate=disputed, expert=bob, expert_class=4, reasons=["blend"])

    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    log_in(page, live_server.url, "cora")
    page.goto(f"{live_server.url}/admin/vetting/campaign/")
    page.click("text=1 disputed")
    section = page.locator(f"[data-match-id='{disputed.pk}']")
    section.wait_for()
    assert "clean sinusoid" in section.inner_text()
    assert "blend" in section.inner_text()
    # The votes in their class's one colour, the same as the review page's buttons (#0072B2, #D55E00).
    colour = "(cell) => getComputedStyle(cell).color"
    assert section.locator("td.class-1").evaluate(colour) == "rgb(0, 114, 178)"
    assert section.locator("td.class-4").evaluate(colour) == "rgb(213, 94, 0)"
    section.locator("input[name=decided_class][value='4']").check()
    section.locator("input[name=note]").fill("blend with a bright neighbour")
    section.locator("button[type=submit]").click()
    page.wait_for_selector("text=No disputed candidates in this campaign")
    assert f"Candidate {disputed.pk}: possible artifact." in page.inner_text(".messages")
    # Chromium's own favicon request (the login and admin pages name none) is the only 404 allowed: it never
    # shows up as a page response, so every resource the pages asked for was served.
    assert missing == []
    assert [e for e in page.errors if "status of 404" not in e] == []

    decision = Adjudication.objects.get()
    assert (decision.adjudicator.username, decision.decided_class, decision.note) == (
        "cora",
        4,
        "blend with a bright neighbour",
    )
    assert decision.item.consensus == ConsensusState.ADJUDICATED
    assert Candidate.objects.get(pk=disputed.pk).expert_class == 4


# The light curve as Bokeh drew it (review.js's own source and figure) and the cutout strip's decoded images.
DRAWING = """
() => {
  const { sources, figures } = window.hcvReview.state;
  const box = Bokeh.index.find_one(figures.lc).el.getBoundingClientRect();
  const images = [...document.querySelectorAll("#strip img")];
  return {
    points: sources.lc_source.data.x.length,
    epochs: JSON.parse(document.getElementById("page-data").textContent).epochs.length,
    plot: [box.width, box.height],
    cutouts: images.length,
    decoded: images.filter((img) => img.complete && img.naturalWidth > 0).length,
  };
}
"""
BORDER = "(el) => getComputedStyle(el).borderLeftColor"


@pytest.mark.django_db(transaction=True)
def test_curator_decides_a_dispute_from_the_keyboard_beside_its_light_curve(live_server, page, make_user):
    """From the queue's link to a dispute's page: the light curve and cutouts drawn as on the review page, the
    votes beside them in the review page's class colours; 4 asks, Esc cancels, n/p move between disputes, 4
    and Enter decide and the next dispute confirms it."""
    ensure_roles()
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    cora = make_user("cora", Role.CURATOR, Role.EXPERT)
    first, second = build_review_field(candidates=2, constants=30)
    campaign = active_campaign(
        experts=[ada, bob], candidates=[first, second], votes_needed=2, rule=ConsensusRule.UNANIMOUS
    )
    for candidate in (first, second):
        label_submit(
            campaign=campaign, candidate=candidate, expert=ada, expert_class=1, comment="clean sinusoid"
        )
        label_submit(campaign=campaign, candidate=candidate, expert=bob, expert_class=4, reasons=["blend"])

    log_in(page, live_server.url, "cora")
    open_candidate(page, live_server.url, first.pk)
    review_colour = page.locator(".label-btn.class-4").evaluate(BORDER)
    page.goto(f"{live_server.url}/adjudication/?campaign={campaign.pk}")
    page.click(f"[data-match-id='{first.pk}'] h2 a")
    page.wait_for_selector(f"main#review[data-drawn='{first.pk}']")  # a selector: the page's CSP forbids eval
    assert page.url == f"{live_server.url}/adjudication/{campaign.pk}/{first.pk}/"
    drawing = page.evaluate(DRAWING)
    assert drawing["points"] == drawing["epochs"] > 0
    assert min(drawing["plot"]) > 100
    assert drawing["cutouts"] > 0
    assert drawing["decoded"] == drawing["cutouts"]
    votes = page.locator("#dispute-votes").inner_text()
    assert "clean sinusoid" in votes
    assert "blend" in votes
    assert page.locator(".label-btn.class-4").evaluate(BORDER) == review_colour == "rgb(213, 94, 0)"
    assert (
        page.locator("td.vote-class.class-4").evaluate("(el) => getComputedStyle(el).color") == review_colour
    )

    page.keyboard.press("4")
    assert page.locator("#decide-dialog").is_visible()
    assert page.inner_text("#decide-class") == "4 · possible artifact"
    page.keyboard.press("Escape")
    assert not page.locator("#decide-dialog").is_visible()
    page.keyboard.press("n")
    page.wait_for_url(f"{live_server.url}/adjudication/{campaign.pk}/{second.pk}/")
    page.keyboard.press("p")
    page.wait_for_url(f"{live_server.url}/adjudication/{campaign.pk}/{first.pk}/")
    page.wait_for_selector("main#review.ready")
    assert not Adjudication.objects.exists()

    page.keyboard.press("c")
    page.keyboard.type("blend with a bright neighbour")
    page.keyboard.press("Escape")
    page.keyboard.press("4")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/adjudication/{campaign.pk}/{second.pk}/")
    assert f"MatchID {first.pk} decided: 4 (possible artifact)." in page.inner_text(".messages")
    page.wait_for_selector(f"main#review[data-drawn='{second.pk}']")
    decision = Adjudication.objects.get()
    assert (decision.item.candidate_id, decision.adjudicator, decision.decided_class, decision.note) == (
        first.pk,
        cora,
        4,
        "blend with a bright neighbour",
    )
    assert page.errors == []

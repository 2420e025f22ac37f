"""A curator settles a disagreement on the adjudication page in Chromium."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Adjudication, ConsensusRule, ConsensusState
from tests.e2e.conftest import log_in
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

"""The review page's epoch keys on a dispute's page, which rejects no epoch: "x" (reject or restore the
selected epoch) and "m" (select the model's epoch and ask to reject it) do nothing there, raise no script
error, and the page's key map lists neither."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Measurement
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import ConsensusRule, ModelDisplay
from tests.e2e.conftest import log_in
from tests.e2e.review_data import build_review_field
from tests.triage.predictions import active_model, predict
from tests.vetting.campaign_helpers import active_campaign, ensure_roles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OPEN_DIALOGS = "() => [...document.querySelectorAll('dialog[open]')].map((dialog) => dialog.id)"
KEY_MAP = "() => [...document.querySelectorAll('#keymap kbd')].map((key) => key.textContent)"


def test_the_epoch_rejection_keys_do_nothing_on_a_dispute_page(live_server, page, make_user):
    ensure_roles()
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    make_user("cora", Role.CURATOR, Role.EXPERT)
    (disputed,) = build_review_field(candidates=1, constants=30, n_points=6, cutouts=False)
    campaign = active_campaign(
        experts=[ada, bob], candidates=[disputed], votes_needed=2, rule=ConsensusRule.UNANIMOUS
    )
    # The model shows before the vote and names an epoch: on the review page "m" would select it and open the
    # reject dialog.
    campaign.model_display = ModelDisplay.BEFORE
    campaign.save(update_fields=["model_display"])
    named = Measurement.objects.filter(candidate=disputed).order_by("mjd")[0]
    predict(disputed, active_model(), (0.125, 0.25, 0.625), epoch=named, reasons=("a jump on one image",))
    label_submit(campaign=campaign, candidate=disputed, expert=ada, expert_class=1)
    label_submit(campaign=campaign, candidate=disputed, expert=bob, expert_class=4)

    log_in(page, live_server.url, "cora")
    page.goto(f"{live_server.url}/adjudication/{campaign.pk}/{disputed.pk}/")
    page.wait_for_selector(f"main#review[data-drawn='{disputed.pk}']")  # a selector: the CSP forbids eval
    selected = page.get_attribute("#strip", "data-selected-image")
    assert selected not in (None, named.image_id)  # an epoch is selected, and not the model's

    for key in ("x", "m", "x"):
        page.keyboard.press(key)
        assert page.evaluate(OPEN_DIALOGS) == []
        assert page.get_attribute("#strip", "data-selected-image") == selected
        assert page.inner_text("#status") == ""
    assert not Measurement.objects.filter(candidate=disputed, rejected=True).exists()

    # The keys the page does offer still work, and its key map lists only those.
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(f"#strip:not([data-selected-image='{selected}'])")
    page.keyboard.press("?")
    page.wait_for_selector("#keymap[open]")
    assert page.evaluate(KEY_MAP) == ["1", "2", "4", "c", "n / p", "← / →", "?"]
    assert page.errors == []

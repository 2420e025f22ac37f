"""One name and one colour per expert class: the review page, the adjudication page and the report figures
show the HCV's names ("high-confidence variable", "probable variable", "possible artifact") in the same
Okabe-Ito colours, all taken from hcvvet/catalog/classes.py."""

import json
import re

import numpy as np
import pytest
from matplotlib.colors import to_hex

from hcvvet.catalog.classes import EXPERT_CLASS_COLOURS, EXPERT_CLASS_NAMES
from hcvvet.reports import figures
from hcvvet.vetting.queues import default_campaign
from tests.e2e.review_data import build_review_field
from tests.vetting.campaign_helpers import disputed_campaign

pytestmark = pytest.mark.django_db

EXPECTED = {
    1: ("high-confidence variable", "#0072B2"),
    2: ("probable variable", "#009E73"),
    4: ("possible artifact", "#D55E00"),
}
OLD_WORDS = re.compile(r"\b(confident|likely)\b", re.IGNORECASE)


def _css_colours(html: str) -> dict[int, str]:
    """The colour each page gives `.class-N` (the rules generated from the one definition)."""
    return {
        int(code): colour.upper()
        for code, colour in re.findall(r"\.class-(\d)\s*\{\s*--class-colour:\s*(#[0-9A-Fa-f]{6});", html)
    }


def test_the_one_definition_is_the_hcv_names_in_okabe_ito_colours():
    assert {code: (EXPERT_CLASS_NAMES[code], EXPERT_CLASS_COLOURS[code]) for code in EXPECTED} == EXPECTED


def test_review_page_buttons_and_own_label_use_the_one_names_and_colours(client, expert):
    candidate = build_review_field(candidates=1, constants=20, cutouts=False)[0]
    campaign = default_campaign()
    client.force_login(expert)
    html = client.get(f"/review/{campaign.pk}/{candidate.pk}/").content.decode()
    assert _css_colours(html) == {code: colour for code, (_, colour) in EXPECTED.items()}
    for code, (name, _) in EXPECTED.items():
        assert re.search(rf'class="label-btn class-{code}"[^>]*><kbd>{code}</kbd> {name}</button>', html)
    assert "HCV ExpertClass" in html
    assert not OLD_WORDS.search(html)

    url = f"/review/{campaign.pk}/{candidate.pk}"
    body = json.dumps({"expert_class": 4})
    assert client.post(f"{url}/label", data=body, content_type="application/json").status_code == 200
    label = client.get(f"{url}.json").json()["label"]
    assert (label["name"], label["colour"]) == EXPECTED[4]


def test_adjudication_page_uses_the_one_names_and_colours(client, curator, make_user):
    campaign, _ = disputed_campaign(make_user)
    client.force_login(curator)
    html = client.get(f"/adjudication/?campaign={campaign.pk}").content.decode()
    assert _css_colours(html) == {code: colour for code, (_, colour) in EXPECTED.items()}
    # the two disputed votes (1 and 2) in their class's colour, and the three choices of the decision
    assert 'class="vote-class class-1">1 · high-confidence variable' in html
    assert 'class="vote-class class-2">2 · probable variable' in html
    for code, (name, _) in EXPECTED.items():
        assert re.search(
            rf'<label class="class-{code}"><input[^>]*value="{code}"[^>]*> {code} · {name}</label>', html
        )
    assert "HCV ExpertClass" in html
    assert "hcvvet consensus class" in html
    assert not OLD_WORDS.search(html)


def test_report_figure_legend_uses_the_one_names_and_colours():
    classes = np.array([0, 1, 1, 2, 4, 4, 4])
    fig = figures.mad_vs_magnitude_figure(
        np.linspace(20.0, 24.0, classes.size), np.full(classes.size, 0.05), classes, class_kind="expert"
    )
    legend = fig.axes[0].get_legend()
    shown = {
        text.get_text(): to_hex(handle.get_facecolor()[0]).upper()
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)
    }
    counts = {1: 2, 2: 1, 4: 3}
    for code, (name, colour) in EXPECTED.items():
        assert shown[f"{counts[code]} {name}"] == colour
    assert not any(OLD_WORDS.search(text) for text in shown)

"""The report page as an astronomer reads it: figures first (loaded at once, titled, axes with units), the
campaign chosen from a list, and figure titles in words rather than report slugs."""

import re

import pytest
from django.urls import reverse

from hcvvet.reports import services
from hcvvet.reports.selectors import ReportFilters

pytestmark = pytest.mark.django_db
CAMPAIGN = {"campaign": "M31 pilot", "source": "labels"}


def test_figures_come_first_and_load_at_once(browser, small_campaign):
    page = browser.get(reverse("reports:index"), CAMPAIGN).content.decode()
    sections = re.findall(r'<section id="([a-z-]+)"', page)
    assert sections[0] == "figures"
    assert sections.index("figures") < sections.index("autoclass-vs-expert") < sections.index("tables")
    start = page.index('<section id="figures">')
    figures = page[start : page.index("</section>", start)]
    assert figures.count("<img ") == len(services.FIGURE_REPORTS) + 1  # the MAD histograms twice
    assert 'loading="lazy"' not in page
    assert re.search(r'<h2>Figures</h2>\s*<div class="figures">', page)  # the heading sits above the grid


def test_the_campaign_is_chosen_from_a_list(browser, small_campaign):
    page = browser.get(reverse("reports:index")).content.decode()
    select = re.search(r'<select name="campaign"[^>]*>(.*?)</select>', page, re.S)
    assert select, "the campaign filter is not a choice list"
    assert re.findall(r'<option value="([^"]*)"', select.group(1)) == ["", "M31 pilot"]
    chosen = browser.get(reverse("reports:index"), CAMPAIGN).content.decode()
    assert '<option value="M31 pilot" selected>M31 pilot</option>' in chosen


@pytest.mark.parametrize(
    ("name", "filters", "title"),
    [
        ("mad-vs-magnitude", {"filter_name": "ACS_F475W"}, "MAD versus magnitude (HCV catalogue classes)"),
        ("sky", {}, "Sky positions (HCV catalogue classes)"),
        ("artifact-fraction", {"source": "labels", "campaign": "M31 pilot"}, "Artifact fraction versus MAD"),
        ("colour-magnitude", {}, "Colour-magnitude diagram (HCV catalogue classes)"),
    ],
)
def test_figure_titles_are_words_not_report_names(small_campaign, name, filters, title):
    figure = services.report_figure(services.report_build(name, ReportFilters(**filters)))
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles[0].startswith(title)
    for ax in figure.axes:
        if ax.get_xlabel():
            assert re.search(r"\[(mag|deg)\]|\(ICRS\)", ax.get_xlabel()), ax.get_xlabel()

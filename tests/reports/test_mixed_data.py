"""Reports on realistic mixed data give what the notebook's own code gives on the classified rows.

The database holds the sandbox demo universe's expert-validated objects and the unvalidated M31 field
(tests/reports/mixed.py). The notebook (cells 13 to 17) only ever sees ExpertClass > 0 rows; hcvvet must give
exactly its numbers (cells 14 to 17, the top bin as hcvvet fixes it) however many unclassified rows the
selection also holds, under the catalogue's classes and under hcvvet's own (a campaign where only some
candidates have votes), and must say how many rows it left out.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from django.db import transaction
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.accounts.services import user_create
from hcvvet.catalog.models import Candidate
from hcvvet.reports import exports
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import report_build, report_render
from hcvvet.vetting.labels import label_skip, label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, CampaignState, Label

from .mixed import UNVALIDATED_FIELD, MixedRows, build_demo_universe, load_mixed
from .notebook_reference import (
    assert_notebook_histograms,
    notebook_artifact_fraction,
    notebook_counts,
    notebook_histograms,
)

pytestmark = pytest.mark.django_db
CAMPAIGN = "Mixed pilot"


@pytest.fixture(scope="module")
def mixed(django_db_setup, django_db_blocker, tmp_path_factory):
    """The mixed database and its rows, plus a campaign over every candidate in which only some candidates
    have votes (cast through the vetting service, which decides the consensus): loaded once per module in
    an outer transaction rolled back after it."""
    universe = build_demo_universe(tmp_path_factory.mktemp("demo-universe"))
    with django_db_blocker.unblock(), transaction.atomic():
        rows = load_mixed(universe)
        _campaign_with_some_votes()
        yield rows
        transaction.set_rollback(True)


def _campaign_with_some_votes() -> None:
    """Two experts, majority of 2: some candidates get two equal votes (a consensus), some two different ones
    (disputed), some one vote (open), some a skip, most none."""
    ada, bob = (
        user_create(username=name, password="pw-for-tests-1", roles=(Role.EXPERT,)) for name in ("ada", "bob")
    )
    campaign = Campaign.objects.create(
        name=CAMPAIGN, rule="majority", votes_needed=2, state=CampaignState.ACTIVE
    )
    campaign.experts.add(ada, bob)
    candidates = list(Candidate.objects.filter(auto_class__gt=0).order_by("match_id"))
    CampaignCandidate.objects.bulk_create(
        [CampaignCandidate(campaign=campaign, candidate=c, position=i) for i, c in enumerate(candidates)]
    )
    rng = np.random.default_rng(14)
    for candidate in candidates:
        draw = rng.random()
        guess = candidate.hcv_expert_class or int(rng.choice([1, 2, 4], p=[0.3, 0.4, 0.3]))
        if draw < 0.45:  # two votes, mostly equal
            label_submit(campaign=campaign, candidate=candidate, expert=ada, expert_class=guess)
            other = guess if rng.random() < 0.85 else int(rng.choice([c for c in (1, 2, 4) if c != guess]))
            label_submit(campaign=campaign, candidate=candidate, expert=bob, expert_class=other)
        elif draw < 0.55:  # one vote: open, no class yet
            label_submit(campaign=campaign, candidate=candidate, expert=ada, expert_class=guess)
        elif draw < 0.6:  # skipped: a label with no class
            label_skip(campaign=campaign, candidate=candidate, expert=bob)


def _classes(rows: MixedRows, source: str) -> np.ndarray:
    """Each row's class under the label source (0: none), read from the database the vetting service wrote."""
    if source == "hcv":
        return rows.expert_class
    consensus = dict(
        CampaignCandidate.objects.filter(campaign__name=CAMPAIGN, consensus_class__isnull=False).values_list(
            "candidate_id", "consensus_class"
        )
    )
    return np.array([consensus.get(int(m), 0) for m in rows.match_id], dtype=np.int64)


def _notebook_tab(rows: MixedRows, source: str) -> tuple[MixedRows, np.ndarray]:
    """The notebook's `tab`: the candidates' rows that carry a class (cell 13: ExpertClass > 0), and that
    class. Under "labels" the campaign's candidates are every candidate."""
    classes = _classes(rows, source)
    keep = (classes > 0) & (rows.auto_class > 0)
    return rows.where(keep), classes[keep]


SOURCES = [
    pytest.param(ReportFilters(source="hcv"), id="catalogue"),
    pytest.param(ReportFilters(source="labels", campaign=CAMPAIGN), id="campaign-consensus"),
    pytest.param(ReportFilters(source="labels"), id="hcvvet-outcomes"),
]


def test_the_data_are_mixed(mixed):
    """What the reports must cope with: many flagged rows without a class, under either source."""
    for source in ("hcv", "labels"):
        classes = _classes(mixed, source)
        flagged = (mixed.filter_det_flag > 0) & (mixed.auto_class > 0)
        assert (flagged & (classes == 0)).sum() > 100
        assert (flagged & (classes > 0)).sum() > 100
    assert (mixed.group_id == UNVALIDATED_FIELD).sum() > 10_000


@pytest.mark.parametrize("filters", SOURCES)
def test_artifact_fraction_is_the_notebook_cell_17_on_the_classified_rows(mixed, filters):
    tab, e = _notebook_tab(mixed, filters.source)
    lo, hi, n, n_artifact, frac, _ = notebook_artifact_fraction(
        tab.mad, e, tab.filter_det_flag, top_bin_fixed=True
    )
    result = report_build("artifact-fraction", filters)
    bins = result.statistic.bins
    assert len(bins) == len(n) > 5
    np.testing.assert_array_equal([b.mad_lo for b in bins], lo)
    np.testing.assert_array_equal([b.mad_hi for b in bins], hi)
    np.testing.assert_array_equal([b.n for b in bins], n)
    np.testing.assert_array_equal([b.n_artifact for b in bins], n_artifact)
    np.testing.assert_array_equal([b.fraction for b in bins], frac)
    classes = _classes(mixed, filters.source)
    unclassified = (mixed.filter_det_flag > 0) & (mixed.auto_class > 0) & (classes == 0)
    assert result.statistic.n_unclassified == unclassified.sum() > 0
    document = result.to_dict()
    assert document["n_unclassified"] == unclassified.sum()
    assert f"{unclassified.sum():,} object-filter rows" in document["provenance"]["left_out"]


def test_the_overall_artifact_fraction_is_the_notebook_s(mixed):
    # the figure on this universe: 0.202 on the expert-validated rows, 0.103 with the M31 field too
    bins = report_build("artifact-fraction", ReportFilters(source="hcv")).statistic.bins
    overall = sum(b.n_artifact for b in bins) / sum(b.n for b in bins)
    tab, e = _notebook_tab(mixed, "hcv")
    flagged = (tab.filter_det_flag > 0) & (tab.mad >= 0.007) & (tab.mad <= 2.0)
    assert overall == (e[flagged] == 4).sum() / flagged.sum()
    everything = (mixed.filter_det_flag > 0) & (mixed.mad >= 0.007) & (mixed.mad <= 2.0)
    assert overall > (mixed.expert_class[everything] == 4).sum() / everything.sum()  # diluted


@pytest.mark.parametrize("filters", SOURCES)
def test_mad_histograms_are_the_notebook_cells_15_and_16_on_the_classified_rows(mixed, filters):
    tab, e = _notebook_tab(mixed, filters.source)
    edges, all_counts, separate, stacked = notebook_histograms(tab.mad, e, tab.filter_det_flag)
    hist = report_build("mad-histograms", filters).statistic
    # "All" of cell 15 counts classified rows only
    assert_notebook_histograms(hist, (edges, all_counts, separate, stacked))
    assert hist.n_unclassified > 0


@pytest.mark.parametrize("filters", SOURCES)
def test_autoclass_versus_expert_class_is_the_notebook_cell_14_on_the_classified_objects(mixed, filters):
    tab, e = _notebook_tab(mixed, filters.source)
    _, first = np.unique(tab.match_id, return_index=True)
    sfcount, mfcount, sfrat, mfrat = notebook_counts(tab.auto_class[first], e[first])
    crosstab = report_build("autoclass-vs-expert", filters).statistic
    got = {(r.auto_class, r.expert_class): (r.count, r.fraction) for r in crosstab.rows}
    expected = {}
    for auto, count, ratio in ((1, sfcount, sfrat), (2, mfcount, mfrat)):
        for expert in (1, 2, 4):
            expected[auto, expert] = (int(count[expert]), float(ratio[expert]))
    assert got == expected
    objects = {int(m): int(a) for m, a in zip(mixed.match_id, mixed.auto_class, strict=True) if a > 0}
    classes = dict(zip(mixed.match_id.tolist(), _classes(mixed, filters.source).tolist(), strict=True))
    assert crosstab.n_unclassified == sum(1 for m in objects if classes[m] == 0) > 0


def test_a_campaign_with_no_votes_has_no_bins_and_says_every_row_was_left_out(mixed):
    empty = Campaign.objects.create(name="Not started", rule="majority", votes_needed=2)
    field_candidates = Candidate.objects.filter(group_id=UNVALIDATED_FIELD, auto_class__gt=0)
    CampaignCandidate.objects.bulk_create(
        [CampaignCandidate(campaign=empty, candidate=c, position=i) for i, c in enumerate(field_candidates)]
    )
    filters = ReportFilters(source="labels", campaign=empty.name)
    in_field = (mixed.group_id == UNVALIDATED_FIELD) & (mixed.auto_class > 0) & (mixed.filter_det_flag > 0)
    fraction = report_build("artifact-fraction", filters).statistic
    assert fraction.bins == []  # not 0.000 with an upper bound near 0.04
    assert fraction.n_unclassified == in_field.sum() > 0
    hist = report_build("mad-histograms", filters).statistic
    assert hist.all_counts.sum() == 0
    assert hist.n_unclassified == in_field.sum()
    crosstab = report_build("autoclass-vs-expert", filters).statistic
    assert crosstab.rows == []  # no AutoClass has a classified object: no fraction to give
    assert crosstab.n_unclassified == field_candidates.count()
    for name in ("artifact-fraction", "mad-histograms", "autoclass-vs-expert"):  # figures with nothing in
        assert report_render(report_build(name, filters), "png")[0].startswith(b"\x89PNG")


def test_agreement_says_how_many_labels_carried_no_class(mixed):
    agreement = report_build("agreement", ReportFilters(campaign=CAMPAIGN)).statistic
    labels = Label.objects.filter(campaign__name=CAMPAIGN)
    assert agreement.n_votes == labels.filter(expert_class__isnull=False).count()
    assert agreement.n_unclassified == labels.filter(expert_class__isnull=True).count() > 0


@pytest.mark.parametrize("fmt", ["csv", "ecsv", "votable", "fits"])
def test_exports_state_what_was_left_out_and_where_hcvvet_differs_from_the_notebook(mixed, fmt):
    result = report_build("artifact-fraction", ReportFilters(source="hcv"))
    body, _, _ = report_render(result, fmt)
    table = exports.read_table(body, fmt)
    n = result.statistic.n_unclassified
    assert table.meta["n_unclassified"] == str(n)
    assert f"{n:,} object-filter rows" in table.meta["left_out"]
    assert "top" in table.meta["notebook_differences"]
    assert "artifact_count[-iz-1]" in table.meta["notebook_differences"]
    hist = report_render(report_build("mad-histograms", ReportFilters(source="hcv")), fmt)[0]
    assert exports.read_table(hist, fmt).meta["n_unclassified"] == str(
        report_build("mad-histograms", ReportFilters(source="hcv")).statistic.n_unclassified
    )


def test_page_and_api_state_the_rows_left_out(mixed, client, viewer):
    hcv = ReportFilters(source="hcv")
    n_rows = report_build("artifact-fraction", hcv).statistic.n_unclassified
    n_objects = report_build("autoclass-vs-expert", hcv).statistic.n_unclassified
    client.force_login(viewer)
    page = client.get(reverse("reports:index"), {"source": "hcv"}).content.decode()
    assert f"{n_rows:,} object-filter rows of the selection carry no class" in page
    assert f"{n_objects:,} objects of the selection carry no class" in page
    api = client.get(reverse("api:report", args=["artifact-fraction"]), {"source": "hcv"})
    assert api.status_code == 200
    document = json.loads(api.content)
    assert document["n_unclassified"] == n_rows
    assert f"{n_rows:,} object-filter rows" in document["provenance"]["left_out"]
    assert "artifact_count[-iz-1]" in document["provenance"]["notebook_differences"]

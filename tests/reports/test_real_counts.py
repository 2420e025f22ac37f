"""Reports over a table with the real HCV validation counts (13,533 objects, 31,258 object-filter rows of
shared/reference/hcv-facts.md), loaded once for this module: the exact published numbers, and query counts
that do not grow with the rows."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from hcvvet.catalog.models import Candidate
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import REPORTS, report_compute

from .synthetic import REAL_CROSSTAB

pytestmark = pytest.mark.django_db


def run_report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_autoclass_vs_expert_json_prints_the_real_hcv_validation_counts(real_counts):
    document = json.loads(run_report("autoclass-vs-expert", "--source", "hcv", "--format", "json"))
    got = {
        (r["auto_class"], r["expert_class"]): (r["count"], round(r["fraction"], 3)) for r in document["rows"]
    }
    assert got == REAL_CROSSTAB
    assert [set(row) for row in document["rows"]] == [{"auto_class", "expert_class", "count", "fraction"}] * 6
    assert document["provenance"]["label_source"] == "hcv"
    assert document["provenance"]["hcvvet_version"] == "0.1.0"


def test_artifact_fraction_json_has_the_bins_of_the_statistic(real_counts):
    document = json.loads(run_report("artifact-fraction", "--format", "json"))
    assert set(document) == {"bins", "n_unclassified", "provenance"}
    assert document["n_unclassified"] == 0  # every row of the real validation carries a class
    assert [set(b) for b in document["bins"]] == [
        {"mad_lo", "mad_hi", "n", "n_artifact", "fraction", "ci_lo", "ci_hi"}
    ] * len(document["bins"])
    table = real_counts
    flagged = table.filter_det_flag > 0
    in_range = (table.mad >= 0.007) & (table.mad <= 2.0)
    assert sum(b["n"] for b in document["bins"]) == int((flagged & in_range).sum())
    assert sum(b["n_artifact"] for b in document["bins"]) == int(
        (flagged & in_range & (table.expert_class == 4)).sum()
    )
    for b in document["bins"]:
        assert b["ci_lo"] <= b["fraction"] <= b["ci_hi"]


def test_labels_source_counts_hcvvet_outcomes_not_the_catalogue(real_counts):
    # move the classes from the catalogue to hcvvet's outcome (rolled back after the test)
    Candidate.objects.filter(hcv_expert_class__gt=0).update(
        expert_class=F("hcv_expert_class"), hcv_expert_class=0
    )
    document = json.loads(run_report("autoclass-vs-expert", "--source", "labels"))
    assert sum(r["count"] for r in document["rows"]) == 13533
    hcv = json.loads(run_report("autoclass-vs-expert", "--source", "hcv"))
    assert sum(r["count"] for r in hcv["rows"]) == 0


def test_index_shows_the_real_validation_table(client, viewer, real_counts, django_assert_max_num_queries):
    client.force_login(viewer)
    # 12, and the data version read before and after each of the 4 tables (hcvvet.reports.cache)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reports:index"), {"source": "hcv"})
    assert response.status_code == 200
    page = response.content.decode()
    for number in ("3323", "3055", "1761", "2101", "2442", "851", "0.408", "0.158"):
        assert f">{number}<" in page
    assert 'src="/reports/artifact-fraction.png?source=hcv"' in page


@pytest.mark.parametrize("name", REPORTS)
def test_queries_do_not_grow_with_the_rows(name, small_campaign, real_counts, django_assert_max_num_queries):
    # 13,533 objects of real_counts plus the small campaign: the same bound as on the campaign alone
    for filters in (ReportFilters(campaign="M31 pilot"), ReportFilters(source="labels")):
        with django_assert_max_num_queries(4 if name == "agreement" else 3):  # agreement: + experts' names
            report_compute(name, filters)

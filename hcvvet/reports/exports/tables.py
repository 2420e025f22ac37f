"""The report tables (AutoClass x expert class, artifact fraction, MAD histograms, agreement) as astropy
tables with typed columns and their provenance."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from astropy.table import Table

from hcvvet import __version__ as HCVVET_VERSION
from hcvvet.catalog.classes import codes_description

from ..statistics import ArtifactFraction, CrossTab, ExpertSkill, MadHistograms, PairAgreement
from ..statistics.skill import CONFUSION_AXES
from .columns import class_count_column, typed_column

# the HCV paper, as /work/shared/reference/hcv-facts.md cites it
HCV_PAPER = "Bonanos et al. 2019, A&A 630, A92"


def citation(hcv_release: str, hcvvet_version: str = HCVVET_VERSION) -> str:
    """The line a publication using an export cites: the HCV paper, the release (the deployment's
    `HCVVET_HCV_RELEASE` setting), and hcvvet."""
    return (
        f"Hubble Catalog of Variables ({HCV_PAPER}), release {hcv_release}; "
        f"vetted with hcvvet {hcvvet_version}"
    )


@dataclass(frozen=True)
class Provenance:
    """Where a table comes from. `label_source` is "hcv" (the catalogue's ExpertClass) or "labels" (hcvvet's
    own votes: one campaign, or all consensus labels when `campaign` is empty). A report's table also says how
    many rows of the selection it left out for want of a class (`n_unclassified`, `left_out`) and where it
    deliberately differs from the seed notebook's code (`notebook_differences`). Every export carries the
    `citation` line (the HCV paper, the release, hcvvet).

    It lives in `Table.meta` as flat string values (`to_meta`), so that every format carries it the same way:
    FITS as HIERARCH header cards, VOTable as INFO elements, CSV as `# meta.<key>: <value>` comment lines.
    """

    report: str
    label_source: str
    hcv_release: str  # the catalogue release the rows come from: settings.HCVVET_HCV_RELEASE
    campaign: str = ""
    rule: str = ""
    selection: Mapping[str, Any] = field(default_factory=dict)
    exported_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    hcvvet_version: str = HCVVET_VERSION
    n_unclassified: int | None = None
    left_out: str = ""
    notebook_differences: str = ""
    experts: str = ""  # how experts are named, when not by username (`anonymous.ANONYMOUS_NOTE`)

    def to_meta(self) -> dict[str, str]:
        """Flat string values; the statistic's notes only where the report has them."""
        notes = {
            "n_unclassified": "" if self.n_unclassified is None else str(self.n_unclassified),
            "left_out": self.left_out,
            "notebook_differences": self.notebook_differences,
            "experts": self.experts,
        }
        return {
            "report": self.report,
            "citation": citation(self.hcv_release, self.hcvvet_version),
            "hcv_release": self.hcv_release,
            "hcvvet_version": self.hcvvet_version,
            "label_source": self.label_source,
            "campaign": self.campaign,
            "rule": self.rule,
            "selection": json.dumps(dict(self.selection), sort_keys=True, default=str),
            "exported_at": self.exported_at.astimezone(UTC).isoformat(timespec="seconds"),
            **{key: value for key, value in notes.items() if value},
        }


def build_table(columns: Mapping[str, Any], provenance: Provenance, description: str) -> Table:
    """A table of the named columns (arrays, masked arrays for missing values) typed by `column_spec`."""
    table = Table([typed_column(name, values) for name, values in columns.items()])
    table.meta.update({"description": description, **provenance.to_meta()})
    return table


def crosstab_table(crosstab: CrossTab, provenance: Provenance) -> Table:
    """AutoClass x expert class counts; `fraction` is within the AutoClass."""
    rows = crosstab.rows
    columns = {
        key: [getattr(r, key) for r in rows] for key in ("auto_class", "expert_class", "count", "fraction")
    }
    description = "HCV AutoClass versus expert class, one object per MatchID, objects with an expert class"
    return build_table(columns, provenance, description)


def artifact_fraction_table(result: ArtifactFraction, provenance: Provenance) -> Table:
    keys = ("mad_lo", "mad_hi", "n", "n_artifact", "fraction", "ci_lo", "ci_hi")
    columns = {key: [getattr(b, key) for b in result.bins] for key in keys}
    description = "Artifact fraction versus MAD, rows with FilterDetFlag > 0 and an expert class"
    table = build_table(columns, provenance, description)
    table.meta["confidence_level"] = repr(result.confidence_level)
    return table


def mad_histograms_table(hist: MadHistograms, provenance: Provenance) -> Table:
    columns = {"mad_lo": hist.edges[:-1], "mad_hi": hist.edges[1:], "n_all": hist.all_counts}
    columns |= {class_count_column(c): counts for c, counts in hist.class_counts.items()}
    description = "MAD histograms per expert class, rows with FilterDetFlag > 0 and an expert class"
    return build_table(columns, provenance, description)


def agreement_table(
    pairs: Sequence[PairAgreement],
    provenance: Provenance,
    skill: ExpertSkill | None = None,
    skill_note: str = "",
) -> Table:
    """Cohen's kappa per pair of experts, one row per pair; the Dawid-Skene fit (`skill`) in the metadata,
    each expert's confusion matrix as JSON (`dawid_skene_confusion`: expert -> rows of probabilities), or
    why there is none (`skill_note`, as `dawid_skene_note`)."""
    columns = {
        "rater_a": [str(p.rater_a) for p in pairs],
        "rater_b": [str(p.rater_b) for p in pairs],
        "n_common": [p.n_common for p in pairs],
        "kappa": [np.nan if p.kappa is None else p.kappa for p in pairs],
    }
    table = build_table(columns, provenance, "Cohen's kappa per pair of experts")
    if skill is not None:
        table.meta.update(
            {
                "dawid_skene_classes": codes_description(tuple(skill.classes)),
                "dawid_skene_confusion_axes": CONFUSION_AXES,
                "dawid_skene_confusion": json.dumps(
                    {str(e.rater): np.round(e.confusion, 6).tolist() for e in skill.experts}
                ),
                "dawid_skene_posterior_differs": posterior_differs_note(skill),
            }
        )
    elif skill_note:
        table.meta["dawid_skene_note"] = skill_note
    return table


def posterior_differs_note(skill: ExpertSkill) -> str:
    """In words: how many candidates the Dawid-Skene posterior classes otherwise than their votes do."""
    return (
        f"{skill.n_differs} of {skill.n_candidates} candidates (gold left out) have a Dawid-Skene posterior "
        f"class other than the majority class of their votes; {skill.n_no_majority} have no majority class"
    )

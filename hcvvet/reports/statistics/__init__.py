"""Validation statistics over numpy arrays (no Django): the notebook's tables, histograms and agreement."""

from .agreement import (
    ConfusionMatrix,
    PairAgreement,
    RaterAccuracy,
    accuracy_on_gold,
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    kappa_from_confusion,
    pairwise_cohen_kappa,
    rating_table,
)
from .artifacts import ArtifactBin, ArtifactFraction, artifact_fraction, artifact_fraction_from_counts
from .binning import (
    ARTIFACT_FRACTION_BINS,
    HISTOGRAM_BINS,
    MAD_RANGE_MAG,
    classified_rows,
    log_bins,
    variable_filter_rows,
)
from .classes import (
    ARTIFACT_CLASS,
    AUTO_CLASS_NAMES,
    CANDIDATE_AUTO_CLASSES,
    EXPERT_CLASS_NAMES,
    VETTED_EXPERT_CLASSES,
    ClassKind,
)
from .crosstab import (
    CrossTab,
    CrossTabRow,
    autoclass_vs_expert,
    autoclass_vs_expert_from_counts,
    one_row_per_object,
)
from .histograms import MadHistograms, mad_histograms
from .intervals import ONE_SIGMA, wilson_interval
from .photometry import filter_pairs
from .skill import ExpertConfusion, ExpertSkill, expert_skill

__all__ = [
    "ARTIFACT_CLASS",
    "ARTIFACT_FRACTION_BINS",
    "AUTO_CLASS_NAMES",
    "CANDIDATE_AUTO_CLASSES",
    "EXPERT_CLASS_NAMES",
    "HISTOGRAM_BINS",
    "MAD_RANGE_MAG",
    "ONE_SIGMA",
    "VETTED_EXPERT_CLASSES",
    "ArtifactBin",
    "ArtifactFraction",
    "ClassKind",
    "ConfusionMatrix",
    "CrossTab",
    "CrossTabRow",
    "ExpertConfusion",
    "ExpertSkill",
    "MadHistograms",
    "PairAgreement",
    "RaterAccuracy",
    "accuracy_on_gold",
    "artifact_fraction",
    "artifact_fraction_from_counts",
    "autoclass_vs_expert",
    "autoclass_vs_expert_from_counts",
    "classified_rows",
    "cohen_kappa",
    "confusion_matrix",
    "expert_skill",
    "filter_pairs",
    "fleiss_kappa",
    "kappa_from_confusion",
    "log_bins",
    "mad_histograms",
    "one_row_per_object",
    "pairwise_cohen_kappa",
    "rating_table",
    "variable_filter_rows",
    "wilson_interval",
]

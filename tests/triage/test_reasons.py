"""A prediction's reasons: the features that pushed hardest towards the verdict, in an expert's words."""

import numpy as np

from hcvvet.triage.reasons import PHRASES, phrase, reasons_of_rows, top_reasons
from hcvvet.triage.table import MODEL_FEATURES

NAMES = ("outlier_variance_share", "outlier_ci_jumps", "mad_over_threshold", "stetson_k", "vqf_ci")
VALUES = np.array([0.85, 1.0, 1.4, 0.45, 2.0])


def test_an_artifact_verdict_names_what_pushed_towards_artifact_strongest_first():
    contributions = np.array([1.9, 0.8, -0.6, 0.3, 0.05, -2.5])  # the last: base score, never a reason
    reasons = top_reasons(
        feature_names=NAMES, values=VALUES, contributions=contributions, p_artifact=0.93, band="ACS_F814W"
    )
    assert [r["text"] for r in reasons] == [
        "one epoch carries 85 % of the variance",
        "CI jumps at the most deviant epoch",
        "a few epochs carry the variation (Stetson K = 0.45)",
    ]
    assert [r["contribution"] for r in reasons] == [1.9, 0.8, 0.3]


def test_a_real_verdict_names_what_pushed_towards_real_and_never_the_other_way():
    contributions = np.array([0.4, 0.2, -1.1, 0.1, -0.02, 3.0])
    reasons = top_reasons(
        feature_names=NAMES, values=VALUES, contributions=contributions, p_artifact=0.1, band="WFC3_F555W"
    )
    assert [r["feature"] for r in reasons] == ["mad_over_threshold", "vqf_ci"]
    assert reasons[0]["text"] == "MAD is 1.4 times the field's detection threshold in WFC3_F555W"
    assert reasons[1]["text"] == "VarQualFlag CI grade C in WFC3_F555W"


def test_every_model_feature_has_words_and_a_missing_value_says_so():
    assert set(MODEL_FEATURES) <= set(PHRASES)
    assert phrase("outlier_ci_jump", float("nan"), "ACS_F606W") == "outlier ci jump unknown in ACS_F606W"
    assert phrase("outlier_sigma", -12.34, "ACS_F606W") == (
        "the most deviant epoch is 12.3 times its error brighter than the median"
    )


def test_the_reasons_of_many_rows_are_those_of_each_row():
    rng = np.random.default_rng(3)
    values = rng.normal(size=(40, len(NAMES)))
    contributions = rng.normal(size=(40, len(NAMES) + 1))
    p_artifact = rng.random(40)
    bands = [f"ACS_F{600 + i}W" for i in range(40)]
    together = reasons_of_rows(
        feature_names=NAMES, values=values, contributions=contributions, p_artifact=p_artifact, bands=bands
    )
    assert together == [
        top_reasons(
            feature_names=NAMES, values=values[i], contributions=contributions[i], p_artifact=p, band=bands[i]
        )
        for i, p in enumerate(p_artifact)
    ]

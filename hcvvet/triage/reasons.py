"""A prediction's top reasons in an expert's words, from the model's own per-prediction contributions
(LightGBM `pred_contrib`: each feature's share of the raw score, in log-odds of artifact).

The reasons are the features that pushed hardest towards the verdict: towards artifact when P(artifact) is at
least one half, towards real otherwise. Each is phrased from the candidate's own value of the feature, so an
expert can check it on the review page (the epoch, the CI and D columns, the VarQualFlag letter).

Pure Python and numpy, no Django import.
"""

import math
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

TOP_REASONS = 3
_GRADES = {0.0: "A", 1.0: "B", 2.0: "C"}
_LETTERS = {
    "vqf_ci": "CI",
    "vqf_d": "D",
    "vqf_magerr": "MagerrAper2",
    "vqf_aper_auto": "MagAper2-MagAuto",
    "vqf_p2p": "point-to-point",
}


# Phrases shared by several features take the feature's column first (bound with `partial` in PHRASES).
def _jump_text(column: str, value: float, band: str) -> str:
    if value:
        return f"{column} jumps at the most deviant epoch"
    return f"{column} stays steady at the most deviant epoch"


def _sigma_text(column: str, value: float, band: str) -> str:
    return f"{column} at the most deviant epoch lies {value:+.1f} robust sigma from its median"


def _correlation_text(column: str, value: float, band: str) -> str:
    strength = "strongly " if abs(value) >= 0.7 else "weakly " if abs(value) < 0.3 else ""
    return f"magnitude and {column} are {strength}correlated over the epochs (r = {value:+.2f})"


def _grade_text(name: str, value: float, band: str) -> str:
    return f"VarQualFlag {_LETTERS[name]} grade {_GRADES.get(value, '?')} in {band}"


def _split(threshold: float, at_least: str, under: str) -> Callable[[float, str], str]:
    """A phrase that reads `at_least` from `threshold` up and `under` below it (str.format templates of
    `value` and `band`)."""

    def text(value: float, band: str) -> str:
        return (at_least if value >= threshold else under).format(value=value, band=band)

    return text


def _outlier_sigma(value: float, band: str) -> str:
    side = "brighter" if value < 0 else "fainter"
    return f"the most deviant epoch is {abs(value):.1f} times its error {side} than the median"


def _skewness(value: float, band: str) -> str:
    if value < -1.0:
        return f"a few epochs are much brighter than the rest (skewness {value:+.1f})"
    if value > 1.0:
        return f"a few epochs are much fainter than the rest (skewness {value:+.1f})"
    return f"the epochs are spread evenly about the median (skewness {value:+.1f})"


def _outlier_visit_sigma(value: float, band: str) -> str:
    if abs(value) < 3.0:
        return f"in the visit of the most deviant epoch the other filter stays put ({value:+.1f} sigma)"
    side = "the same way" if value > 0 else "the other way"
    return f"in the visit of the most deviant epoch the other filter moves {side} ({value:+.1f} sigma)"


PHRASES: dict[str, Callable[[float, str], str]] = {
    "mad": lambda v, band: f"MAD of {v:.3f} mag in {band}",
    "mad_over_threshold": lambda v, band: f"MAD is {v:.1f} times the field's detection threshold in {band}",
    "chi2": lambda v, band: f"reduced Chi2 of {v:.1f} in {band}",
    "num_lc": lambda v, band: f"{v:.0f} epochs in the catalogue's {band} light curve",
    "mean_corr_mag": lambda v, band: f"mean magnitude {v:.1f} in {band}",
    "filter_det_flag": lambda v, band: f"{band} {'is' if v else 'is not'} flagged variable",
    **{name: partial(_grade_text, name) for name in _LETTERS},
    "n_epochs": lambda v, band: f"{v:.0f} usable epochs in {band}",
    "iqr": lambda v, band: f"the middle half of the epochs spans {v:.3f} mag",
    "inverse_von_neumann": _split(
        1.0,
        "neighbouring epochs agree (1/eta = {value:.1f}): a smooth variation",
        "the magnitude jumps from epoch to epoch (1/eta = {value:.2f})",
    ),
    "stetson_k": _split(
        0.7,
        "the variation is spread over the epochs (Stetson K = {value:.2f})",
        "a few epochs carry the variation (Stetson K = {value:.2f})",
    ),
    "skewness": _skewness,
    "outlier_variance_share": lambda v, band: f"one epoch carries {100 * v:.0f} % of the variance",
    "outlier_sigma": _outlier_sigma,
    "outlier_ci_jump": partial(_sigma_text, "CI"),
    "outlier_d_jump": partial(_sigma_text, "D"),
    "outlier_ci_jumps": partial(_jump_text, "CI"),
    "outlier_d_jumps": partial(_jump_text, "D"),
    "mag_ci_correlation": partial(_correlation_text, "CI"),
    "mag_d_correlation": partial(_correlation_text, "D"),
    "sharp_bright_epochs": lambda v, band: (
        f"{v:.0f} epoch{'s' if v != 1 else ''} much brighter and sharper than the star (CI drops): "
        "cosmic-ray traces"
        if v
        else "no epoch is both much brighter and sharper than the star"
    ),
    "visit_agreement": _split(
        0.5,
        "the other filter varies with {band} in the same visits (r = {value:+.2f})",
        "the other filter does not follow {band} in the same visits (r = {value:+.2f})",
    ),
    "outlier_visit_sigma": _outlier_visit_sigma,
    "matched_jumps": lambda v, band: (
        f"on the images where it jumps, {v:.1f} other sources on average jump by the same amount"
    ),
    "matched_jump_share": lambda v, band: (
        f"{100 * v:.0f} % of the sources that jump the same way on those images jump by the same amount"
    ),
    "image_offset_correlation": _split(
        0.5,
        "its epochs follow the other sources on the same images (r = {value:+.2f}): the images' zero points",
        "its epochs do not follow the other sources on the same images (r = {value:+.2f})",
    ),
    "auto_class": lambda v, band: (
        "AutoClass 2: variable in more than one filter"
        if v == 2
        else "AutoClass 1: variable in one filter only"
    ),
    "num_filters": lambda v, band: f"measured in {v:.0f} filter{'s' if v != 1 else ''}",
    "n_filters_flagged": lambda v, band: f"flagged variable in {v:.0f} filter{'s' if v != 1 else ''}",
    "same_image_outliers": lambda v, band: (
        f"{v:.0f} other source{'s' if v != 1 else ''} jump{'' if v != 1 else 's'} on the same image"
    ),
    "same_image_outlier_share": lambda v, band: (
        f"{100 * v:.0f} % of the other sources on that image jump there too"
    ),
}


def phrase(name: str, value: float, band: str) -> str:
    """Feature `name` at `value` in words (`band`: the lead filter the light-curve features describe)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"{name.replace('_', ' ')} unknown in {band}"
    text = PHRASES.get(name)
    return text(float(value), band) if text else f"{name.replace('_', ' ')} = {value:.3g}"


def top_reasons(
    *,
    feature_names: Sequence[str],
    values: np.ndarray,
    contributions: np.ndarray,
    p_artifact: float,
    band: str,
    top: int = TOP_REASONS,
) -> list[dict]:
    """The `top` features that pushed this prediction hardest towards its verdict, strongest first: each
    {"feature", "contribution" (log-odds of artifact), "text"}. `contributions` holds one entry per feature
    (the base score left out); features that pushed the other way are never reasons."""
    return reasons_of_rows(
        feature_names=feature_names,
        values=np.asarray(values, dtype=float)[None, :],
        contributions=np.asarray(contributions, dtype=float)[None, :],
        p_artifact=np.array([p_artifact]),
        bands=[band],
        top=top,
    )[0]


def reasons_of_rows(
    *,
    feature_names: Sequence[str],
    values: np.ndarray,
    contributions: np.ndarray,
    p_artifact: np.ndarray,
    bands: Sequence[str],
    top: int = TOP_REASONS,
) -> list[list[dict]]:
    """`top_reasons` of every row at once: `values` (rows x features), `contributions` (rows x features, a
    last base-score column allowed), one P(artifact) and one band per row. The choice of features is one
    numpy sort over all rows; only the chosen ones are put in words."""
    k = len(feature_names)
    towards = np.where(np.asarray(p_artifact, dtype=float) >= 0.5, 1.0, -1.0)
    contributions = np.asarray(contributions, dtype=float)[:, :k]
    pushes = towards[:, None] * contributions
    order = np.argsort(-pushes, axis=1, kind="stable")[:, :top]
    chosen_push = np.take_along_axis(pushes, order, axis=1)
    chosen_contribution = np.round(np.take_along_axis(contributions, order, axis=1), 4)
    chosen_value = np.take_along_axis(np.asarray(values, dtype=float), order, axis=1)
    return [
        [
            {
                "feature": feature_names[i],
                "contribution": float(contribution),
                "text": phrase(feature_names[i], float(value), band),
            }
            for i, push, contribution, value in zip(
                row_order.tolist(),
                row_push.tolist(),
                row_contribution.tolist(),
                row_value.tolist(),
                strict=True,
            )
            if push > 0
        ]
        for row_order, row_push, row_contribution, row_value, band in zip(
            order, chosen_push, chosen_contribution, chosen_value, bands, strict=True
        )
    ]

"""An ExpertClass model as one JSON document (both boosters as LightGBM's own text format, the calibrators'
knots as numbers): what Django storage keeps for each TriageModel.

Python writes floats with `repr`, which reads back to the same double, so a model read from its file predicts
exactly what it did before it was written. Pure json, numpy and LightGBM, no Django import.
"""

import json

import lightgbm
import numpy as np

from .calibration import IsotonicCalibrator
from .model import ArtifactModel, ExpertClassModel

FORMAT = "hcvvet-triage-model/1"


def model_dumps(model: ExpertClassModel) -> bytes:
    document = {
        "format": FORMAT,
        "artifact": _classifier(model.artifact),
        "high_confidence": _classifier(model.high_confidence),
    }
    return json.dumps(document, allow_nan=False).encode()


def model_loads(data: bytes) -> ExpertClassModel:
    """The model of `model_dumps`; ValueError for anything else."""
    document = json.loads(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"not a triage model file ({FORMAT})")
    return ExpertClassModel(
        artifact=_read_classifier(document["artifact"]),
        high_confidence=_read_classifier(document["high_confidence"]),
    )


def _classifier(model: ArtifactModel) -> dict:
    return {
        "booster": model.booster.model_to_string(),
        "calibrator": {
            "scores": model.calibrator.scores.tolist(),
            "probabilities": model.calibrator.probabilities.tolist(),
        },
        "feature_names": list(model.feature_names),
        "library_versions": model.library_versions,
    }


def _read_classifier(document: dict) -> ArtifactModel:
    calibrator = document["calibrator"]
    return ArtifactModel(
        booster=lightgbm.Booster(model_str=document["booster"]),
        calibrator=IsotonicCalibrator(
            scores=np.asarray(calibrator["scores"], dtype=float),
            probabilities=np.asarray(calibrator["probabilities"], dtype=float),
        ),
        feature_names=tuple(document["feature_names"]),
        library_versions=dict(document["library_versions"]),
    )

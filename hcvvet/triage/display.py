"""What of the model an expert sees beside a candidate, and the record of it saved with each label.

The campaign's `model_display` decides when the active model's prediction shows on its review page: never,
after the expert's vote (their own class in this campaign), or before it. Above the setting stands the blind
rule (README "Blind review"): while a blind campaign waits for the viewer's vote on a candidate
(`candidate_hidden`), a prediction that may rest on a class the viewer may not see is never shown. The
model learns from the catalogue's ExpertClass and hcvvet's decided classes (gold held out), so a candidate
with such a class the model may have read gets no prediction until the blind rule lets the viewer see its
classes; any other gets the model's guess, learned from other candidates only. The rule is one SQL condition
(`selectors.with_withheld`), asked for one prediction by the review page, its JSON, the shown-prediction
record (`prediction_shown`) and the triage API's per-candidate view, and for every row by its list.

What is left: whether a prediction is withheld says that the candidate has a class the model read (not
which); a model cross-fitted on candidate-independent folds would show every candidate a prediction that
never saw its class (see the README, "Triage in the loop").
"""

import math
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.errors import InvalidInput
from hcvvet.vetting.models import Campaign, Label, ModelDisplay

from .models import Prediction, Shown, ShownPrediction
from .selectors import candidate_prediction, may_rest_on_hidden_class, prediction_withheld

# Probabilities travel as JSON numbers (shortest round-trip form) both ways: equal up to rounding noise.
PROBABILITY_TOLERANCE = 1e-9
EXPERT_CLASS_ORDER = (1, 2, 4)


@dataclass(frozen=True)
class PredictionShown:
    """The prediction a viewer sees on a campaign's page for a candidate now (None: nothing), and why not
    when nothing shows."""

    prediction: Prediction | None
    withheld: str = ""

    @property
    def model_class(self) -> int | None:
        return None if self.prediction is None else model_class(self.prediction.probabilities)


def model_class(probabilities: dict[int, float]) -> int:
    """The class the model gives the highest probability (ties to the lower class number)."""
    return max(EXPERT_CLASS_ORDER, key=lambda c: (probabilities[c], -c))


def _voted(*, viewer: User, campaign: Campaign, candidate: Candidate) -> bool:
    return Label.objects.filter(
        campaign=campaign, candidate=candidate, expert=viewer, expert_class__isnull=False
    ).exists()


def prediction_shown(*, viewer: User, campaign: Campaign, candidate: Candidate) -> PredictionShown:
    """The prediction `viewer` sees of `candidate` on `campaign`'s review page now (module docstring)."""
    if campaign.model_display == ModelDisplay.NEVER:
        return PredictionShown(None, "this campaign does not show the model")
    if campaign.model_display == ModelDisplay.AFTER and not _voted(
        viewer=viewer, campaign=campaign, candidate=candidate
    ):
        return PredictionShown(None, "the model's prediction shows after your vote")
    prediction = candidate_prediction(candidate.pk)
    if prediction is None:
        return PredictionShown(None, "no model has predicted this candidate yet")
    if may_rest_on_hidden_class(candidate) and prediction_withheld(prediction, viewer):
        return PredictionShown(None, BLIND_WITHHELD)
    return PredictionShown(prediction)


BLIND_WITHHELD = "blind review: the model may have learned from a class you may not see before your vote"


def prediction_json(prediction: Prediction) -> dict[str, Any]:
    """A shown prediction as the review page's JSON carries it (and the browser sends back with a label)."""
    probabilities = prediction.probabilities
    return {
        "model": prediction.model_id,
        "probabilities": {str(c): probabilities[c] for c in EXPERT_CLASS_ORDER},
        "model_class": model_class(probabilities),
        "reasons": [reason.get("text", "") for reason in prediction.reasons[:3]],
        "suspicious_epoch": {
            "measurement_id": prediction.suspicious_measurement_id,
            "mjd": prediction.suspicious_mjd,
            "filter": prediction.suspicious_filter,
        },
    }


def _same_prediction(claimed: Any, prediction: Prediction) -> bool:
    """Whether what a client says it displayed (`{"model": id, "probabilities": {"1": p, "2": p, "4": p}}`)
    is `prediction`."""
    if not isinstance(claimed, dict) or claimed.get("model") != prediction.model_id:
        return False
    sent = claimed.get("probabilities")
    if not isinstance(sent, dict) or set(sent) != {str(c) for c in EXPERT_CLASS_ORDER}:
        return False
    for cls, expected in prediction.probabilities.items():
        value = sent[str(cls)]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return False
        if abs(value - expected) > PROBABILITY_TOLERANCE:
            return False
    return True


_MISSING = object()


@dataclass(frozen=True)
class ShownBeforeVote:
    """What the page showed before a vote, checked (`shown_check`): the record's `shown` and prediction."""

    shown: str
    prediction: Prediction | None


def shown_check(
    *, viewer: User, campaign: Campaign, candidate: Candidate, claimed: Any = _MISSING
) -> ShownBeforeVote:
    """Check what a client says it displayed before the vote (`claimed`: the prediction's JSON as the page
    got it, or None for nothing) against what the server shows now; InvalidInput on `shown` if they differ.
    `claimed` left out: the client did not say (recorded as unknown). Call it before the label is saved."""
    now = prediction_shown(viewer=viewer, campaign=campaign, candidate=candidate)
    if claimed is _MISSING:
        return ShownBeforeVote(Shown.UNKNOWN, now.prediction)
    if now.prediction is None:
        if claimed is not None:
            raise InvalidInput(
                f"shown: this page shows no prediction of candidate {candidate.pk} ({now.withheld})",
                field="shown",
            )
        return ShownBeforeVote(Shown.NONE, None)
    if claimed is None or not _same_prediction(claimed, now.prediction):
        raise InvalidInput(
            f"shown: the page shows model {now.prediction.model_id}'s prediction of candidate "
            f"{candidate.pk}, not what was sent; reload the candidate",
            field="shown",
        )
    return ShownBeforeVote(Shown.BEFORE, now.prediction)


def shown_record(*, label: Label, before: ShownBeforeVote) -> ShownPrediction:
    """Write (or rewrite) `label`'s shown-prediction record once it is saved: shown before the vote, else
    shown after it (the page shows it now the expert voted), else nothing shown, with the active model's
    prediction beside it for the anchoring report."""
    candidate, campaign, viewer = label.candidate, label.campaign, label.expert
    if label.expert_class is None:
        raise ValueError(f"label {label.pk} has no class: a shown-prediction record belongs to a vote")
    shown, prediction = before.shown, before.prediction
    if shown == Shown.NONE:
        after = prediction_shown(viewer=viewer, campaign=campaign, candidate=candidate)
        if after.prediction is not None:
            shown, prediction = Shown.AFTER, after.prediction
        else:
            prediction = candidate_prediction(candidate.pk)
    elif prediction is None:
        prediction = candidate_prediction(candidate.pk)
    probabilities = prediction.probabilities if prediction is not None else {}
    record, _ = ShownPrediction.objects.update_or_create(
        label=label,
        defaults={
            "display": campaign.model_display,
            "shown": shown,
            "model": prediction.model if prediction is not None else None,
            "model_version": prediction.model_id if prediction is not None else None,
            "p_high_confidence": probabilities.get(1),
            "p_probable": probabilities.get(2),
            "p_artifact": probabilities.get(4),
            "expert_class": label.expert_class,
            "recorded_at": timezone.now(),
        },
    )
    return record

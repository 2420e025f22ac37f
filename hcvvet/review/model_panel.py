"""The model's panel of the review page: the triage model's prediction as the campaign's `model_display`
and the blind rules let the viewer see it (`triage.display.prediction_shown`), with its most suspicious
epoch named by its place in the page's epochs, so one key selects it for rejection."""

from typing import Any

from hcvvet.accounts.models import User
from hcvvet.catalog.models import Candidate
from hcvvet.triage.display import prediction_json, prediction_shown
from hcvvet.vetting.models import Campaign


def model_panel(
    *, viewer: User, campaign: Campaign, candidate: Candidate, epochs: list[dict]
) -> dict[str, Any]:
    """{"display": the campaign's setting, "prediction": what the page shows (null: nothing), "withheld":
    why nothing shows}. The prediction's suspicious epoch gets `index`, its place in `epochs` (null when
    the page does not show that epoch, e.g. rejected or gone after a re-ingest)."""
    shown = prediction_shown(viewer=viewer, campaign=campaign, candidate=candidate)
    prediction = None
    if shown.prediction is not None:
        prediction = prediction_json(shown.prediction)
        wanted = prediction["suspicious_epoch"]["measurement_id"]
        prediction["suspicious_epoch"]["index"] = next(
            (i for i, epoch in enumerate(epochs) if wanted is not None and epoch["id"] == wanted), None
        )
    return {"display": campaign.model_display, "prediction": prediction, "withheld": shown.withheld}

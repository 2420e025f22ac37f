"""The triage feature table read from the catalogue in three queries, whatever the number of candidates; each
candidate's current prediction, and the blind rule of predictions as one SQL condition (`with_withheld`)."""

import numpy as np
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from numpy.typing import DTypeLike

from hcvvet.accounts.models import User
from hcvvet.catalog.models import LABEL_CLASSES, Candidate, FilterStat, Measurement
from hcvvet.vetting.models import Campaign, CampaignCandidate
from hcvvet.vetting.queues import campaign_candidates, is_campaign_expert
from hcvvet.vetting.visibility import hidden_candidates

from .features import light_curve_features
from .models import Prediction
from .table import FeatureTable, feature_table

_CHUNK_ROWS = 20_000
# argument name: (model field, numpy type); text as bytes (filter names and VarQualFlag are ASCII).
Fields = dict[str, tuple[str, DTypeLike]]


def _as_named(numpy_type: DTypeLike, *names: str) -> Fields:
    """Model fields read into arguments of their own names, all as `numpy_type`."""
    return {name: (name, numpy_type) for name in names}


# Measurements and filter rows both belong to one filter of one candidate: the key the features join them on.
_CANDIDATE_FILTER: Fields = {"candidate_id": ("candidate_id", np.int64), "filter_name": ("filter", "S16")}
_MEASUREMENT_FIELDS: Fields = {
    **_CANDIDATE_FILTER,
    **_as_named(float, "mjd", "corr_mag", "mag_err", "ci", "d"),
    "measurement_id": ("id", np.int64),
    "image": ("image_id", "S64"),
}
_FILTER_FIELDS: Fields = {
    **_CANDIDATE_FILTER,
    **_as_named(float, "mad", "mad_threshold", "chi2", "num_lc", "mean_corr_mag", "filter_det_flag"),
    "var_qual_flag": ("var_qual_flag", "S5"),
}
_CANDIDATE_FIELDS: Fields = {
    "match_id": ("match_id", np.int64),
    **_as_named(float, "auto_class", "num_filters"),
}


def candidate_feature_table(*, include_rejected: bool = False) -> FeatureTable:
    """Features of every candidate with a light curve (`triage/table.py`), from its light curve without the
    rejected epochs (expert rejections and flagged images) unless `include_rejected`."""
    measurements = Measurement.objects.filter(candidate__has_light_curve=True)
    if not include_rejected:
        measurements = measurements.filter(rejected=False)
    # in light-curve order (the index measurement_lc), which spares the features a sort
    points = _read(measurements.order_by("candidate_id", "filter", "mjd"), _MEASUREMENT_FIELDS)
    return feature_table(
        light_curves=light_curve_features(**points),
        filter_rows=_read(
            FilterStat.objects.filter(candidate__has_light_curve=True).order_by(), _FILTER_FIELDS
        ),
        candidates=_read(Candidate.objects.filter(has_light_curve=True).order_by(), _CANDIDATE_FIELDS),
    )


def _read(queryset: QuerySet, fields: Fields) -> dict[str, np.ndarray]:
    """One array per entry of `fields`, rows in the queryset's order (NULL numbers become NaN), read in one
    query streamed in chunks."""
    dtype = np.dtype([(name, numpy_type) for name, (_, numpy_type) in fields.items()])
    rows = queryset.values_list(*(field for field, _ in fields.values())).iterator(chunk_size=_CHUNK_ROWS)
    table = np.fromiter(rows, dtype=dtype)
    return {name: table[name] for name in fields}


def current_predictions() -> QuerySet[Prediction]:
    """Each candidate's current prediction, one row per predicted candidate: the active model's, else (until
    the active model's predictions are in) the one of the latest model that predicted it."""
    of_candidate = Prediction.objects.filter(candidate_id=OuterRef("candidate_id"))
    return Prediction.objects.filter(
        Q(model__is_active=True)
        | (
            ~Exists(of_candidate.filter(model__is_active=True))
            & ~Exists(of_candidate.filter(model_id__gt=OuterRef("model_id")))
        )
    )


def candidate_prediction(match_id: int) -> Prediction | None:
    """The candidate's current prediction (as `current_predictions` chooses it: the active model's, else the
    latest model's) with its model; None if none. One plain query: the review page asks it on every load."""
    of_candidate = Prediction.objects.filter(candidate_id=match_id).select_related("model")
    return of_candidate.order_by("-model__is_active", "-model_id").first()


def may_rest_on_hidden_class(candidate: Candidate) -> bool:
    """Whether a prediction of `candidate` can rest on a class blind review hides: only if the candidate has
    one, the catalogue's or hcvvet's (the first condition of `_may_rest_on_hidden_class`, read from the row
    in hand). False spares the review page the blind rule's query for most candidates."""
    return candidate.hcv_expert_class in LABEL_CLASSES or candidate.expert_class is not None


def _may_rest_on_hidden_class() -> Q:
    """Over predictions: whether the prediction's model may have learned from a class of its candidate that
    blind review hides: the catalogue's ExpertClass, or an hcvvet decision the model read (one decided by its
    `labels_through`; a decision without a decided item, a curator's edit, counts as read, since its time is
    not kept). Gold classes are never trained on, but they are such classes too, so they count alike."""
    decisions = CampaignCandidate.objects.filter(
        candidate_id=OuterRef("candidate_id"), is_gold=False, consensus_class__isnull=False
    )
    return Q(candidate__hcv_expert_class__in=LABEL_CLASSES) | (
        Q(candidate__expert_class__isnull=False)
        & (
            Q(model__labels_through__isnull=True)
            | ~Exists(decisions)
            | Exists(decisions.filter(decided_at__lte=OuterRef("model__labels_through")))
        )
    )


def _of_hidden(hidden: QuerySet) -> Q:
    """Over predictions: whether the candidate is among `hidden` (from `hidden_candidates`). Asked per row
    with the candidate's key: `candidate_id IN (hidden)` makes PostgreSQL estimate a scan of every candidate
    per query, costs that cross its JIT thresholds (seconds of compiling for a page of 50)."""
    return Q(Exists(hidden.filter(pk=OuterRef("candidate_id"))))


def _withheld(hidden: QuerySet | None) -> Case | Value:
    if hidden is None:
        return Value(False, output_field=BooleanField())
    return Case(
        # the cheap test first: PostgreSQL evaluates AND in order, and most candidates have no class
        When(_may_rest_on_hidden_class() & _of_hidden(hidden), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def with_withheld(predictions: QuerySet[Prediction], viewer: User) -> QuerySet[Prediction]:
    """`predictions`, each annotated with `withheld`: the blind rule of predictions (README "Blind review").
    While a blind campaign waits for `viewer`'s vote on the candidate (`hidden_candidates`), a prediction
    whose model may rest on a class of it that blind review hides is withheld: nothing of it shows but the
    candidate and that it is withheld, and every filter, ordering or count over the predictions must treat
    it as holding no value."""
    return predictions.annotate(withheld=_withheld(hidden_candidates(viewer)))


def prediction_withheld(prediction: Prediction, viewer: User) -> bool:
    """`with_withheld` for one prediction; withheld too if it is gone (a refresh replaced it meanwhile)."""
    hidden = hidden_candidates(viewer)
    if hidden is None:
        return False
    row = Prediction.objects.filter(pk=prediction.pk).annotate(withheld=_withheld(hidden))
    return row.values_list("withheld", flat=True).first() is not False


def _model_class() -> Case:
    """The prediction's class in SQL, as `display.model_class` gives it: the most probable, ties to the lower
    class number."""
    return Case(
        When(Q(p_high_confidence__gte=F("p_probable")) & Q(p_high_confidence__gte=F("p_artifact")), then=1),
        When(p_probable__gte=F("p_artifact"), then=2),
        default=4,
        output_field=IntegerField(),
    )


# What a viewer may filter and order predictions by (`predictions_seen`), NULL where withheld.
SEEN_VALUES = {
    "seen_model": (F("model_id"), BigIntegerField()),
    "seen_p_artifact": (F("p_artifact"), FloatField()),
    # the uncertainty-first score (`queue_order.scores`): largest where the model is least sure
    "seen_uncertainty": (F("p_artifact") * (Value(1.0) - F("p_artifact")), FloatField()),
    "seen_model_class": (_model_class(), IntegerField()),
}


def predictions_seen(viewer: User) -> QuerySet[Prediction]:
    """Every candidate's current prediction (`current_predictions`) with its model, as `viewer` may see it:
    annotated with `withheld` (`with_withheld`), with `SEEN_VALUES` as aliases (for filters and orderings,
    not read) that are NULL where it is withheld, so a filter or ordering on them answers for a withheld
    prediction as if it held no value."""
    predictions = with_withheld(current_predictions().select_related("model"), viewer)
    return predictions.alias(
        **{
            name: Case(When(withheld=True, then=Value(None)), default=value, output_field=field)
            for name, (value, field) in SEEN_VALUES.items()
        }
    )


def of_campaign(
    predictions: QuerySet[Prediction], *, campaign: Campaign, viewer: User
) -> QuerySet[Prediction]:
    """`predictions` of `campaign`'s candidates (its items, or its live selection). A selection may rest on
    the catalogue's ExpertClass, so which candidates a campaign holds can tell a class: a candidate hidden
    from `viewer` (`hidden_candidates`) counts only in the campaigns they label in, whose queues serve it to
    them anyway."""
    predictions = predictions.filter(candidate_id__in=campaign_candidates(campaign).order_by().values("pk"))
    hidden = None if is_campaign_expert(campaign, viewer) else hidden_candidates(viewer)
    return predictions if hidden is None else predictions.exclude(_of_hidden(hidden))

"""`manage.py triage features|train|predict|evaluate|activate|rollback`: the triage services from the command
line, in this process (the Celery tasks run the same services on the `triage` queue). As after the tasks'
predictions, the active model's new predictions re-rank the queues of the campaigns ordered by the model and
retire what their rule allows (`queue_order.queue_orders_refresh`)."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from hcvvet.triage.models import TriageModel
from hcvvet.triage.queue_order import queue_orders_refresh
from hcvvet.triage.services import (
    TriageError,
    active_model,
    features_refresh,
    model_activate,
    model_evaluate,
    model_rollback,
    model_train,
    predictions_refresh,
)


class Command(BaseCommand):
    help = "Triage: compute features, train a model, predict every candidate, evaluate a model."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("features", help="compute and store every candidate's features")
        train = actions.add_parser("train", help="train a new model version (gold candidates held out)")
        train.add_argument("--activate", action="store_true", help="activate it and predict every candidate")
        predict = actions.add_parser("predict", help="predict every candidate with a model")
        predict.add_argument("--model", type=int, help="model id (default: the active model)")
        evaluate = actions.add_parser("evaluate", help="recompute a model's metrics from the data")
        evaluate.add_argument("--model", type=int, help="model id (default: the active model)")
        activate = actions.add_parser("activate", help="make a model the one that serves predictions")
        activate.add_argument("model", type=int)
        actions.add_parser("rollback", help="activate again the model active before the current one")

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except TriageError as error:
            raise CommandError(error.message) from error

    def _features(self, **options) -> None:
        t0 = time.perf_counter()
        table = features_refresh()
        self.stdout.write(
            f"features (version {table.version}) of {table.match_id.size:,} candidates stored in "
            f"{time.perf_counter() - t0:.1f} s"
        )

    def _train(self, *, activate: bool, **options) -> None:
        table = features_refresh()
        model = model_train(table=table, reason="manage.py triage train")
        self.stdout.write(
            f"model {model.pk} trained in {model.train_seconds:.1f} s on {json.dumps(model.label_counts)}: "
            f"ROC AUC {model.roc_auc}, Brier {model.brier:.4f}, "
            f"calibration error {model.calibration_error:.4f}"
        )
        if activate:
            model = model_activate(model=model, user=None)
            count = predictions_refresh(model=model, table=table)
            self.stdout.write(f"model {model.pk} active; {count:,} candidates predicted")
            self._reorder(model)

    def _predict(self, *, model: int | None, **options) -> None:
        chosen = self._model(model)
        t0 = time.perf_counter()
        count = predictions_refresh(model=chosen)
        self.stdout.write(
            f"{count:,} candidates predicted by model {chosen.pk} in {time.perf_counter() - t0:.1f} s"
        )
        self._reorder(chosen)

    def _reorder(self, model: TriageModel) -> None:
        """Re-rank and retire in the model-ordered campaigns by `model`'s predictions, if it is active."""
        if not model.is_active:
            self.stdout.write(f"model {model.pk} is not active: no queue re-ranked")
            return
        reordered = queue_orders_refresh(model)
        ranked = sum(done.ranked for done in reordered.values())
        retired = sum(done.retired for done in reordered.values())
        self.stdout.write(
            f"queues of {len(reordered)} model-ordered campaigns re-ranked ({ranked:,} candidates ranked, "
            f"{retired:,} retired)"
        )

    def _evaluate(self, *, model: int | None, **options) -> None:
        self.stdout.write(json.dumps(model_evaluate(self._model(model)), indent=1))

    def _activate(self, *, model: int, **options) -> None:
        chosen = model_activate(model=self._model(model), user=None)
        self.stdout.write(f"model {chosen.pk} active; run `manage.py triage predict` to refresh predictions")

    def _rollback(self, **options) -> None:
        chosen = model_rollback(user=None)
        self.stdout.write(f"model {chosen.pk} active again; run `manage.py triage predict`")

    @staticmethod
    def _model(model_id: int | None) -> TriageModel:
        chosen = active_model() if model_id is None else TriageModel.objects.filter(pk=model_id).first()
        if chosen is None:
            raise CommandError(
                "no such model" if model_id is not None else "no model is active: pass --model"
            )
        return chosen

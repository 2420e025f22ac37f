"""A curator's edit of a candidate's classes (the catalogue's ExpertClass, hcvvet's outcome), with its event.

The admin's candidate form saves the classes only through `candidate_classes_edit`, so every change of them is
in the history with its actor, like every other decision.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.models import LABEL_CLASSES, Candidate, ExpertClass
from hcvvet.catalog.versioning import CATALOG, LABELS, data_version_bump

from .errors import InvalidInput, NotAllowed
from .models import EventKind, LabelEvent

CLASS_FIELDS = ("hcv_expert_class", "expert_class")
_ALLOWED: dict[str, set[Any]] = {
    "hcv_expert_class": set(ExpertClass.values),
    "expert_class": {None, *(int(c) for c in LABEL_CLASSES)},
}


def candidate_classes_edit(*, candidate: Candidate, user: User, **classes: int | None) -> LabelEvent | None:
    """Set any of `CLASS_FIELDS` of `candidate` and append a CLASS_EDIT event naming `user` (a curator) with
    the values before and after; None, and nothing written, when nothing changes."""
    if not (user.is_authenticated and user.is_curator):
        raise NotAllowed("only curators edit a candidate's classes")
    for name, value in classes.items():
        if name not in _ALLOWED:
            raise InvalidInput(f"{name} is not a class of a candidate", field=name)
        if value not in _ALLOWED[name] or isinstance(value, bool):
            raise InvalidInput(f"{name} must be one of {sorted(_ALLOWED[name], key=str)}", field=name)
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        before = {name: getattr(locked, name) for name in classes}
        after = dict(classes)
        if before == after:
            return None
        Candidate.objects.filter(pk=locked.pk).update(**after, updated_at=timezone.now())
        event = LabelEvent.objects.create(
            kind=EventKind.CLASS_EDIT, actor=user, candidate_id=locked.pk, before=before, after=after
        )
        # CATALOG before LABELS (the order `hcvvet.catalog.versioning` asks of transactions moving both)
        data_version_bump(CATALOG)
        data_version_bump(LABELS)
    for name, value in after.items():
        setattr(candidate, name, value)
    return event

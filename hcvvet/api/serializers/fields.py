"""Fields every resource's serializers share: rows named by integer keys, the label classes."""

from rest_framework import serializers

from hcvvet.catalog.models import LABEL_CLASSES

LABEL_CLASS_CHOICES = [(int(c), c.label) for c in LABEL_CLASSES]
MAX_ID = 2**63 - 1


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A row named by its integer key; values beyond 64 bits are "does not exist", not a database error."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 <= number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)

import pytest

from .db import clear_catalogue, load_table
from .synthetic import real_count_table


@pytest.fixture(scope="module")
def real_counts(django_db_setup, django_db_blocker):
    """The real HCV validation counts (13,533 objects, 31,258 rows) in the catalogue, loaded once per module
    and committed; tests that use it must not write to the catalogue."""
    with django_db_blocker.unblock():
        load_table(real_count_table())
        yield real_count_table()
        clear_catalogue()

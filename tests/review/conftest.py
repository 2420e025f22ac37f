"""Review page tests start and end with an empty cache: the page caches its group context and statistics."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()

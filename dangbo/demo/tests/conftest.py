import datetime as dt

import pytest
from django.db import transaction

from dangbo.core.testing import reference_rows
from dangbo.demo.generator import generate

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def district(django_db_setup, django_db_blocker):
    """One full Tây Sơn build per test module, rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        reference_rows()
        stats = generate(size="district", seed=2023, as_of=AS_OF)
        yield stats
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """Tests that generate from an empty database need the reference rows a transactional test may have flushed."""
    if request.node.get_closest_marker("django_db") and "district" not in request.fixturenames:
        request.getfixturevalue("db")
        reference_rows()

"""The big tables carry one index per access path: a query by org still finds a leading index, and no second
index on the same leading column slows every load (``0003_drop_unused_indexes``)."""

import pytest
from django.db import connection

from dangbo.members.models import LifecycleEvent, Member, Registration
from dangbo.orgs.models import OrgPlacement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Member, LifecycleEvent, Registration, OrgPlacement])
def test_exactly_one_index_leads_with_org(model):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    leading = sorted(name for name, c in constraints.items()
                     if c["index"] and not c["primary_key"] and c["columns"][:1] == ["org_id"])
    assert len(leading) == 1, leading
    assert len(constraints[leading[0]]["columns"]) > 1  # the composite stayed, the single-column one went


def test_no_index_on_the_search_text_searched_only_with_contains():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Member._meta.db_table)
    assert not [name for name, c in constraints.items() if "search_text" in c["columns"]]

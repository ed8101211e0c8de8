"""The big tables carry one index per access path: a query by org still finds a leading index, and no second
index on the same leading column slows every load (``0003_drop_unused_indexes``)."""

import pytest
from django.db import connection

from dangbo.members.models import LifecycleEvent, Member, Registration
from dangbo.members.selectors import member_list
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


def test_no_index_on_the_search_text_column_itself():
    # A B-tree on the column cannot serve a pattern that may start mid-text; PostgreSQL's trigram index is on the
    # expression the lookup compares (below), not on the column.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Member._meta.db_table)
    assert not [name for name, c in constraints.items() if "search_text" in c["columns"]]


TRIGRAM_INDEX = "members_member_search_trgm"


def _index_names():
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Member._meta.db_table))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_on_sqlite_members_0006_adds_no_index():
    assert TRIGRAM_INDEX not in _index_names()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgres_the_search_uses_the_trigram_index(tree, admin):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [TRIGRAM_INDEX])
        (indexdef,) = cursor.fetchone()
    assert "gin" in indexdef and "gin_trgm_ops" in indexdef
    tree.member("Nguyễn Văn An")
    tree.member("Trần Văn Bình")
    with connection.cursor() as cursor:
        # A test database is too small for the planner to prefer any index on its own; with sequential and plain
        # index scans off, only a bitmap scan of an index matching the LIKE's very expression is left. A mismatch
        # (the lookup's SQL changed, the index's did not) falls back to the disabled sequential scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = member_list(user=admin, q="nguyen van an").explain()
    assert f"Bitmap Index Scan on {TRIGRAM_INDEX}" in plan, plan
    assert [m.full_name for m in member_list(user=admin, q="nguyen van an")] == ["Nguyễn Văn An"]

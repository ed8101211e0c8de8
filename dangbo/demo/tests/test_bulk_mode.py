"""``sqlite_bulk_mode`` (the national build's loading mode): the indexes and the triggers of the bulk tables are
gone while it loads — a trigger left in place looked members up by a dropped index, one scan of every registration
per row inserted — and all of them are back, the same, afterwards."""

import pytest
from django.db import connection

from dangbo.demo.writer import BULK_TABLES, sqlite_bulk_mode

pytestmark = pytest.mark.django_db(transaction=True)


def schema() -> set[tuple[str, str, str]]:
    marks = ", ".join("?" * len(BULK_TABLES))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "  # noqa: S608
                       f"AND sql IS NOT NULL AND tbl_name IN ({marks})", BULK_TABLES)
        return set(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own loading mode; PostgreSQL loads by COPY")
def test_indexes_and_triggers_are_dropped_then_restored():
    pragmas = ("journal_mode", "synchronous", "foreign_keys")
    with connection.cursor() as cursor:
        settings = [cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas]
    before = schema()
    assert {kind for kind, _, _ in before} == {"index", "trigger"}  # the YearTally triggers are among them
    with sqlite_bulk_mode():
        assert schema() == set()
    assert schema() == before
    # the journal as it was: an in-memory database left without one could not roll a later test back
    with connection.cursor() as cursor:
        assert [cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas] == settings

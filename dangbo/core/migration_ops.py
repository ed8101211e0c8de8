"""Operations migrations share."""

from django.db import migrations


def drop_index(name: str) -> migrations.RunSQL:
    """Drop an index by name on any backend, leaving the table alone: SQLite would otherwise copy a whole table
    (millions of rows) to alter a field whose only change is losing its index."""
    return migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', reverse_sql=migrations.RunSQL.noop)

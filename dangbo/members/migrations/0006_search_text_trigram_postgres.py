"""A trigram GIN index for member search, on PostgreSQL only.

``search_text__words`` is ``(' ' || search_text) LIKE '% nguyen% van% an%'``. PostgreSQL cannot estimate that
LIKE on an expression it keeps no statistics for, guesses a handful of rows and reads the whole member table
(2,6 GB on the national copy, ≈ 1,7 s) before sorting. A ``pg_trgm`` GIN index on the very same expression
serves the LIKE, and its statistics (ANALYZE gathers them for an expression index) let the planner choose
between it and the sort_key walk. See docs/data-model.md, "Searching members".

Not ``Meta.indexes``: SQLite has no trigram index (it would fail there, and a B-tree on the expression would be
useless: the pattern may start mid-text). SQLite keeps walking the sort_key index, so this does nothing there.
``pg_trgm`` is a trusted extension since PostgreSQL 13: a database owner without superuser may create it
(docs/deploy.md).
"""

from django.db import migrations

INDEX = "members_member_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The expression must be the lookup's own text (members.models.WordPrefixes) or the planner ignores it.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_member USING gin ((' ' || search_text) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other databases' objects or a DBA's may use it.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_readmission_age_approvals'),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]

"""A ``varchar_pattern_ops`` index on ``OrgPlacement.path``, on PostgreSQL only.

Every count over "the subtree of an org as it stood on a day" (``subtree_org_ids_on``, ``child_of_on``: the
targets dashboard, the sơ kết reports, the indicators) filters placements with ``path LIKE '000Z%'``. PostgreSQL
serves a LIKE prefix from a B-tree only when the index compares bytes: the database's collation does (C), the
usual ``C.UTF-8``/``vi_VN.UTF-8`` do not, so the ``(path, valid_from)`` index was never used for it and each of
those counts read all 295.748 placements of the national copy (≈ 95 ms each, 40 of them on a province's
dashboard). ``Org.path`` has this index already (Django adds ``…_like`` to an indexed CharField); a placement's
path only has the composite ``Meta.indexes`` one.

Not ``Meta.indexes`` with ``opclasses``: SQLite would get a second plain index on ``path`` that its own LIKE
(``case_sensitive_like``) already serves from the composite one.
"""

from django.db import migrations

INDEX = "orgs_orgplacement_path_like"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON orgs_orgplacement (path varchar_pattern_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_drop_unused_indexes'),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]

"""Recompute ``Member.sort_key``: the collation key now ends a text before a following word (issue 7, point
10), so for the same tên the shorter họ và tên đệm sorts first (Lê Anh before Lê Đức Anh)."""

from django.db import migrations

from dangbo.core.text import name_sort_key

BATCH = 2000


def recompute(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    rows = Member.objects.order_by("pk").values_list("pk", "full_name", "sort_key")
    changed = []
    for pk, full_name, old in rows.iterator(chunk_size=BATCH):
        key = name_sort_key(full_name)
        if key != old:
            changed.append(Member(pk=pk, sort_key=key))
        if len(changed) >= BATCH:
            Member.objects.bulk_update(changed, ["sort_key"])
            changed = []
    Member.objects.bulk_update(changed, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [("members", "0003_drop_unused_indexes")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]

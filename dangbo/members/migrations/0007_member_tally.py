"""The member tally and the triggers that keep it (the pattern of ``reviews/0004_rating_tally``): every insert,
delete, and change of a counted column of a member moves one count, in the same transaction, whatever wrote it.
Members without an org are not counted. Existing members are counted once.
"""

import django.db.models.deletion
from django.db import migrations, models


KEY = ("org_id", "status", "is_exempt")  # the columns of member_tally_key
OLD_MATCHES = " AND ".join(f"{c} = OLD.{c}" for c in KEY)
CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in KEY)  # SQLite; PostgreSQL spells it IS DISTINCT FROM
# INSERT … SELECT … WHERE: a member without an org counts nowhere (and a NULL would never meet the upsert target).
ADD = (f"INSERT INTO members_membertally ({', '.join(KEY)}, n) SELECT {', '.join('NEW.' + c for c in KEY)}, 1 "
       f"WHERE NEW.org_id IS NOT NULL "
       f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = members_membertally.n + 1;")
REMOVE = (f"UPDATE members_membertally SET n = n - 1 WHERE {OLD_MATCHES}; "
          f"DELETE FROM members_membertally WHERE {OLD_MATCHES} AND n <= 0;")

SQLITE = [
    f"CREATE TRIGGER members_tally_insert AFTER INSERT ON members_member BEGIN {ADD} END",
    f"CREATE TRIGGER members_tally_delete AFTER DELETE ON members_member BEGIN {REMOVE} END",
    f"CREATE TRIGGER members_tally_update AFTER UPDATE OF {', '.join(KEY)} ON members_member "
    f"WHEN {CHANGED} BEGIN {REMOVE} {ADD} END",
]
POSTGRES = [
    f"""CREATE FUNCTION members_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN {REMOVE} END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN {ADD} END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER members_tally_insert AFTER INSERT ON members_member "
    "FOR EACH ROW EXECUTE FUNCTION members_tally()",
    "CREATE TRIGGER members_tally_delete AFTER DELETE ON members_member "
    "FOR EACH ROW EXECUTE FUNCTION members_tally()",
    f"CREATE TRIGGER members_tally_update AFTER UPDATE OF {', '.join(KEY)} ON members_member "
    f"FOR EACH ROW WHEN ({CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) EXECUTE FUNCTION members_tally()",
]
# Also what a bulk load that dropped the triggers runs afterwards (demo.writer.recount_member_tally).
BACKFILL = (f"INSERT INTO members_membertally ({', '.join(KEY)}, n) "
            f"SELECT {', '.join(KEY)}, COUNT(*) FROM members_member WHERE org_id IS NOT NULL GROUP BY {', '.join(KEY)}")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"members_membertally: no triggers written for {vendor}")
    schema_editor.execute(BACKFILL)
    for sql in SQLITE if vendor == "sqlite" else POSTGRES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for name in ("members_tally_insert", "members_tally_delete", "members_tally_update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}"
                              + (" ON members_member" if schema_editor.connection.vendor == "postgresql" else ""))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS members_tally()")


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_search_text_trigram_postgres'),
        ('orgs', '0003_drop_unused_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='MemberTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('probationary', 'Dự bị'), ('official', 'Chính thức'), ('transferred_out', 'Đã chuyển sinh hoạt đi'), ('struck_off', 'Đã xóa tên'), ('dismissed', 'Đã cho ra khỏi Đảng'), ('expelled', 'Đã khai trừ'), ('deceased', 'Đã từ trần')], max_length=16)),
                ('is_exempt', models.BooleanField()),
                ('n', models.PositiveIntegerField()),
                ('org', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.org')),
            ],
            options={
                'verbose_name': 'số đảng viên theo tổ chức và trạng thái',
                'indexes': [models.Index(fields=['org', 'status', 'is_exempt', 'n'], name='member_tally_read')],
                'constraints': [models.UniqueConstraint(fields=('org', 'status', 'is_exempt'), name='member_tally_key')],
            },
        ),
        migrations.RunPython(create, drop),
    ]

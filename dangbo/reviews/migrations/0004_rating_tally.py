"""The rating tally and the triggers that keep it: every insert, delete, and change of a counted column of an
assessment moves one count, in the same transaction, whatever wrote it. Existing assessments are counted once.
"""

import django.db.models.deletion
from django.db import migrations, models


KEY = ("year", "subject", "exclusion", "final_level", "org_id")  # the columns of rating_tally_key
OLD_MATCHES = " AND ".join(f"{c} = OLD.{c}" for c in KEY)
CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in KEY)  # SQLite; PostgreSQL spells it IS DISTINCT FROM
ADD = (f"INSERT INTO reviews_ratingtally ({', '.join(KEY)}, n) VALUES ({', '.join('NEW.' + c for c in KEY)}, 1) "
       f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = reviews_ratingtally.n + 1;")
REMOVE = (f"UPDATE reviews_ratingtally SET n = n - 1 WHERE {OLD_MATCHES}; "
          f"DELETE FROM reviews_ratingtally WHERE {OLD_MATCHES} AND n <= 0;")

SQLITE = [
    f"CREATE TRIGGER reviews_tally_insert AFTER INSERT ON reviews_assessment BEGIN {ADD} END",
    f"CREATE TRIGGER reviews_tally_delete AFTER DELETE ON reviews_assessment BEGIN {REMOVE} END",
    f"CREATE TRIGGER reviews_tally_update AFTER UPDATE OF {', '.join(KEY)} ON reviews_assessment "
    f"WHEN {CHANGED} BEGIN {REMOVE} {ADD} END",
]
POSTGRES = [
    f"""CREATE FUNCTION reviews_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN {REMOVE} END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN {ADD} END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER reviews_tally_insert AFTER INSERT ON reviews_assessment "
    "FOR EACH ROW EXECUTE FUNCTION reviews_tally()",
    "CREATE TRIGGER reviews_tally_delete AFTER DELETE ON reviews_assessment "
    "FOR EACH ROW EXECUTE FUNCTION reviews_tally()",
    f"CREATE TRIGGER reviews_tally_update AFTER UPDATE OF {', '.join(KEY)} ON reviews_assessment "
    f"FOR EACH ROW WHEN ({CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) EXECUTE FUNCTION reviews_tally()",
]
BACKFILL = (f"INSERT INTO reviews_ratingtally ({', '.join(KEY)}, n) "
            f"SELECT {', '.join(KEY)}, COUNT(*) FROM reviews_assessment GROUP BY {', '.join(KEY)}")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"reviews_ratingtally: no triggers written for {vendor}")
    schema_editor.execute(BACKFILL)
    for sql in SQLITE if vendor == "sqlite" else POSTGRES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for name in ("reviews_tally_insert", "reviews_tally_delete", "reviews_tally_update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}"
                              + (" ON reviews_assessment" if schema_editor.connection.vendor == "postgresql" else ""))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS reviews_tally()")


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_drop_unused_indexes'),
        ('reviews', '0003_assessment_stats_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='RatingTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('subject', models.CharField(choices=[('member', 'Đảng viên'), ('org', 'Tổ chức đảng')], max_length=10)),
                ('exclusion', models.CharField(blank=True, max_length=12)),
                ('final_level', models.CharField(blank=True, max_length=16)),
                ('n', models.PositiveIntegerField()),
            ],
            options={
                'verbose_name': 'số phiếu theo đơn vị và mức',
            },
        ),
        migrations.RemoveIndex(
            model_name='assessment',
            name='assessment_stats_idx',
        ),
        migrations.AddField(
            model_name='ratingtally',
            name='org',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.org'),
        ),
        migrations.AddIndex(
            model_name='ratingtally',
            index=models.Index(fields=['year', 'subject', 'exclusion', 'final_level', 'org', 'n'], name='rating_tally_read'),
        ),
        migrations.AddConstraint(
            model_name='ratingtally',
            constraint=models.UniqueConstraint(fields=('year', 'subject', 'exclusion', 'final_level', 'org'), name='rating_tally_key'),
        ),
        migrations.RunPython(create, drop),
    ]

"""Drop indexes that answer no query: the single-column index Django gives a foreign key where a composite index
already leads with the same column, and the one on ``search_text``, which is only ever searched with
LIKE '%…%'. Each cost time on every insert and in the national load.

Only the index goes (``SeparateDatabaseAndState``), see ``drop_index``.
"""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.migration_ops import drop_index as drop


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_initial'),
        ('orgs', '0003_drop_unused_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                drop("members_lifecycleevent_org_id_6eb98b25"),
                drop("members_member_org_id_b6aaec52"),
                drop("members_registration_org_id_f14f265d"),
                drop("members_member_search_text_c9665567"),
                drop("members_member_search_text_c9665567_like"),  # PostgreSQL's varchar_pattern_ops twin
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='lifecycleevent',
                    name='org',
                    field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='member_events', to='orgs.org', verbose_name='tổ chức'),
                ),
                migrations.AlterField(
                    model_name='member',
                    name='org',
                    field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='orgs.org', verbose_name='chi bộ sinh hoạt'),
                ),
                migrations.AlterField(
                    model_name='registration',
                    name='org',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='registrations', to='orgs.org'),
                ),
                migrations.AlterField(
                    model_name='member',
                    name='search_text',
                    field=models.CharField(editable=False, max_length=400),
                ),
            ],
        ),
    ]

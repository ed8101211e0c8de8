"""Drop the single-column index Django gives a foreign key where a composite index already leads with the same
column: it answers no query the composite does not, and costs time on every insert and in the national load.

Only the index goes (``SeparateDatabaseAndState``), see ``drop_index``.
"""

import django.db.models.deletion
from django.db import migrations, models

from dangbo.core.migration_ops import drop_index as drop


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0002_reference_data'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[drop("orgs_orgplacement_org_id_16693276")],
            state_operations=[
                migrations.AlterField(
                    model_name='orgplacement',
                    name='org',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='placements', to='orgs.org'),
                ),
            ],
        ),
    ]

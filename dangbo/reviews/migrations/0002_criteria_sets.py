from django.db import migrations


def load(apps, schema_editor):
    from dangbo.reviews import reference

    reference.load(apps)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""A lapse becomes a period: `end_date` (the last day of use), the same as `date` for every
lapse written down before, which were all of one day."""

from django.db import migrations, models


def one_day_each(apps, schema_editor):  # type: ignore[no-untyped-def]
    Lapse = apps.get_model("sobriety", "Lapse")
    Lapse.objects.update(end_date=models.F("date"))


class Migration(migrations.Migration):
    dependencies = [
        ("sobriety", "0003_remove_lapse_plan_from_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="lapse",
            name="end_date",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(one_day_each, migrations.RunPython.noop),
    ]

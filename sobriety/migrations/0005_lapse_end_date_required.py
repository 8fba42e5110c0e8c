"""Every lapse has its last day now (0004 filled it in); in a migration of its own, as
PostgreSQL refuses to change a table in the transaction that just updated its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sobriety", "0004_lapse_end_date"),
    ]

    operations = [
        migrations.AlterField(
            model_name="lapse",
            name="end_date",
            field=models.DateField(),
        ),
        migrations.AddConstraint(
            model_name="lapse",
            constraint=models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("date")),
                name="lapse_ends_after_it_starts",
            ),
        ),
    ]

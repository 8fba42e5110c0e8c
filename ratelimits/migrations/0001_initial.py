from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Counter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=120, unique=True)),
                ("count", models.PositiveIntegerField()),
                (
                    "window_ends",
                    models.BigIntegerField(db_index=True, help_text="Unix time, in seconds."),
                ),
            ],
        ),
    ]

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0006_textcoding"),
    ]

    operations = [
        migrations.CreateModel(
            name="Quote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("question", models.CharField(max_length=100, verbose_name="Frage")),
                ("category", models.CharField(max_length=100, verbose_name="Kategorie")),
                ("chosen_by", models.CharField(max_length=150, verbose_name="gewählt von")),
                (
                    "chosen_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="gewählt am"
                    ),
                ),
                (
                    "released_by",
                    models.CharField(
                        blank=True, default="", max_length=150, verbose_name="freigegeben von"
                    ),
                ),
                (
                    "released_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="freigegeben am"),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quotes",
                        to="store.response",
                    ),
                ),
            ],
            options={
                "verbose_name": "Zitat",
                "verbose_name_plural": "Zitate",
                "ordering": ["question", "category", "chosen_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("response", "question"), name="one_quote_per_text"
                    )
                ],
            },
        ),
    ]

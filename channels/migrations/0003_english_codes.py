"""Vocabulary in English: feedback kinds and channels get the codes of ``kennisbank.vocabulary``; the taxonomy
generation counter becomes the taxonomy *version* (same table, ``kb_channels_taxonomygeneration``).

Data: ``nuttig``/``fout``/``verouderd`` → ``helpful``/``error``/``outdated``; channel ``app`` → ``api`` (the query
log already wrote ``api`` for the app). Reversible.
"""

from django.db import migrations, models

KIND = {"nuttig": "helpful", "fout": "error", "verouderd": "outdated"}
CHANNEL = {"app": "api"}


def _rename(apps, schema_editor, *, reverse: bool) -> None:
    Feedback = apps.get_model("kb_channels", "Feedback")
    db = schema_editor.connection.alias
    for field, mapping in (("kind", KIND), ("channel", CHANNEL)):
        pairs = {v: k for k, v in mapping.items()} if reverse else mapping
        if reverse and field == "channel":
            continue  # "api" was already a channel code before: nothing to undo safely
        for old, new in pairs.items():
            Feedback.objects.using(db).filter(**{field: old}).update(**{field: new})


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, reverse=False)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [
        ("kb_channels", "0002_taxonomy_generation"),
    ]

    operations = [
        # Keep the table: name it explicitly first, so the rename below changes the model state only.
        migrations.AlterModelTable(name="taxonomygeneration", table="kb_channels_taxonomygeneration"),
        migrations.RenameModel(old_name="TaxonomyGeneration", new_name="TaxonomyVersion"),
        migrations.AlterModelOptions(
            name="taxonomyversion",
            options={"verbose_name": "versie van de taxonomie", "verbose_name_plural": "versies van de taxonomie"},
        ),
        migrations.AlterField(
            model_name="feedback",
            name="channel",
            field=models.CharField(choices=[("website", "Website"), ("api", "API en app"),
                                            ("operator", "Telefonisch onthaal")],
                                   default="website", max_length=20, verbose_name="kanaal"),
        ),
        migrations.AlterField(
            model_name="feedback",
            name="kind",
            field=models.CharField(choices=[("helpful", "Nuttig of niet (website)"), ("error", "Fout in de inhoud"),
                                            ("outdated", "Verouderde inhoud")],
                                   db_index=True, default="helpful", max_length=20, verbose_name="soort"),
        ),
        migrations.RunPython(forwards, backwards),
    ]

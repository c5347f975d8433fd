"""QueryLog.scope: choices from kennisbank.vocabulary.Scope."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kb_search', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='querylog',
            name='scope',
            field=models.CharField(choices=[('public', 'Publiek'), ('operator', 'Medewerkers en onthaal'), ('editor', 'Redactie')], max_length=20, verbose_name='bereik'),
        ),
    ]

"""ContentGap: choices for the channel (kennisbank.vocabulary.Channel); the insight permission moved to kb_insight."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kb_phone', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='contentgap',
            options={'ordering': ['-created_at'], 'verbose_name': 'ontbrekende inhoud', 'verbose_name_plural': 'ontbrekende inhoud'},
        ),
        migrations.AlterField(
            model_name='contentgap',
            name='channel',
            field=models.CharField(choices=[('website', 'Website'), ('api', 'API en app'), ('operator', 'Telefonisch onthaal')], db_index=True, default='operator', max_length=20, verbose_name='kanaal'),
        ),
    ]

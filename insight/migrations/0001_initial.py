"""The insight app's permission holder (no table)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='InsightAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': 'toegang tot inzicht',
                'verbose_name_plural': 'toegang tot inzicht',
                'permissions': [('view_insight', 'Kan het inzichtendashboard bekijken')],
                'managed': False,
                'default_permissions': (),
            },
        ),
    ]

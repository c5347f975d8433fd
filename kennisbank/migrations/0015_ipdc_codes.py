"""IPDC codes: ``ProductPage.product_type``, ``Theme.ipdc_theme`` and the section kinds ``financial_advantage`` and
``legal``. Data, in pages and their revisions: forwards, a section of kind ``other`` headed "Regelgeving" or
"Financieel voordeel" gets the new kind (the importers' heading rule); backwards, the new kinds become ``other``
with their heading kept (the standard heading when it had none). Reversible without loss.
"""

import json

import wagtail.fields
from django.db import migrations, models

NEW_KINDS = {"legal": "Regelgeving", "financial_advantage": "Financieel voordeel"}
CONTENT_MODELS = ("contentpage", "productpage", "fichepage")


def _heading_key(heading):
    return " ".join((heading or "").casefold().rstrip("?: ").split())


def _rewrite(raw, *, reverse):
    """(changed, new value) for one stored stream; the value keeps its stored type (JSON text or list)."""
    blocks = json.loads(raw) if isinstance(raw, str) and raw else raw
    if not isinstance(blocks, list):
        return False, raw
    by_heading = {_heading_key(h): kind for kind, h in NEW_KINDS.items()}
    changed = False
    for block in blocks:
        value = block.get("value") if isinstance(block, dict) else None
        if not isinstance(value, dict):
            continue
        if reverse and value.get("kind") in NEW_KINDS:
            value["heading"] = value.get("heading") or NEW_KINDS[value["kind"]]
            value["kind"] = "other"
            changed = True
        elif not reverse and value.get("kind") == "other" and _heading_key(value.get("heading")) in by_heading:
            value["kind"] = by_heading[_heading_key(value.get("heading"))]
            changed = True
    if not changed:
        return False, raw
    return True, json.dumps(blocks) if isinstance(raw, str) else blocks


def _convert(apps, schema_editor, *, reverse):
    db = schema_editor.connection.alias
    ContentPage = apps.get_model("kennisbank", "ContentPage")
    for page in ContentPage.objects.using(db).only("pk", "body").iterator():
        changed, value = _rewrite(json.loads(json.dumps(list(page.body.raw_data))), reverse=reverse)
        if changed:
            ContentPage.objects.using(db).filter(pk=page.pk).update(body=value)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    type_ids = list(ContentType.objects.using(db).filter(app_label="kennisbank", model__in=CONTENT_MODELS)
                    .values_list("pk", flat=True))
    for revision in Revision.objects.using(db).filter(content_type_id__in=type_ids).iterator():
        content = revision.content
        if isinstance(content, dict) and "body" in content:
            changed, value = _rewrite(content["body"], reverse=reverse)
            if changed:
                content["body"] = value
                Revision.objects.using(db).filter(pk=revision.pk).update(content=content)


def forwards(apps, schema_editor):
    _convert(apps, schema_editor, reverse=False)


def backwards(apps, schema_editor):
    _convert(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):

    dependencies = [
        ('kennisbank', '0014_team_directory'),
    ]

    operations = [
        migrations.AddField(
            model_name='productpage',
            name='product_type',
            field=models.CharField(blank=True, choices=[('AdviesBegeleiding', 'Advies en begeleiding'), ('Bewijs', 'Bewijs'), ('FinancieelVoordeel', 'Financieel voordeel'), ('FinancieleVerplichting', 'Financiële verplichting'), ('InfrastructuurMateriaal', 'Infrastructuur en materiaal'), ('Toelating', 'Toelating'), ('Voorwerp', 'Voorwerp')], help_text='Het type uit de Vlaamse productencatalogus (LPDC/IPDC): bewijs, toelating, financieel voordeel, ...', max_length=40, verbose_name='soort product'),
        ),
        migrations.AddField(
            model_name='theme',
            name='ipdc_theme',
            field=models.CharField(blank=True, choices=[('BurgerOverheid', 'Burger en Overheid'), ('CultuurSportVrijeTijd', 'Cultuur, Sport en Vrije Tijd'), ('EconomieWerk', 'Economie en Werk'), ('MilieuEnergie', 'Milieu en Energie'), ('MobiliteitOpenbareWerken', 'Mobiliteit en Openbare Werken'), ('OnderwijsWetenschap', 'Onderwijs en Wetenschap'), ('WelzijnGezondheid', 'Welzijn en Gezondheid'), ('BouwenWonen', 'Bouwen en Wonen')], help_text='Het thema van de Vlaamse productencatalogus (LPDC/IPDC) waaronder producten met dit thema vallen. Leeg: dit thema wordt niet doorgegeven.', max_length=40, verbose_name='IPDC-thema'),
        ),
        migrations.AlterField(
            model_name='contentpage',
            name='body',
            field=wagtail.fields.StreamField([('section', 3)], blank=True, block_lookup={0: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('intro', 'Inleiding'), ('what', 'Wat is het?'), ('who', 'Voor wie?'), ('how_to_apply', 'Hoe aanvragen?'), ('what_to_bring', 'Wat meebrengen?'), ('cost', 'Kostprijs'), ('lead_time', 'Termijn'), ('exceptions', 'Uitzonderingen'), ('financial_advantage', 'Financieel voordeel'), ('legal', 'Regelgeving'), ('other', 'Andere rubriek')], 'help_text': 'Kies de vaste rubriek. Kanalen gebruiken dit om rubrieken te herkennen.', 'label': 'Soort rubriek'}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': "Titel boven de rubriek, bv. 'Wat meebrengen?'. Leeg voor een inleiding.", 'label': 'Titel', 'max_length': 120, 'required': False}), 2: ('wagtail.blocks.TextBlock', (), {'help_text': "Markdown: lege regel tussen alinea's, '- ' voor opsommingen, '1. ' voor stappen, [tekst](https://...) voor links.", 'label': 'Tekst', 'rows': 8}), 3: ('wagtail.blocks.StructBlock', [[('kind', 0), ('heading', 1), ('text', 2)]], {})}, help_text='De uitleg in rubrieken: Wat is het, Voor wie, Hoe aanvragen, Wat meebrengen, ...', verbose_name='inhoud'),
        ),
        migrations.RunPython(forwards, backwards),
    ]

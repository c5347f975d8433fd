"""Vocabulary in English (``kennisbank.vocabulary``): audience codes, service point kinds and section kinds.

Data: every ``Audience.code``, every ``ServicePoint.kind`` and the ``kind`` of every body section, in the pages
*and* in their revisions (drafts, scheduled and old revisions keep working and compare cleanly). Reversible.
Afterwards the search index holds old audience codes until it is rebuilt: ``manage.py search_rebuild``
(``scripts/run.sh`` does it through ``setup_demo``; see docs/deployment.md, "Upgrading").
"""

import json

import wagtail.fields
from django.db import migrations, models

AUDIENCE = {"burger": "citizen", "ondernemer": "business", "vereniging": "association", "medewerker": "employee"}
SERVICE_POINT_KIND = {"snelbalie": "quick_counter", "themabalie": "theme_counter", "afspraak": "appointment",
                      "deelgemeente": "district", "andere": "other"}
SECTION_KIND = {"wat_is_het": "what", "voor_wie": "who", "hoe_aanvragen": "how_to_apply",
                "wat_meebrengen": "what_to_bring", "kostprijs": "cost", "termijn": "lead_time",
                "uitzonderingen": "exceptions", "overig": "other"}
CONTENT_MODELS = ("contentpage", "productpage", "fichepage")


def _blocks(raw):
    """The stream as a list of block dicts (StreamField values are stored as JSON text or as lists)."""
    if isinstance(raw, str):
        try:
            return json.loads(raw) if raw else []
        except ValueError:
            return None
    return raw if isinstance(raw, list) else None


def _rename_sections(raw, mapping):
    """Return (changed, new value) for one stored stream; the value keeps the stored type (text or list)."""
    blocks = _blocks(raw)
    if not blocks:
        return False, raw
    changed = False
    for block in blocks:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, dict) and value.get("kind") in mapping:
            value["kind"] = mapping[value["kind"]]
            changed = True
    if not changed:
        return False, raw
    return True, json.dumps(blocks) if isinstance(raw, str) else blocks


def _convert(apps, schema_editor, *, reverse: bool) -> None:
    db = schema_editor.connection.alias
    audience, kinds, sections = AUDIENCE, SERVICE_POINT_KIND, SECTION_KIND
    if reverse:
        audience, kinds, sections = ({v: k for k, v in m.items()} for m in (audience, kinds, sections))
    Audience = apps.get_model("kennisbank", "Audience")
    for old, new in audience.items():
        Audience.objects.using(db).filter(code=old).update(code=new)
    ServicePoint = apps.get_model("kennisbank", "ServicePoint")
    for old, new in kinds.items():
        ServicePoint.objects.using(db).filter(kind=old).update(kind=new)

    ContentPage = apps.get_model("kennisbank", "ContentPage")
    for page in ContentPage.objects.using(db).only("pk", "body").iterator():
        raw = json.loads(json.dumps(list(page.body.raw_data)))  # plain dicts, detached from the StreamValue
        changed, value = _rename_sections(raw, sections)
        if changed:
            ContentPage.objects.using(db).filter(pk=page.pk).update(body=value)

    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    type_ids = list(ContentType.objects.using(db).filter(app_label="kennisbank", model__in=CONTENT_MODELS)
                    .values_list("pk", flat=True))
    for revision in Revision.objects.using(db).filter(content_type_id__in=type_ids).iterator():
        content = revision.content
        if not isinstance(content, dict) or "body" not in content:
            continue
        changed, value = _rename_sections(content["body"], sections)
        if changed:
            content["body"] = value
            Revision.objects.using(db).filter(pk=revision.pk).update(content=content)


def forwards(apps, schema_editor):
    _convert(apps, schema_editor, reverse=False)


def backwards(apps, schema_editor):
    _convert(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):

    dependencies = [
        ('kennisbank', '0003_roles'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AlterField(
            model_name='audience',
            name='code',
            field=models.CharField(choices=[('citizen', 'Burger'), ('business', 'Ondernemer'), ('association', 'Vereniging'), ('employee', 'Medewerker')], help_text='Vaste code.', max_length=20, unique=True, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='contentpage',
            name='body',
            field=wagtail.fields.StreamField([('section', 3)], blank=True, block_lookup={0: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('intro', 'Inleiding'), ('what', 'Wat is het?'), ('who', 'Voor wie?'), ('how_to_apply', 'Hoe aanvragen?'), ('what_to_bring', 'Wat meebrengen?'), ('cost', 'Kostprijs'), ('lead_time', 'Termijn'), ('exceptions', 'Uitzonderingen'), ('other', 'Andere rubriek')], 'help_text': 'Kies de vaste rubriek. Kanalen gebruiken dit om rubrieken te herkennen.', 'label': 'Soort rubriek'}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': "Titel boven de rubriek, bv. 'Wat meebrengen?'. Leeg voor een inleiding.", 'label': 'Titel', 'max_length': 120, 'required': False}), 2: ('wagtail.blocks.TextBlock', (), {'help_text': "Markdown: lege regel tussen alinea's, '- ' voor opsommingen, '1. ' voor stappen, [tekst](https://...) voor links.", 'label': 'Tekst', 'rows': 8}), 3: ('wagtail.blocks.StructBlock', [[('kind', 0), ('heading', 1), ('text', 2)]], {})}, help_text='De uitleg in rubrieken: Wat is het, Voor wie, Hoe aanvragen, Wat meebrengen, ...', verbose_name='inhoud'),
        ),
        migrations.AlterField(
            model_name='servicepoint',
            name='kind',
            field=models.CharField(choices=[('quick_counter', 'Snelbalie'), ('theme_counter', 'Themabalie'), ('appointment', 'Op afspraak'), ('online', 'Online'), ('district', 'Deelgemeente'), ('other', 'Andere')], default='other', help_text='Soort dienstverlening.', max_length=20, verbose_name='soort'),
        ),
        migrations.RunPython(forwards, backwards),
    ]

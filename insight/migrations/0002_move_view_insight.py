"""Move the dashboard permission from the phone app (``kb_phone.view_insight``) to insight (``kb_insight``).

Every group and user that had the old permission gets the new one; then the old permission is deleted. Reversible
(the old permission is recreated with the same grants).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAME = "view_insight"


def _permission(apps, db, app_label, model, create_name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.using(db).filter(content_type__app_label=app_label, codename=CODENAME).first()
    if found is None and create_name:
        content_type, _ = ContentType.objects.using(db).get_or_create(app_label=app_label, model=model)
        found = Permission.objects.using(db).create(content_type_id=content_type.pk, codename=CODENAME,
                                                    name=create_name)
    return found


def _move(apps, schema_editor, source, target):
    db = schema_editor.connection.alias
    old = _permission(apps, db, *source)
    if old is None:
        return
    new = _permission(apps, db, *target, create_name=old.name)
    for group in old.group_set.using(db).all():
        group.permissions.add(new)
    User = apps.get_model("auth", "User")
    for user in User.objects.using(db).filter(user_permissions=old):
        user.user_permissions.add(new)
    old.delete()


def forwards(apps, schema_editor):
    config = apps.get_app_config("kb_insight")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    config.models_module = None
    _move(apps, schema_editor, ("kb_phone", "contentgap"), ("kb_insight", "insightaccess"))


def backwards(apps, schema_editor):
    _move(apps, schema_editor, ("kb_insight", "insightaccess"), ("kb_phone", "contentgap"))


class Migration(migrations.Migration):
    dependencies = [
        ("kb_insight", "0001_initial"),
        ("kb_phone", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

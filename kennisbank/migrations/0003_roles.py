"""Roles: the four role groups, and the core's own permission (reading internal items) for three of them.

The core knows only its own permissions; every other app registers its grants in ``AppConfig.ready()``
(``kennisbank.roles.grant``) and ``kennisbank.roles.ensure_roles`` assigns them idempotently after every migrate
(post_migrate). This migration therefore depends on no channel app.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators", "Operators", "Socialemediateam")
VIEW_INTERNAL_GROUPS = ("Editors", "Moderators", "Operators")


def create_roles(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Permissions are normally created after migrate; create the core's now.
    app_config = apps.get_app_config("kennisbank")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_internal = Permission.objects.using(alias).filter(
        content_type__app_label="kennisbank", codename="view_internal").first()
    for name in GROUPS:
        group, _ = Group.objects.using(alias).get_or_create(name=name)
        if view_internal is not None and name in VIEW_INTERNAL_GROUPS:
            group.permissions.add(view_internal)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=["Operators", "Socialemediateam"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank", "0002_readability_override"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

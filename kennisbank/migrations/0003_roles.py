"""Roles: the Operators and Socialemediateam groups, and internal read + insight for Editors and Moderators.

The same assignment runs idempotently after every migrate (``kennisbank.roles.ensure_roles`` via post_migrate),
which also adds permissions of apps migrated later (``kb_social.manage_social``).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Editors": ["kennisbank.view_internal", "kb_phone.view_insight", "kb_phone.change_contentgap",
                "kb_phone.view_contentgap"],
    "Moderators": ["kennisbank.view_internal", "kb_phone.view_insight", "kb_phone.change_contentgap",
                   "kb_phone.view_contentgap"],
    "Operators": ["kennisbank.view_internal"],
    "Socialemediateam": ["wagtailadmin.access_admin", "kb_social.manage_social"],
}


def create_roles(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Permissions are normally created after migrate; create the ones we assign now.
    for label in ("kennisbank", "kb_phone"):
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(alias).get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            permission = Permission.objects.using(alias).filter(
                content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=["Operators", "Socialemediateam"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank", "0002_readability_override"),
        ("kb_phone", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

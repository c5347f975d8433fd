"""Prepare a demo installation: site tree, logins, demo catalogue, service points and search index (idempotent).

Lives in the channels layer because it drives every layer below it (core tree and logins, the Markdown importer,
the search index). Prints the admin and operator logins. Passwords are generated once and kept in
``<KENNISBANK_DATA_DIR>/demo-logins.json`` (mode 600) so later runs print the same logins.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand

import kennisbank
from channels.demo import guides as demo_guides
from channels.demo import identity as demo_identity
from channels.demo import ipdc as demo_ipdc
from channels.demo import service_points as demo_service_points
from kennisbank.conf import kennisbank_settings
from kennisbank.models import Synonym
from kennisbank.roles import OPERATORS
from kennisbank.site_structure import ensure_site_structure

#: The demo catalogue in the exchange format (data of the core package).
DEMO_DIR = Path(kennisbank.__file__).resolve().parent / "demo_content"

#: Starter synonym groups (editors manage them as *Synoniemen* snippets afterwards).
DEMO_SYNONYMS = [
    "eID, identiteitskaart, ID-kaart, identiteitsbewijs",
    "reispas, paspoort",
    "containerpark, recyclagepark, stort",
    "omgevingsvergunning, bouwvergunning",
    "gemeentehuis, stadhuis",
    "uittreksel strafregister, bewijs van goed gedrag en zeden",
    "huisvuil, restafval",
]


def _logins_file() -> Path:
    return Path(kennisbank_settings.DATA_DIR) / "demo-logins.json"


def _load_or_create_logins() -> dict[str, str]:
    path = _logins_file()
    if path.exists():
        return json.loads(path.read_text())
    logins = {"admin": secrets.token_urlsafe(12), "onthaal": secrets.token_urlsafe(12)}
    path.write_text(json.dumps(logins))
    os.chmod(path, 0o600)
    return logins


class Command(BaseCommand):
    help = "Zet een demo-installatie klaar: paginaboom, logins, democatalogus en zoekindex."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-content", action="store_true", help="Laad de democatalogus niet.")

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_site_structure()
        demo_identity.apply()
        logins = _load_or_create_logins()
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username="admin", defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(logins["admin"])
            admin.save()
        operator, created = User.objects.get_or_create(username="onthaal", defaults={"email": "onthaal@example.org"})
        if created:
            operator.set_password(logins["onthaal"])
            operator.save()
            group = Group.objects.filter(name=OPERATORS).first()
            if group is not None:
                operator.groups.add(group)
            else:
                operator.user_permissions.add(
                    Permission.objects.get(content_type__app_label="kennisbank", codename="view_internal")
                )
        for terms in DEMO_SYNONYMS:
            Synonym.objects.get_or_create(terms=terms)
        if not options["no_content"] and DEMO_DIR.exists():
            demo_ipdc.apply()
            call_command("import_markdown", str(DEMO_DIR), stdout=self.stdout, stderr=self.stderr)
            demo_service_points.apply()
            demo_guides.apply()
        call_command("search_rebuild", stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(self.style.SUCCESS("\nDemo klaar. Aanmelden:"))
        self.stdout.write(f"  Beheer (Wagtail):  {settings.WAGTAILADMIN_BASE_URL}/admin/   "
                          f"gebruiker: admin     wachtwoord: {logins['admin']}")
        self.stdout.write(f"  Telefonisch onthaal: {settings.WAGTAILADMIN_BASE_URL}/onthaal/  "
                          f"gebruiker: onthaal   wachtwoord: {logins['onthaal']}")

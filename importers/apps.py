"""App configuration of the importers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportersConfig(AppConfig):
    name = "importers"
    label = "importers"
    verbose_name = _("Import en export")

"""``manage.py search_push_settings``: apply the search settings (synonyms from the snippet) to the backend."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search import service
from search.port import SearchError


class Command(BaseCommand):
    help = "Zet de zoekinstellingen (synoniemen) opnieuw in de zoekmachine."

    def handle(self, *args, **options) -> None:
        try:
            settings = service.push_settings()
        except SearchError as exc:
            raise CommandError(f"search_push_settings: {exc}") from exc
        self.stdout.write(f"Zoekinstellingen toegepast ({len(settings.synonyms)} synoniemgroepen, "
                          f"vingerafdruk {settings.fingerprint()}).")

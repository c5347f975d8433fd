"""``manage.py create_from_concept PRODUCTNUMMER``: a draft product from the IPDC concept with that product number.

The concepts must have been read first (``import_ipdc_concepts``). The product is a draft linked to the concept;
an editor adapts it to the municipality and publishes it. Exits non-zero with a Dutch message when the concept is
unknown, archived or already has a product.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from importers.ipdc_concepts import ConceptError, create_product


class Command(BaseCommand):
    help = "Maak een ontwerp-product van het IPDC-concept met dit productnummer."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("product_number", help="Het IPDC-productnummer, bv. 1502.")

    def handle(self, *args: Any, product_number: str, **options: Any) -> None:
        try:
            product = create_product(product_number)
        except ConceptError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(_("Ontwerp-product «%(title)s» (%(id)s) gemaakt; nog niet gepubliceerd.")
                                             % {"title": product.title, "id": product.external_id}))

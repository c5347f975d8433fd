"""Pause posts the moment their source is unpublished, turned internal or changed (Wagtail page signals)."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished


@receiver(page_published)
@receiver(page_unpublished)
def _recheck_social_posts(sender, instance, **kwargs) -> None:
    from .services import recheck_posts_for_page

    recheck_posts_for_page(instance.pk)

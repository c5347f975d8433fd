"""Message marking and translation for readability findings.

Contract:
- ``_`` is a no-op marker (returns its argument unchanged) so ``makemessages`` can collect the Dutch
  source strings while this package stays importable without Django settings.
- ``translate(message)`` returns Django's ``gettext(message)`` when Django settings are configured and
  the app registry is ready; otherwise it returns the message unchanged. Messages are always plain
  ``str`` (never lazy proxies) so reports stay JSON-serialisable.
"""

from __future__ import annotations


def _(message: str) -> str:
    """Mark a Dutch message for translation (no-op; see module docstring)."""
    return message


try:  # importing these does not configure Django or touch settings
    from django.apps import apps
    from django.conf import settings
except ImportError:  # pragma: no cover - Django is a project dependency
    apps = settings = None  # type: ignore[assignment]


def translate(message: str) -> str:
    """Translate ``message`` through Django's gettext when Django is ready, else return it unchanged."""
    if settings is None or not settings.configured or not apps.ready:
        return message
    from django.utils.translation import gettext

    return gettext(message)

"""A settings accessor per app, after Django REST framework's ``api_settings``.

Contract:
- An :class:`AppSettings` has *defaults* (every key it knows) and optional *validators* (key → function that
  returns the cleaned value or raises ``ValueError`` with a message). Values come from Django settings in one of
  two shapes:

  - ``AppSettings(defaults, setting="KENNISBANK_SEARCH")``: one dict setting (``KENNISBANK_SEARCH = {...}``);
    a key that is not in ``defaults`` is an error (typos never pass silently);
  - ``AppSettings(defaults, prefix="KENNISBANK_")``: one top-level setting per key (``KENNISBANK_<KEY>``).

- Attribute access (``search_settings.RESULT_CACHE_SECONDS``) returns the validated value; an unknown attribute
  raises ``AttributeError``. Values are cached until Django's ``setting_changed`` signal names the setting
  (``override_settings`` in tests); :func:`connect_reload` connects that receiver (from ``AppConfig.ready``).
- :meth:`AppSettings.check` validates every key at start-up and raises ``ImproperlyConfigured`` naming the
  setting, the key and the problem, so a bad configuration stops ``manage.py`` before it serves anything.
- The environment is read only in ``kennisbank/settings/``: accessors read Django settings, never the
  process environment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

Validator = Callable[[Any], Any]

_registry: list[AppSettings] = []


class AppSettings:
    """Validated, cached access to one app's settings (see the module docstring)."""

    def __init__(self, defaults: Mapping[str, Any], *, setting: str | None = None, prefix: str | None = None,
                 validators: Mapping[str, Validator] | None = None) -> None:
        if (setting is None) == (prefix is None):
            raise TypeError("AppSettings: give exactly one of setting= or prefix=")
        self._defaults = dict(defaults)
        self._setting = setting
        self._prefix = prefix
        self._validators = dict(validators or {})
        unknown = set(self._validators) - set(self._defaults)
        if unknown:
            raise TypeError(f"AppSettings: validators for unknown keys {sorted(unknown)}")
        self._cache: dict[str, Any] = {}
        _registry.append(self)

    # -- naming -------------------------------------------------------------------------------------------------
    def setting_name(self, key: str) -> str:
        """How ``key`` is written in Django settings, for error messages (``KENNISBANK_SEARCH['X']``)."""
        if self._setting is not None:
            return f"{self._setting}[{key!r}]"
        return f"{self._prefix}{key}"

    def names(self) -> set[str]:
        """The Django setting names this accessor reads (for the ``setting_changed`` receiver)."""
        if self._setting is not None:
            return {self._setting}
        return {f"{self._prefix}{key}" for key in self._defaults}

    # -- reading ------------------------------------------------------------------------------------------------
    def _user_dict(self) -> dict[str, Any]:
        from django.conf import settings

        assert self._setting is not None
        value = getattr(settings, self._setting, None)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise ImproperlyConfigured(f"{self._setting}: expected a dict, got {type(value).__name__}")
        unknown = sorted(set(value) - set(self._defaults))
        if unknown:
            raise ImproperlyConfigured(f"{self._setting}: unknown key(s) {', '.join(map(repr, unknown))} "
                                       f"(known: {', '.join(sorted(self._defaults))})")
        return dict(value)

    def _raw(self, key: str) -> Any:
        from django.conf import settings

        if self._setting is not None:
            return self._user_dict().get(key, self._defaults[key])
        return getattr(settings, f"{self._prefix}{key}", self._defaults[key])

    def _clean(self, key: str) -> Any:
        raw = self._raw(key)
        validator = self._validators.get(key)
        if validator is None:
            return raw
        try:
            return validator(raw)
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(f"{self.setting_name(key)}: {exc}") from exc

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_") or key not in self._defaults:
            raise AttributeError(f"unknown app setting {key!r}")
        if key not in self._cache:
            self._cache[key] = self._clean(key)
        return self._cache[key]

    def as_dict(self) -> dict[str, Any]:
        """Every key with its validated value."""
        return {key: getattr(self, key) for key in self._defaults}

    def check(self) -> None:
        """Validate every key now; raises ``ImproperlyConfigured`` naming the first bad one."""
        self.reload()
        if self._setting is not None:
            self._user_dict()
        for key in self._defaults:
            getattr(self, key)

    def reload(self) -> None:
        """Forget cached values (the next access reads Django settings again)."""
        self._cache.clear()


# -- validators -------------------------------------------------------------------------------------------------
def integer(minimum: int | None = None, maximum: int | None = None) -> Validator:
    """A whole number (also given as a string of digits) within the bounds."""
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(f"expected a whole number, got {value!r}")
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"expected a whole number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise ValueError(f"must be at least {minimum}, got {number}")
        if maximum is not None and number > maximum:
            raise ValueError(f"must be at most {maximum}, got {number}")
        return number
    return check


def number(minimum: float | None = None) -> Validator:
    """A number (int, float or numeric string) of at least ``minimum``."""
    def check(value: Any) -> float:
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {value!r}")
        try:
            result = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"expected a number, got {value!r}") from None
        if minimum is not None and result < minimum:
            raise ValueError(f"must be at least {minimum}, got {result}")
        return result
    return check


def text(value: Any) -> str:
    """A string (None becomes "")."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    return value


def text_list(value: Any) -> list[str]:
    """A list or tuple of strings."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"expected a list of strings, got {type(value).__name__}")
    if not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of strings")
    return list(value)


def url(value: Any) -> str:
    """An http(s) URL or "" (not configured); a trailing slash is dropped."""
    value = text(value).strip()
    if value and not value.startswith(("http://", "https://")):
        raise ValueError(f"expected an http:// or https:// URL, got {value!r}")
    return value.rstrip("/")


def _reload_on_change(setting: str, **kwargs: Any) -> None:
    for accessor in _registry:
        if setting in accessor.names():
            accessor.reload()


def connect_reload() -> None:
    """Connect the ``setting_changed`` receiver that reloads every accessor (idempotent; from ``ready()``)."""
    setting_changed.connect(_reload_on_change, dispatch_uid="kennisbank.appsettings.reload")
